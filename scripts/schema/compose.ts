/**
 * `npm run schema:compose`: composes the subgraphs' SDL files into the
 * committed supergraph, the file the gateway can serve with SUPERGRAPH_PATH.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../lib/services';
import { composeSupergraphFile, SUPERGRAPH_PATH } from './supergraph-file';

try {
  writeFileSync(
    path.join(REPO_ROOT, SUPERGRAPH_PATH),
    composeSupergraphFile(REPO_ROOT),
  );
  console.log(`wrote ${SUPERGRAPH_PATH}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
