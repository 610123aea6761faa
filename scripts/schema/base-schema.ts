import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { SUPERGRAPH_PATH } from './supergraph-file';

/** Where the supergraph to compare against comes from. */
export type BaseSource = { ref: string } | { file: string };

/**
 * The base supergraph, or why there is none to compare with: a first
 * commit, a shallow clone, or a ref from before the file was committed.
 */
export type BaseSchema =
  | { found: true; label: string; sdl: string }
  | { found: false; reason: string };

/** Loads the base supergraph; a missing ref or file is not an error. */
export function loadBaseSchema(source: BaseSource, root: string): BaseSchema {
  if ('file' in source) return loadFromFile(source.file);
  return loadFromRef(source.ref, root);
}

function loadFromFile(file: string): BaseSchema {
  try {
    return { found: true, label: file, sdl: readFileSync(file, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { found: false, reason: `base file ${file} does not exist` };
  }
}

function loadFromRef(ref: string, root: string): BaseSchema {
  if (!git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root).ok) {
    return {
      found: false,
      reason: `git ref ${ref} does not exist here (a first commit or a shallow clone?)`,
    };
  }

  const object = `${ref}:${SUPERGRAPH_PATH}`;
  if (!git(['cat-file', '-e', object], root).ok) {
    return {
      found: false,
      reason: `${SUPERGRAPH_PATH} was not committed yet at ${ref}`,
    };
  }

  const shown = git(['show', object], root);
  if (!shown.ok) throw new Error(`git show ${object} failed: ${shown.stderr}`);
  return { found: true, label: object, sdl: shown.stdout };
}

function git(args: string[], cwd: string) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`Cannot run git: ${result.error.message}`);
  }
  return {
    ok: result.status === 0,
    stdout: result.stdout,
    stderr: result.stderr.trim(),
  };
}
