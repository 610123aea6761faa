import { setTimeout as sleep } from 'node:timers/promises';

import { migrate, type CassandraConfig, type Logger } from '@cassette/common';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;

/**
 * Applies pending migrations, retrying with backoff while Cassandra is not
 * there yet, until it succeeds or `signal` aborts. Readiness stays false
 * meanwhile, because the schema check fails until the last one is applied.
 */
export async function migrateUntilDone(
  config: CassandraConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  let delayMs = FIRST_RETRY_MS;

  while (!signal.aborted) {
    try {
      const result = await migrate({ config, logger });
      logger.info(
        { version: result.version, applied: result.applied },
        'schema ready',
      );
      return;
    } catch (error) {
      logger.warn(
        { err: error, retryInMs: delayMs },
        'could not bring the schema up to date; retrying',
      );
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
    }
  }
}
