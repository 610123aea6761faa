/**
 * `npm run migrate`: applies pending CQL migrations and exits; what a
 * Kubernetes Job runs before the services roll out.
 */
import {
  createLogger,
  migrate,
  readLogConfig,
  EnvReader,
} from '@cassette/common';

import { ensureCassandra, reportFatal } from './lib/cassandra';

async function main() {
  const { config, node } = await ensureCassandra();
  const logger = createLogger('migrate', readLogConfig(new EnvReader()));

  try {
    const result = await migrate({ config, logger });
    const applied = result.applied.length
      ? `applied ${result.applied.join(', ')}`
      : 'nothing to apply';
    logger.info(
      { version: result.version },
      `schema at version ${result.version}: ${applied}`,
    );
  } finally {
    await node?.stop();
  }
}

main().catch(reportFatal);
