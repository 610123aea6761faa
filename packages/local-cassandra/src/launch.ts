import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

import { probeCql } from './cql-probe';
import { LocalNodeError, LocalNodeErrorCode } from './errors';
import { seconds } from './format';
import type { NodePaths } from './node-paths';
import type { ResolvedLocalNodeOptions } from './options';

/** A JVM this package spawned, still running or not. */
export interface LaunchedNode {
  pid: number;
  launchedAt: number;
  /** How it ended, once it has. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Where each log file ended before the launch, to show only this run. */
  logOffsets: LogOffsets;
}

export interface LogOffsets {
  system: number;
  output: number;
}

export type WaitOutcome = 'up' | 'exited' | 'timeout';

const PROBE_TIMEOUT_MS = 1_000;
const POLL_INTERVAL_MS = 500;
const PROGRESS_INTERVAL_MS = 3_000;

/**
 * Spawns the JVM in its own process group, detached so that it outlives
 * the caller, with its output appended to the node's output.log, and
 * records its pid.
 */
export async function launch(
  javaPath: string,
  args: string[],
  paths: NodePaths,
  options: ResolvedLocalNodeOptions,
): Promise<LaunchedNode> {
  const logOffsets = {
    system: fileSize(paths.systemLogPath),
    output: fileSize(paths.outputLogPath),
  };

  const output = fs.openSync(paths.outputLogPath, 'a');
  const child = spawn(javaPath, args, {
    cwd: paths.nodeDir,
    env: { ...options.env },
    detached: true,
    stdio: ['ignore', output, output],
  });
  fs.closeSync(output);
  child.unref();

  let exit: ReturnType<LaunchedNode['exit']>;
  child.once('exit', (code, signal) => (exit = { code, signal }));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(
        new LocalNodeError(
          LocalNodeErrorCode.StartFailed,
          `Could not run ${javaPath}: ${error.message}`,
        ),
      ),
    );
  });

  // Node sets the pid before 'spawn'; a missing one must never become a
  // signal to pid 0, which would hit our own process group.
  const { pid } = child;
  if (pid === undefined) {
    throw new LocalNodeError(
      LocalNodeErrorCode.StartFailed,
      `${javaPath} started without a process id; expected one from the operating system.`,
    );
  }
  fs.writeFileSync(paths.pidPath, `${pid}\n`);
  return { pid, launchedAt: Date.now(), exit: () => exit, logOffsets };
}

/**
 * Polls the CQL port until the node answers, stops running or runs out of
 * `startTimeoutMs`, telling the person waiting every few seconds.
 */
export async function waitForCql(
  options: ResolvedLocalNodeOptions,
  isAlive: () => boolean,
  startedAt: number,
): Promise<WaitOutcome> {
  const where = `${options.address}:${options.nativePort}`;
  let nextReportAt = startedAt + PROGRESS_INTERVAL_MS;

  for (;;) {
    if (await probeCql(options.address, options.nativePort, PROBE_TIMEOUT_MS)) {
      return 'up';
    }
    if (!isAlive()) return 'exited';

    const now = Date.now();
    if (now - startedAt >= options.startTimeoutMs) return 'timeout';
    if (now >= nextReportAt) {
      options.log(
        `waiting for Cassandra on ${where}… ${seconds(now - startedAt)}`,
      );
      nextReportAt += PROGRESS_INTERVAL_MS;
    }
    await delay(POLL_INTERVAL_MS);
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
