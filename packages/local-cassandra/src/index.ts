export { probeCql } from './cql-probe';
export type { MissingTool } from './errors';
export { LocalNodeError, LocalNodeErrorCode, MissingToolError } from './errors';
export { fetchCassandra } from './fetch';
export type { LocalNodeHandle, LocalNodeStatus } from './local-node';
export {
  getLocalNodeStatus,
  startLocalNode,
  stopLocalNode,
} from './local-node';
export {
  renderCassandraYaml,
  renderLogbackXml,
  writeNodeConfig,
} from './node-config';
export type { NodePaths } from './node-paths';
export { nodePaths } from './node-paths';
export type {
  Env,
  LocalNodeOptions,
  ResolvedLocalNodeOptions,
} from './options';
export { resolveLocalNodeOptions } from './options';
export type { PreflightOptions, Toolchain } from './preflight';
export { preflight } from './preflight';
