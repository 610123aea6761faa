/**
 * `npm run schema:compose`: composes the subgraphs' SDL files into the
 * committed supergraph, the file the gateway can serve with SUPERGRAPH_PATH,
 * and writes the client-facing API schema beside it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../lib/services';
import {
  API_SCHEMA_PATH,
  apiSchemaFileOf,
  composeSupergraphFile,
  SUPERGRAPH_PATH,
} from './supergraph-file';

try {
  const supergraph = composeSupergraphFile(REPO_ROOT);
  writeFileSync(path.join(REPO_ROOT, SUPERGRAPH_PATH), supergraph);
  writeFileSync(
    path.join(REPO_ROOT, API_SCHEMA_PATH),
    apiSchemaFileOf(supergraph),
  );
  console.log(`wrote ${SUPERGRAPH_PATH} and ${API_SCHEMA_PATH}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
