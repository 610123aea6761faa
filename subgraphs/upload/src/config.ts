import {
  EnvReader,
  readServiceBaseConfig,
  type Env,
  type ServiceBaseConfig,
} from '@cassette/common';

/** What one upload may hold; each limit has its own variable. */
export interface UploadLimits {
  /** `CONTENT_MAX_BYTES`: content size in UTF-8 bytes. @default 1048576 (1 MiB) */
  maxContentBytes: number;
  /** `TAGS_MAX_COUNT`. @default 32 */
  maxTags: number;
  /** `TAG_MAX_CHARS`. @default 64 */
  maxTagChars: number;
  /** `METADATA_MAX_ENTRIES`. @default 32 */
  maxMetadataEntries: number;
  /** `METADATA_KEY_MAX_CHARS`. @default 64 */
  maxMetadataKeyChars: number;
  /** `METADATA_VALUE_MAX_CHARS`. @default 1024 */
  maxMetadataValueChars: number;
}

export interface UploadConfig extends ServiceBaseConfig {
  /** `UPLOAD_PORT`. @default 8001 */
  port: number;
  limits: UploadLimits;
  /** `ITEMS_BUCKET_SECONDS`: the time span of one listing partition. @default 86400 (a day) */
  bucketSeconds: number;
  /** `UPLOAD_MANY_CONCURRENCY`: items of one uploadMany written at once. @default 8 */
  writeConcurrency: number;
}

/** Reads and validates the upload subgraph's environment, once. */
export function readUploadConfig(env: Env = process.env): UploadConfig {
  const reader = new EnvReader(env);
  const count = (name: string, fallback: number, max: number) =>
    reader.int(name, fallback, { min: 0, max });

  const config: UploadConfig = {
    ...readServiceBaseConfig(reader, {
      variable: 'UPLOAD_PORT',
      fallback: 8001,
    }),
    limits: {
      maxContentBytes: reader.int('CONTENT_MAX_BYTES', 1_048_576, {
        min: 1,
        max: 16_777_216,
      }),
      maxTags: count('TAGS_MAX_COUNT', 32, 1_000),
      maxTagChars: count('TAG_MAX_CHARS', 64, 1_000),
      maxMetadataEntries: count('METADATA_MAX_ENTRIES', 32, 1_000),
      maxMetadataKeyChars: count('METADATA_KEY_MAX_CHARS', 64, 1_000),
      maxMetadataValueChars: count('METADATA_VALUE_MAX_CHARS', 1_024, 65_536),
    },
    bucketSeconds: reader.int('ITEMS_BUCKET_SECONDS', 86_400, {
      min: 1,
      max: 31_622_400,
    }),
    writeConcurrency: reader.int('UPLOAD_MANY_CONCURRENCY', 8, {
      min: 1,
      max: 100,
    }),
  };

  if (config.maxBodyBytes < config.limits.maxContentBytes) {
    reader.problem(
      `MAX_BODY_BYTES (${config.maxBodyBytes}) must be at least CONTENT_MAX_BYTES (${config.limits.maxContentBytes}), or the largest content could never arrive`,
    );
  }
  reader.done();
  return config;
}
