// `npm run pack:client`: builds @cassette/client for apps outside this
// repository and packs it as dist/cassette-client-<version>.tgz. The
// package holds an ES module and a CommonJS build of the same bundle, and
// the type declarations; the workspace package keeps serving its source.
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';

import { build, type Format } from 'esbuild';
import ts from 'typescript';

import { REPO_ROOT } from './lib/services';

const CLIENT_ROOT = path.join(REPO_ROOT, 'packages/client');

interface SourceManifest {
  name: string;
  version: string;
  description: string;
  license: string;
  dependencies?: Record<string, string>;
}

async function bundle(outDir: string, format: Format, file: string) {
  await build({
    entryPoints: [path.join(CLIENT_ROOT, 'src/index.ts')],
    outfile: path.join(outDir, file),
    bundle: true,
    // Neither Node nor the browser: fetch and AbortController only.
    platform: 'neutral',
    format,
    target: 'es2020',
    external: ['@graphql-typed-document-node/core'],
    logLevel: 'warning',
  });
}

// The declarations come from the client's own tsconfig, the one that
// checks it against browser types alone.
function declarations(outDir: string): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(CLIENT_ROOT, 'tsconfig.json'),
    {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      outDir: path.join(outDir, 'types'),
      rootDir: path.join(CLIENT_ROOT, 'src'),
    },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('could not read packages/client/tsconfig.json');

  const program = ts.createProgram(config.fileNames, config.options);
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) {
    throw new Error(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (name) => name,
        getCurrentDirectory: () => REPO_ROOT,
        getNewLine: () => '\n',
      }),
    );
  }
}

function manifest(source: SourceManifest) {
  const types = './types/index.d.ts';
  return {
    name: source.name,
    version: source.version,
    description: source.description,
    license: source.license,
    main: './index.cjs',
    module: './index.mjs',
    types,
    exports: {
      '.': {
        types,
        import: './index.mjs',
        require: './index.cjs',
      },
    },
    sideEffects: false,
    dependencies: source.dependencies ?? {},
  };
}

async function packClient(destination: string): Promise<string> {
  const source = JSON.parse(
    readFileSync(path.join(CLIENT_ROOT, 'package.json'), 'utf8'),
  ) as SourceManifest;
  const outDir = mkdtempSync(path.join(tmpdir(), 'cassette-client-'));
  try {
    await bundle(outDir, 'esm', 'index.mjs');
    await bundle(outDir, 'cjs', 'index.cjs');
    declarations(outDir);
    writeFileSync(
      path.join(outDir, 'package.json'),
      `${JSON.stringify(manifest(source), null, 2)}\n`,
    );

    mkdirSync(destination, { recursive: true });
    const { stdout } = await promisify(execFile)(
      'npm',
      ['pack', outDir, '--pack-destination', destination],
      { cwd: REPO_ROOT },
    );
    return path.join(destination, stdout.trim().split('\n').at(-1)!);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: { 'pack-destination': { type: 'string' } },
});
packClient(path.resolve(values['pack-destination'] ?? 'dist')).then(
  (tarball) => console.log(`packed ${path.relative(process.cwd(), tarball)}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
