import type { AddressInfo } from 'node:net';

import { ConfigError } from '../config/env';
import type { Logger } from '../logging/logger';
import type { GraphQLService } from './graphql-service';

export interface RunnableService {
  logger: Logger;
  service: Pick<GraphQLService, 'shell' | 'stop'>;
  start: () => Promise<AddressInfo>;
}

/** Exit code for a configuration a person must fix before retrying. */
export const EXIT_BAD_CONFIG = 2;

/**
 * The body of every service's `index.ts`: build from the environment, stop
 * cleanly on SIGTERM or SIGINT, and exit with a clear message when the
 * configuration is wrong or the service cannot start.
 */
export function runService(name: string, build: () => RunnableService): void {
  let runnable: RunnableService;
  try {
    runnable = build();
  } catch (error) {
    // No logger exists yet when the configuration itself is wrong.
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(EXIT_BAD_CONFIG);
    }
    throw error;
  }

  const { logger, service, start } = runnable;
  service.shell.stopOnSignals(() => service.stop());
  start().catch((error: unknown) => {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  });
}
