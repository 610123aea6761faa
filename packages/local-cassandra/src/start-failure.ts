import * as fs from 'node:fs';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import { exitDescription, lastLines, seconds } from './format';
import type { LaunchedNode, LogOffsets } from './launch';
import type { NodePaths } from './node-paths';
import type { ResolvedLocalNodeOptions } from './options';

const LOG_TAIL_LINES = 20;

/** Why a node we launched did not come up, with what it logged meanwhile. */
export function startFailure(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  node: LaunchedNode,
  outcome: 'exited' | 'timeout',
): LocalNodeError {
  const name = `Cassandra ${options.cassandraVersion} on ${options.address}:${options.nativePort}`;
  const exit = node.exit();
  const headline =
    outcome === 'exited' && exit
      ? `${name} ${exitDescription(exit.code, exit.signal)} ${seconds(Date.now() - node.launchedAt)} after launch, before accepting CQL connections.`
      : `${name} did not accept CQL connections within ${seconds(options.startTimeoutMs)} (startTimeoutMs), so it was killed. A slow or busy machine may need a longer startTimeoutMs.`;

  return new LocalNodeError(
    outcome === 'exited'
      ? LocalNodeErrorCode.StartFailed
      : LocalNodeErrorCode.StartTimeout,
    [headline, ...logTails(paths, node.logOffsets)].join('\n'),
  );
}

/**
 * Why a node that another process is starting did not come up; we leave
 * that node to the process that started it.
 */
export function foreignStartFailure(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  pid: number,
  outcome: 'exited' | 'timeout',
): LocalNodeError {
  const name = `The Cassandra node another process was starting on ${options.address}:${options.nativePort} (pid ${pid})`;
  const headline =
    outcome === 'exited'
      ? `${name} exited before accepting CQL connections.`
      : `${name} did not accept CQL connections within ${seconds(options.startTimeoutMs)}; it was left running.`;

  return new LocalNodeError(
    outcome === 'exited'
      ? LocalNodeErrorCode.StartFailed
      : LocalNodeErrorCode.StartTimeout,
    [headline, ...logTails(paths, { system: 0, output: 0 })].join('\n'),
  );
}

function logTails(paths: NodePaths, offsets: LogOffsets): string[] {
  const tails = [
    { file: paths.systemLogPath, offset: offsets.system },
    { file: paths.outputLogPath, offset: offsets.output },
  ]
    .map(({ file, offset }) => ({
      file,
      tail: lastLines(readSince(file, offset), LOG_TAIL_LINES),
    }))
    .filter(({ tail }) => tail !== '');

  if (tails.length === 0) return [`It wrote nothing to ${paths.logsDir}.`];
  return tails.map(({ file, tail }) => `Last lines of ${file}:\n${tail}`);
}

/** What `file` gained after `offset`; all of it if it was since replaced. */
function readSince(file: string, offset: number): string {
  try {
    const content = fs.readFileSync(file);
    const start = content.length >= offset ? offset : 0;
    return content.subarray(start).toString('utf8');
  } catch {
    return '';
  }
}
