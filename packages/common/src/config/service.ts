import { readCassandraConfig, type CassandraConfig } from '../cassandra/config';
import { readLogConfig, type LogConfig } from '../logging/logger';
import type { EnvReader } from './env';
import { readSigningConfig, type SigningConfig } from './signing';

export type RunMode = 'development' | 'production' | 'test';

/** Settings every Cassette process reads the same way. */
export interface ServiceBaseConfig {
  /** `NODE_ENV`; production hides internals from clients. @default development */
  mode: RunMode;
  /** `BIND_HOST`: the address the HTTP server listens on. @default 127.0.0.1 */
  host: string;
  /** `SHUTDOWN_GRACE_MS`: how long in-flight requests may finish after SIGTERM. @default 10000 */
  shutdownGraceMs: number;
  /** `MAX_BODY_BYTES`: the largest request body accepted. @default 4194304 (4 MiB) */
  maxBodyBytes: number;
  /** The service's own port variable: `GATEWAY_PORT`, `UPLOAD_PORT` or `LIST_PORT`. */
  port: number;
  log: LogConfig;
  cassandra: CassandraConfig;
  /** Signs (gateway) or checks (subgraphs) every subgraph request. */
  signing: SigningConfig;
}

/** The port variable a service listens on, and its documented default. */
export interface PortSetting {
  variable: string;
  fallback: number;
}

export function readServiceBaseConfig(
  env: EnvReader,
  port: PortSetting,
): ServiceBaseConfig {
  return {
    mode: env.oneOf(
      'NODE_ENV',
      ['development', 'production', 'test'] as const,
      'development',
    ),
    host: env.str('BIND_HOST', '127.0.0.1'),
    shutdownGraceMs: env.int('SHUTDOWN_GRACE_MS', 10_000, {
      min: 0,
      max: 600_000,
    }),
    maxBodyBytes: env.int('MAX_BODY_BYTES', 4_194_304, {
      min: 1_024,
      max: 268_435_456,
    }),
    port: env.int(port.variable, port.fallback, { min: 1, max: 65_535 }),
    log: readLogConfig(env),
    cassandra: readCassandraConfig(env),
    signing: readSigningConfig(env),
  };
}
