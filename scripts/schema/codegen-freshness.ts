import { readFileSync } from 'node:fs';
import path from 'node:path';

import { generate } from '@graphql-codegen/cli';
import * as prettier from 'prettier';

import codegenConfig from './codegen';

interface GeneratedFile {
  /** Relative to the repo root, as the codegen config names it. */
  filename: string;
  content: string;
}

/**
 * The generated files whose committed text differs from a fresh generation,
 * relative to `root`. Nothing is written: the output is formatted in memory
 * the way the config's prettier hook formats it on disk.
 */
export async function findStaleGeneratedFiles(root: string): Promise<string[]> {
  const outputs: GeneratedFile[] = await generate(
    { ...codegenConfig, cwd: root, silent: true },
    false,
  );

  const stale: string[] = [];
  for (const output of outputs) {
    const filePath = path.resolve(root, output.filename);
    const options = await prettier.resolveConfig(filePath);
    const expected = await prettier.format(output.content, {
      ...options,
      filepath: filePath,
    });

    if (readIfExists(filePath) !== expected) stale.push(output.filename);
  }
  return stale;
}

function readIfExists(filePath: string): string | undefined {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
