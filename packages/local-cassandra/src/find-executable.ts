import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Env } from './options';

/** The first executable file called `name` in the folders of `env.PATH`. */
export function findOnPath(name: string, env: Env): string | undefined {
  const folders = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return folders
    .map((folder) => path.resolve(folder, name))
    .find(isExecutableFile);
}

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
