import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { UsageError } from '../exit-codes';
import { collectFiles } from './files';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cassette-files-'));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  write('docs/b.md', 'bb');
  write('docs/a.md', 'a');
  write('docs/guide/c.txt', 'ccc');
  write('docs/.git/config', 'hidden');
  write('docs/.env', 'hidden');
  write('single.txt', 'single');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('collectFiles', () => {
  it('walks folders in a stable order, relative to the folder, skipping hidden entries', async () => {
    const files = await collectFiles(['docs'], root);

    expect(files.map((file) => file.relativePath)).toEqual([
      'a.md',
      'b.md',
      'guide/c.txt',
    ]);
    expect(files.map((file) => file.size)).toEqual([1, 2, 3]);
  });

  it('names a file given by itself by its own name', async () => {
    const [file] = await collectFiles(['single.txt'], root);

    expect(file).toEqual({
      absolutePath: path.join(root, 'single.txt'),
      relativePath: 'single.txt',
      size: 6,
    });
  });

  it('refuses a path that does not exist, naming it', async () => {
    await expect(collectFiles(['missing'], root)).rejects.toThrow(UsageError);
    await expect(collectFiles(['missing'], root)).rejects.toThrow(
      'missing does not exist',
    );
  });
});
