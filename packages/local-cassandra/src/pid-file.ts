// The pid file is how a later process (the CLI's stop, a second start)
// finds a node that an earlier one launched.
import * as fs from 'node:fs';

import type { NodePaths } from './node-paths';
import { isCassandraProcess } from './node-process';
import type { ResolvedLocalNodeOptions } from './options';

/** The pid in `pidPath`, or undefined when the file is missing or garbled. */
export function readPidFile(pidPath: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of a running Cassandra this package started on the address. */
export function livePid(paths: NodePaths): number | undefined {
  const pid = readPidFile(paths.pidPath);
  return pid !== undefined && isCassandraProcess(pid) ? pid : undefined;
}

/** Like `livePid`, but removes a pid file that names no running Cassandra. */
export function livePidAfterCleanup(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
): number | undefined {
  const pid = livePid(paths);
  if (pid !== undefined || !fs.existsSync(paths.pidPath)) return pid;

  const recorded = readPidFile(paths.pidPath);
  fs.rmSync(paths.pidPath, { force: true });
  options.log(
    `removed the stale pid file ${paths.pidPath} (${recorded === undefined ? 'it held no pid' : `pid ${recorded} no longer runs Cassandra`})`,
  );
  return undefined;
}

/** Removes the pid file unless a newer start has replaced it meanwhile. */
export function removePidFile(paths: NodePaths, pid: number): void {
  if (readPidFile(paths.pidPath) === pid) fs.rmSync(paths.pidPath);
}
