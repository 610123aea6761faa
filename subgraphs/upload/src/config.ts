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

export interface UploadConfig extends ServiceBaseConfig {
  /** `UPLOAD_PORT`. @default 8001 */
  port: number;
  log: LogConfig;
  cassandra: CassandraConfig;
  /** `CONTENT_MAX_BYTES`: the largest content accepted, in UTF-8 bytes. @default 1048576 (1 MiB) */
  maxContentBytes: number;
  /** `ITEMS_BUCKET_HOURS`: the time span of one listing partition. @default 24 */
  bucketHours: number;
  /** `MAX_BODY_BYTES`: the largest request body accepted. @default 4194304 (4 MiB) */
  maxBodyBytes: number;
}

/** Reads and validates the upload subgraph's environment, once. */
export function readUploadConfig(env: Env = process.env): UploadConfig {
  const reader = new EnvReader(env);
  const config: UploadConfig = {
    ...readServiceBaseConfig(reader),
    port: readPort(reader, 'UPLOAD_PORT', 8001),
    log: readLogConfig(reader),
    cassandra: readCassandraConfig(reader),
    maxContentBytes: reader.int('CONTENT_MAX_BYTES', 1_048_576, {
      min: 1,
      max: 16_777_216,
    }),
    bucketHours: reader.int('ITEMS_BUCKET_HOURS', 24, { min: 1, max: 8_760 }),
    maxBodyBytes: reader.int('MAX_BODY_BYTES', 4_194_304, {
      min: 1_024,
      max: 268_435_456,
    }),
  };

  if (config.maxBodyBytes < config.maxContentBytes) {
    reader.problem(
      `MAX_BODY_BYTES (${config.maxBodyBytes}) must be at least CONTENT_MAX_BYTES (${config.maxContentBytes}), or the largest content could never arrive`,
    );
  }
  reader.done();
  return config;
}
