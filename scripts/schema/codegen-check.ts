/**
 * `npm run codegen:check`: fails when the committed resolver types or the
 * typed client's operations are not what `npm run codegen` would write
 * today, or when an operation no longer fits the API schema.
 * `--root <dir>` checks another copy of the repository.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { REPO_ROOT } from '../lib/services';
import { findStaleGeneratedFiles } from './codegen-freshness';

async function main() {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = values.root ? path.resolve(values.root) : REPO_ROOT;

  const stale = await findStaleGeneratedFiles(root);
  if (stale.length === 0) {
    console.log(
      'generated resolver types and client operations are up to date',
    );
    return;
  }

  console.error('stale generated files: run npm run codegen');
  for (const file of stale) console.error(`  - ${file}`);
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
