import { createLogger, runService } from '@cassette/common';

import { readGatewayConfig } from './config';
import { buildGatewayService } from './server';

runService('gateway', () => {
  const config = readGatewayConfig();
  const logger = createLogger('gateway', config.log);
  return { logger, ...buildGatewayService(config, logger) };
});
