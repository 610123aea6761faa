import type { EnvReader } from './env';

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
}

export function readServiceBaseConfig(env: EnvReader): ServiceBaseConfig {
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
  };
}

/** Reads a TCP port variable with its documented default. */
export function readPort(env: EnvReader, name: string, fallback: number) {
  return env.int(name, fallback, { min: 1, max: 65_535 });
}
