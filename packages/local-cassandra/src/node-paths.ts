import * as path from 'node:path';

import type { ResolvedLocalNodeOptions } from './options';

/** Where one node keeps its files, all under `<homeDir>/nodes/<address>/`. */
export interface NodePaths {
  nodeDir: string;
  /** Generated on every start: cassandra.yaml and logback.xml. */
  confDir: string;
  yamlPath: string;
  logbackPath: string;
  /** Data, commit log, hints and caches; kept across restarts. */
  dataDir: string;
  logsDir: string;
  /** Cassandra's own log. */
  systemLogPath: string;
  /** What the JVM prints before its logging starts, e.g. bad flags. */
  outputLogPath: string;
  /** The pid of a node started by this package, while it runs. */
  pidPath: string;
}

export function nodePaths(options: ResolvedLocalNodeOptions): NodePaths {
  const nodeDir = path.join(options.homeDir, 'nodes', options.address);
  const confDir = path.join(nodeDir, 'conf');
  const logsDir = path.join(nodeDir, 'logs');

  return {
    nodeDir,
    confDir,
    yamlPath: path.join(confDir, 'cassandra.yaml'),
    logbackPath: path.join(confDir, 'logback.xml'),
    dataDir: path.join(nodeDir, 'data'),
    logsDir,
    systemLogPath: path.join(logsDir, 'system.log'),
    outputLogPath: path.join(logsDir, 'output.log'),
    pidPath: path.join(nodeDir, 'cassandra.pid'),
  };
}
