/** What went wrong, so callers can branch without parsing messages. */
export enum LocalNodeErrorCode {
  /** The options passed in break a documented rule. */
  InvalidOptions = 'INVALID_OPTIONS',
  /** Java 17 or Maven is not installed. */
  MissingTool = 'MISSING_TOOL',
  /** Maven could not download Cassandra's jars. */
  FetchFailed = 'FETCH_FAILED',
  /** A port the node needs is taken by another process. */
  PortInUse = 'PORT_IN_USE',
  /** The node exited before it accepted CQL connections. */
  StartFailed = 'START_FAILED',
  /** The node did not accept CQL connections within `startTimeoutMs`. */
  StartTimeout = 'START_TIMEOUT',
}

/** An error from fetching, configuring, starting or stopping a local node. */
export class LocalNodeError extends Error {
  constructor(
    readonly code: LocalNodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalNodeError';
  }
}

/**
 * Java 17 or Maven is missing. The message says what is missing, how to
 * install it, and how to use an existing cluster instead.
 */
export class MissingToolError extends LocalNodeError {
  constructor(
    /** The tools that were not found, e.g. `['java', 'mvn']`. */
    readonly missing: readonly MissingTool[],
    message: string,
  ) {
    super(LocalNodeErrorCode.MissingTool, message);
    this.name = 'MissingToolError';
  }
}

export type MissingTool = 'java' | 'mvn';
