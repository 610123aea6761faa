import {
  EnvReader,
  readCassandraConfig,
  readLogConfig,
  readPort,
  readServiceBaseConfig,
  readSigningConfig,
  type CassandraConfig,
  type Env,
  type LogConfig,
  type ServiceBaseConfig,
  type SigningConfig,
} from '@cassette/common';

export interface ListConfig extends ServiceBaseConfig {
  /** `LIST_PORT`. @default 8002 */
  port: number;
  log: LogConfig;
  cassandra: CassandraConfig;
  /** `CURSOR_SECRET`: signs page cursors; at least 32 characters, the same on every replica. Required. */
  cursorSecret: string;
  signing: SigningConfig;
}

/** Reads and validates the list subgraph's environment, once. */
export function readListConfig(env: Env = process.env): ListConfig {
  const reader = new EnvReader(env);
  const cursorSecret = reader.secret(
    'CURSOR_SECRET',
    'it signs page cursors, so set the same value on every list replica',
  );

  const config: ListConfig = {
    ...readServiceBaseConfig(reader),
    port: readPort(reader, 'LIST_PORT', 8002),
    log: readLogConfig(reader),
    cassandra: readCassandraConfig(reader),
    cursorSecret,
    signing: readSigningConfig(reader),
  };

  reader.done();
  return config;
}
