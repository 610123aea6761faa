import pino from 'pino';
import pretty from 'pino-pretty';

import type { EnvReader } from '../config/env';

export type Logger = pino.Logger;

export const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  /** `LOG_LEVEL`. @default info */
  level: LogLevel;
  /** `LOG_FORMAT`: `json`, or `pretty` for people. @default pretty on a terminal, json otherwise */
  format: 'json' | 'pretty';
}

export function readLogConfig(env: EnvReader): LogConfig {
  return {
    level: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    format: env.oneOf(
      'LOG_FORMAT',
      ['json', 'pretty'] as const,
      process.stdout.isTTY ? 'pretty' : 'json',
    ),
  };
}

// Anything that may carry a credential is replaced before a line is written,
// wherever it sits in the logged object.
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'credentials',
  '*.credentials',
];

/** The root logger of one service; requests get child loggers. */
export function createLogger(service: string, config: LogConfig): Logger {
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (config.format === 'json') return pino(options);

  // Synchronous pretty printing keeps log order exact and needs no worker.
  const stream = pretty({
    colorize: true,
    sync: true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino(options, stream);
}
