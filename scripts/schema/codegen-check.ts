/**
 * `npm run codegen:check`: fails when the committed resolver types are not
 * what `npm run codegen` would write from the subgraphs' SDL files today.
 */
import { REPO_ROOT } from '../lib/services';
import { findStaleGeneratedFiles } from './codegen-freshness';

async function main() {
  const stale = await findStaleGeneratedFiles(REPO_ROOT);
  if (stale.length === 0) {
    console.log('generated resolver types are up to date');
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
