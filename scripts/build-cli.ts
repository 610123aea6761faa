// Bundles the cassette command into packages/cli/dist/cassette.cjs: the
// command, the typed client and nothing else, for Node 20 and later. npm
// runs it before it packs packages/cli (its prepack script), so the package
// that `npm run pack:cli` writes installs with no dependencies at all.
import path from 'node:path';

import { build } from 'esbuild';

import { REPO_ROOT } from './lib/services';

const CLI_ROOT = path.join(REPO_ROOT, 'packages/cli');
const CLI_BUNDLE = path.join(CLI_ROOT, 'dist/cassette.cjs');

async function buildCli(): Promise<void> {
  const result = await build({
    entryPoints: [path.join(CLI_ROOT, 'src/main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `keys` needs the checkout's database code; the command says so when
    // it cannot find it.
    external: ['*/scripts/lib/keys-command'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });

  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  console.log(
    `built ${path.relative(REPO_ROOT, CLI_BUNDLE)} (${Math.round(bytes / 1024)} kB)`,
  );
}

buildCli().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
