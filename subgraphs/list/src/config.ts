import {
  EnvReader,
  readServiceBaseConfig,
  type Env,
  type ServiceBaseConfig,
} from '@cassette/common';

export interface ListConfig extends ServiceBaseConfig {
  /** `LIST_PORT`. @default 8002 */
  port: number;
  /** `CURSOR_SECRET`: signs page cursors; at least 32 characters, the same on every replica. Required. */
  cursorSecret: string;
}

/** Reads and validates the list subgraph's environment, once. */
export function readListConfig(env: Env = process.env): ListConfig {
  const reader = new EnvReader(env);
  const cursorSecret = reader.secret(
    'CURSOR_SECRET',
    'it signs page cursors, so set the same value on every list replica',
  );

  const config: ListConfig = {
    ...readServiceBaseConfig(reader, { variable: 'LIST_PORT', fallback: 8002 }),
    cursorSecret,
  };

  reader.done();
  return config;
}
