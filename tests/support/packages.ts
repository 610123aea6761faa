import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../../scripts/lib/services';

const run = promisify(execFile);

// npm is kept off the network: what a package needs must come from the
// tarball, or from a folder given beside it.
const OFFLINE = ['--offline', '--no-audit', '--no-fund'];

function tarballIn(folder: string, prefix: string): string {
  const [tarball] = readdirSync(folder).filter(
    (file) => file.startsWith(prefix) && file.endsWith('.tgz'),
  );
  if (!tarball) throw new Error(`no ${prefix}*.tgz in ${folder}`);
  return path.join(folder, tarball);
}

/**
 * Packs the command as `npm run pack:cli` does, into `folder`, and
 * installs the tarball globally under `folder/prefix`. Resolves with the
 * prefix; the command is `prefix/bin/cassette`.
 */
export async function installCliPackage(folder: string): Promise<string> {
  await run(
    'npm',
    ['pack', '--workspace', 'packages/cli', '--pack-destination', folder],
    { cwd: REPO_ROOT },
  );

  const prefix = path.join(folder, 'prefix');
  await run(
    'npm',
    ['install', '--global', '--prefix', prefix, ...OFFLINE].concat(
      tarballIn(folder, 'cassette-cli-'),
    ),
    { cwd: folder },
  );
  return prefix;
}

/**
 * Packs the typed client as `npm run pack:client` does, into `folder`, and
 * installs it in a new app at `folder/app`, as an app outside this
 * repository would. Its one dependency, type declarations only, comes from
 * this repository's node_modules instead of a registry. Resolves with the
 * app's folder.
 */
export async function installClientPackage(folder: string): Promise<string> {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  await run(tsx, ['scripts/build-client.ts', '--pack-destination', folder], {
    cwd: REPO_ROOT,
  });

  const app = path.join(folder, 'app');
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'client-app', private: true }),
  );
  const typesOnly = path.join(
    REPO_ROOT,
    'node_modules/@graphql-typed-document-node/core',
  );
  // Its peer, graphql, is for apps that build documents themselves.
  await run(
    'npm',
    ['install', ...OFFLINE, '--legacy-peer-deps'].concat(
      tarballIn(folder, 'cassette-client-'),
      typesOnly,
    ),
    { cwd: app },
  );
  return app;
}
