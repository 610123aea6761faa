import { createLogger, runService } from '@cassette/common';

import { readListConfig } from './config';
import { buildListService } from './server';

runService('list', () => {
  const config = readListConfig();
  const logger = createLogger('list', config.log);
  return { logger, ...buildListService(config, logger) };
});
