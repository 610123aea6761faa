import { probeCql } from './cql-probe';
import { fetchCassandra, isCassandraFetched } from './fetch';
import { seconds } from './format';
import { javaArgs } from './jvm-args';
import type { LaunchedNode } from './launch';
import { launch, waitForCql } from './launch';
import { writeNodeConfig } from './node-config';
import type { NodePaths } from './node-paths';
import { nodePaths } from './node-paths';
import { isRunning, kill, terminate } from './node-process';
import type { LocalNodeOptions, ResolvedLocalNodeOptions } from './options';
import { resolveLocalNodeOptions } from './options';
import { assertPortsFree } from './ports';
import { livePid, livePidAfterCleanup, removePidFile } from './pid-file';
import { preflight } from './preflight';
import { foreignStartFailure, startFailure } from './start-failure';

/** A local node that answers CQL. */
export interface LocalNodeHandle {
  address: string;
  nativePort: number;
  /** The JVM's process id, when known. */
  pid?: number;
  /** False when the node was already running; `stop()` then does nothing. */
  startedByUs: boolean;
  /**
   * Stops the node if this handle started it: SIGTERM, then SIGKILL if it
   * is still running 20 s later. Calling it again does nothing.
   */
  stop(): Promise<void>;
}

/** What `getLocalNodeStatus` found. */
export interface LocalNodeStatus {
  address: string;
  nativePort: number;
  /** Whether a CQL server answers on address:nativePort. */
  answering: boolean;
  /** The pid of a running node this package started, if any. */
  pid?: number;
  pidPath: string;
  logsDir: string;
}

const PROBE_TIMEOUT_MS = 1_500;
const STOP_GRACE_MS = 20_000;
const KILL_WAIT_MS = 5_000;

/**
 * Makes sure a Cassandra node answers CQL on `address:nativePort`: reuses
 * one already running there, or fetches, configures and starts one that
 * keeps running in the background until stopped.
 * @throws MissingToolError when Java 17 or Maven is missing
 * @throws LocalNodeError with a code saying which step failed; a node that
 * did not come up is killed and its last log lines are in the message
 */
export async function startLocalNode(
  options: LocalNodeOptions = {},
): Promise<LocalNodeHandle> {
  const resolved = resolveLocalNodeOptions(options);
  const { address, nativePort, log } = resolved;
  const paths = nodePaths(resolved);

  if (await probeCql(address, nativePort, PROBE_TIMEOUT_MS)) {
    log(
      `reusing the Cassandra node already running on ${address}:${nativePort}`,
    );
    return foreignHandle(resolved, livePid(paths));
  }

  const startingPid = livePidAfterCleanup(resolved, paths);
  if (startingPid !== undefined) {
    return awaitForeignStart(resolved, paths, startingPid);
  }

  await assertPortsFree(resolved);
  const tools = await preflight({
    env: resolved.env,
    needMaven: !isCassandraFetched(resolved),
  });
  log(`using Java ${tools.javaVersion} at ${tools.javaPath}`);
  const jarsDir = await fetchCassandra(resolved, tools);
  writeNodeConfig(resolved);

  const args = javaArgs(resolved, paths, jarsDir);
  const node = await launch(tools.javaPath, args, paths, resolved);
  log(
    `starting Cassandra ${resolved.cassandraVersion} on ${address}:${nativePort} (pid ${node.pid}, logs in ${paths.logsDir})`,
  );
  return awaitOwnStart(resolved, paths, node);
}

/**
 * Stops the node this package started on `address`, found by its pid
 * file; a pid file whose process is gone is removed.
 * @returns whether a running node was stopped
 */
export async function stopLocalNode(
  options: LocalNodeOptions = {},
): Promise<boolean> {
  const resolved = resolveLocalNodeOptions(options);
  const paths = nodePaths(resolved);
  const where = `${resolved.address}:${resolved.nativePort}`;

  const pid = livePidAfterCleanup(resolved, paths);
  if (pid !== undefined) {
    await stopProcess(resolved, paths, pid);
    return true;
  }

  const answering = await probeCql(
    resolved.address,
    resolved.nativePort,
    PROBE_TIMEOUT_MS,
  );
  resolved.log(
    answering
      ? `Cassandra answers on ${where} but was not started by Cassette (no pid file at ${paths.pidPath}); leaving it running`
      : `no Cassandra node is running on ${where}`,
  );
  return false;
}

/** Whether CQL answers on `address:nativePort`, and the pid if known. */
export async function getLocalNodeStatus(
  options: LocalNodeOptions = {},
): Promise<LocalNodeStatus> {
  const resolved = resolveLocalNodeOptions(options);
  const paths = nodePaths(resolved);

  const answering = await probeCql(
    resolved.address,
    resolved.nativePort,
    PROBE_TIMEOUT_MS,
  );
  const pid = livePid(paths);
  return {
    address: resolved.address,
    nativePort: resolved.nativePort,
    answering,
    ...(pid === undefined ? {} : { pid }),
    pidPath: paths.pidPath,
    logsDir: paths.logsDir,
  };
}

async function awaitOwnStart(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  node: LaunchedNode,
): Promise<LocalNodeHandle> {
  const isAlive = () => node.exit() === undefined;
  const outcome = await waitForCql(options, isAlive, node.launchedAt);

  if (outcome !== 'up') {
    if (isAlive()) await kill(node.pid, KILL_WAIT_MS);
    removePidFile(paths, node.pid);
    throw startFailure(options, paths, node, outcome);
  }

  options.log(
    `Cassandra ${options.cassandraVersion} is up on ${options.address}:${options.nativePort} after ${seconds(Date.now() - node.launchedAt)}`,
  );
  return ownHandle(options, paths, node.pid);
}

/** Another process launched this node and is waiting for it too. */
async function awaitForeignStart(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  pid: number,
): Promise<LocalNodeHandle> {
  const where = `${options.address}:${options.nativePort}`;
  options.log(
    `a Cassandra node (pid ${pid}) is already starting on ${where}; waiting for it`,
  );

  const startedAt = Date.now();
  const outcome = await waitForCql(options, () => isRunning(pid), startedAt);
  if (outcome !== 'up') throw foreignStartFailure(options, paths, pid, outcome);

  options.log(
    `Cassandra is up on ${where} after ${seconds(Date.now() - startedAt)}`,
  );
  return foreignHandle(options, pid);
}

function ownHandle(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  pid: number,
): LocalNodeHandle {
  let stopping: Promise<void> | undefined;
  return {
    address: options.address,
    nativePort: options.nativePort,
    pid,
    startedByUs: true,
    stop: () => (stopping ??= stopProcess(options, paths, pid)),
  };
}

function foreignHandle(
  options: ResolvedLocalNodeOptions,
  pid: number | undefined,
): LocalNodeHandle {
  return {
    address: options.address,
    nativePort: options.nativePort,
    ...(pid === undefined ? {} : { pid }),
    startedByUs: false,
    stop: async () => {},
  };
}

async function stopProcess(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  pid: number,
): Promise<void> {
  const where = `${options.address}:${options.nativePort}`;
  options.log(`stopping Cassandra on ${where} (pid ${pid})…`);

  const startedAt = Date.now();
  const ending = await terminate(pid, STOP_GRACE_MS);
  removePidFile(paths, pid);

  options.log(
    ending === 'exited'
      ? `stopped Cassandra on ${where} after ${seconds(Date.now() - startedAt)}`
      : `Cassandra on ${where} ignored SIGTERM for ${seconds(STOP_GRACE_MS)}, so it was killed`,
  );
}
