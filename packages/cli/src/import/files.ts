import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { UsageError } from '../exit-codes';

/** A file to import and the path it is known by in Cassette. */
export interface ImportFile {
  absolutePath: string;
  /**
   * Relative to the folder it was found in, or the file's name when it was
   * named itself, with `/` separators; kept as metadata "path".
   */
  relativePath: string;
  size: number;
}

/**
 * The files named, and every file under the folders named, in a stable
 * order. Hidden files and folders (a leading dot, such as .git) are left
 * out, and symbolic links to folders are not followed, so a walk always
 * ends.
 */
export async function collectFiles(
  args: readonly string[],
  cwd: string,
): Promise<ImportFile[]> {
  const files: ImportFile[] = [];
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    const stats = await stat(absolute).catch(() => {
      throw new UsageError(`${arg} does not exist or cannot be read.`);
    });

    if (stats.isDirectory()) {
      await walk(absolute, absolute, files);
    } else if (stats.isFile()) {
      files.push({
        absolutePath: absolute,
        relativePath: path.basename(absolute),
        size: stats.size,
      });
    } else {
      throw new UsageError(`${arg} is neither a file nor a folder.`);
    }
  }
  return files;
}

async function walk(root: string, folder: string, into: ImportFile[]) {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const absolute = path.join(folder, entry.name);

    if (entry.isDirectory()) {
      await walk(root, absolute, into);
      continue;
    }
    const stats = await stat(absolute).catch(() => undefined);
    if (!stats?.isFile()) continue;
    into.push({
      absolutePath: absolute,
      relativePath: path.relative(root, absolute).split(path.sep).join('/'),
      size: stats.size,
    });
  }
}
