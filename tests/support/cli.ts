import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/services';

/** The installed command, as `npx cassette` runs it. */
export const CASSETTE_BIN = path.join(REPO_ROOT, 'node_modules/.bin/cassette');

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Written to standard input, which is then closed. */
  input?: string | Buffer;
  cwd?: string;
  /** The command to run. @default CASSETTE_BIN */
  bin?: string;
}

/** Starts the real command in a process of its own. */
export function spawnCli(args: string[], options: CliOptions = {}) {
  const child = spawn(options.bin ?? CASSETTE_BIN, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: 'pipe',
  });
  child.stdin.end(options.input ?? '');
  return child;
}

/** Collects what a started command writes until it exits. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) =>
      resolve({ status, signal, stdout, stderr }),
    );
  });
}

/** Runs the real command to its end. */
export function runCli(args: string[], options: CliOptions = {}) {
  return finished(spawnCli(args, options));
}
