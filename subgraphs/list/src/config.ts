import {
  EnvReader,
  readCassandraConfig,
  readLogConfig,
  readPort,
  readServiceBaseConfig,
  type CassandraConfig,
  type Env,
  type LogConfig,
  type ServiceBaseConfig,
} from '@cassette/common';

export interface ListConfig extends ServiceBaseConfig {
  /** `LIST_PORT`. @default 8002 */
  port: number;
  log: LogConfig;
  cassandra: CassandraConfig;
  /** `CURSOR_SECRET`: signs page cursors; at least 32 characters, the same on every replica. Required. */
  cursorSecret: string;
  /** `MAX_BODY_BYTES`: the largest request body accepted. @default 4194304 (4 MiB) */
  maxBodyBytes: number;
}

export const MIN_SECRET_LENGTH = 32;

/** Reads and validates the list subgraph's environment, once. */
export function readListConfig(env: Env = process.env): ListConfig {
  const reader = new EnvReader(env);
  const cursorSecret = reader.required(
    'CURSOR_SECRET',
    `a random string of at least ${MIN_SECRET_LENGTH} characters, the same on every list replica (for example the output of: openssl rand -hex 32)`,
  );
  if (cursorSecret && cursorSecret.length < MIN_SECRET_LENGTH) {
    reader.problem(
      `CURSOR_SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${cursorSecret.length}`,
    );
  }

  const config: ListConfig = {
    ...readServiceBaseConfig(reader),
    port: readPort(reader, 'LIST_PORT', 8002),
    log: readLogConfig(reader),
    cassandra: readCassandraConfig(reader),
    cursorSecret,
    maxBodyBytes: reader.int('MAX_BODY_BYTES', 4_194_304, {
      min: 1_024,
      max: 268_435_456,
    }),
  };

  reader.done();
  return config;
}
