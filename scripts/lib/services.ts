import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

/** Cassette's three processes, in the order they start. */
export const SERVICES = [
  { name: 'upload', entry: 'subgraphs/upload/src/index.ts' },
  { name: 'list', entry: 'subgraphs/list/src/index.ts' },
  { name: 'gateway', entry: 'gateway/src/index.ts' },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  /** `inherit` shares the terminal; `pipe` lets a test read the logs. */
  stdio: 'inherit' | 'pipe';
}

/**
 * Starts one service in its own process group, so a Ctrl-C in the terminal
 * reaches only the supervisor, which then stops each service in order.
 */
export function spawnService(name: ServiceName, options: SpawnOptions) {
  const service = SERVICES.find((candidate) => candidate.name === name)!;
  return spawn(TSX, [path.join(REPO_ROOT, service.entry)], {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['ignore', options.stdio, options.stdio],
    detached: true,
  });
}

/** Sends SIGTERM and resolves with the exit code once the process is gone. */
export async function stopProcess(
  child: ChildProcess,
  timeoutMs = 20_000,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return child.exitCode;
  }

  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls a URL until it answers 200, or throws after `timeoutMs`. */
export async function waitForOk(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';

  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${url}: the process exited`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} was not ready after ${timeoutMs} ms: ${last}`);
}
