import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Item } from '@cassette/client';

import { runCli, type CliOptions } from './support/cli';
import { installCliPackage } from './support/packages';
import { startStack, type Stack } from './support/stack';

describe('the installable cassette package', () => {
  let stack: Stack;
  let scratch: string;
  let prefix: string;
  let options: CliOptions;

  beforeAll(async () => {
    stack = await startStack();
    scratch = mkdtempSync(path.join(tmpdir(), 'cassette-package-'));
    prefix = await installCliPackage(scratch);

    // Run from a folder outside the checkout, so nothing resolves there.
    const elsewhere = path.join(scratch, 'elsewhere');
    mkdirSync(elsewhere);
    const token = await stack.createKey({
      tenant: 'cli-package',
      scopes: ['items:read', 'items:write'],
      name: 'installed command test',
    });
    options = {
      bin: path.join(prefix, 'bin', 'cassette'),
      cwd: elsewhere,
      env: { CASSETTE_URL: stack.gatewayUrl, CASSETTE_TOKEN: token },
    };
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('installs as a launcher and one bundled file, with no dependencies', () => {
    const installed = path.join(prefix, 'lib/node_modules/@cassette/cli');
    const manifest = JSON.parse(
      readFileSync(path.join(installed, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;

    expect(readdirSync(installed).sort()).toEqual([
      'bin',
      'dist',
      'package.json',
    ]);
    expect(readdirSync(path.join(installed, 'dist'))).toEqual(['cassette.cjs']);
    expect(manifest.dependencies).toBeUndefined();
  });

  it('uploads, lists and gets from outside the checkout', async () => {
    const content = `installed ${Date.now()} "quotes" ✓`;

    const uploaded = await runCli(['upload', content, '--json'], options);
    const { item } = JSON.parse(uploaded.stdout) as { item: Item };
    const got = await runCli(['get', item.id, '--content'], options);
    const listed = await runCli(['list', '--json'], options);

    expect(uploaded).toMatchObject({ status: 0, stderr: '' });
    expect(got).toMatchObject({ status: 0, stdout: content });
    expect(listed.status).toBe(0);
    expect((JSON.parse(listed.stdout) as Item[]).map(({ id }) => id)).toContain(
      item.id,
    );
  });

  it('shows the same help as the command in the checkout', async () => {
    const installed = await runCli(['import', '--help'], options);
    const fromCheckout = await runCli(['import', '--help']);

    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain('cassette import');
    expect(installed.stdout).toBe(fromCheckout.stdout);
  });

  it('says that keys runs from the checkout, and exits 1', async () => {
    const result = await runCli(['keys', 'list'], options);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run npm run keys');
  });
});
