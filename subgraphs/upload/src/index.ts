import { createLogger, runService } from '@cassette/common';

import { readUploadConfig } from './config';
import { buildUploadService } from './server';

runService('upload', () => {
  const config = readUploadConfig();
  const logger = createLogger('upload', config.log);
  return { logger, ...buildUploadService(config, logger) };
});
