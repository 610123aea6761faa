import { execFile } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../scripts/lib/services';
import { installClientPackage } from './support/packages';
import { startStack, type Stack } from './support/stack';

const run = promisify(execFile);

// The same small app twice, once as an ES module and once as CommonJS:
// it uploads the text it is given, reads it back, finds it on the first
// page, and shows the code of a refused token.
const APP_BODY = `
const [url, token, content] = process.argv.slice(2);
const client = new CassetteClient({ url, token });
const { item, created } = await client.upload({ content });
const again = await client.item(item.id);
const page = await client.itemsPage({ first: 5 });
let refused;
try {
  await new CassetteClient({ url, token: 'not-a-key' }).itemsPage({});
} catch (error) {
  refused = error instanceof CassetteClientError && error.code;
}
console.log(JSON.stringify({
  created,
  content: again.content,
  listed: page.edges.some((edge) => edge.node.id === item.id),
  refused,
}));
`;

const ESM_APP = `import { CassetteClient, CassetteClientError } from '@cassette/client';
${APP_BODY}`;

const CJS_APP = `const { CassetteClient, CassetteClientError } = require('@cassette/client');
(async () => {
${APP_BODY}
})();`;

// Checked with the library checks on: the declarations must compile, and
// each expected error must happen, which it would not if the types were
// lost to `any`.
const TYPED_APP = `import { CassetteClient, type Item, type UploadResult } from '@cassette/client';

export async function newest(client: CassetteClient): Promise<string | undefined> {
  const page = await client.itemsPage({ first: 1 });
  const first: Item | undefined = page.edges[0]?.node;
  return first?.sha256;
}

export async function store(client: CassetteClient): Promise<UploadResult> {
  // @ts-expect-error content is a string
  await client.upload({ content: 42 });
  const stored = await client.upload({ content: 'typed' });
  // @ts-expect-error an item has no such field
  void stored.item.title;
  return stored;
}
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['typed.mts'],
};

describe('the packed typed client, installed in an app outside the repo', () => {
  let stack: Stack;
  let scratch: string;
  let app: string;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    scratch = mkdtempSync(path.join(tmpdir(), 'cassette-client-package-'));
    app = await installClientPackage(scratch);
    token = await stack.createKey({
      tenant: 'client-package',
      scopes: ['items:read', 'items:write'],
      name: 'packed client test',
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds two builds and the declarations, with one types-only dependency', () => {
    const installed = path.join(app, 'node_modules/@cassette/client');
    const manifest = JSON.parse(
      readFileSync(path.join(installed, 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };

    expect(Object.keys(manifest.dependencies)).toEqual([
      '@graphql-typed-document-node/core',
    ]);
    expect(readdirSync(installed).sort()).toEqual([
      'index.cjs',
      'index.mjs',
      'package.json',
      'types',
    ]);
  });

  it.each([
    ['an ES module', 'app.mjs', ESM_APP],
    ['CommonJS', 'app.cjs', CJS_APP],
  ])('works from %s against the real stack', async (_kind, file, source) => {
    writeFileSync(path.join(app, file), source);
    const content = `packed client ${file} ${Date.now()} ✓`;

    const { stdout } = await run(
      process.execPath,
      [file, stack.gatewayUrl, token, content],
      { cwd: app },
    );

    expect(JSON.parse(stdout)).toEqual({
      created: true,
      content,
      listed: true,
      refused: 'UNAUTHENTICATED',
    });
  });

  it('gives a TypeScript app the typed results, checked by tsc', async () => {
    writeFileSync(path.join(app, 'typed.mts'), TYPED_APP);
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

    const checked = await run(process.execPath, [tsc, '-p', app], {
      cwd: app,
    }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({
        code: error.code,
        output: error.stdout,
      }),
    );

    expect(checked).toEqual({ code: 0, output: '' });
  });
});
