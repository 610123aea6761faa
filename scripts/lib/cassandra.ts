import {
  ConfigError,
  EnvReader,
  readCassandraConfig,
  type CassandraConfig,
} from '@cassette/common';
import {
  startLocalNode,
  type LocalNodeHandle,
} from '@cassette/local-cassandra';

export interface CassandraTarget {
  config: CassandraConfig;
  /** The node this command started, stopped again when the command ends. */
  node?: LocalNodeHandle;
}

/**
 * Reads the Cassandra settings and, when no contact points are configured,
 * makes sure the local node runs (reusing one that already does).
 */
export async function ensureCassandra(
  env: NodeJS.ProcessEnv = process.env,
): Promise<CassandraTarget> {
  const reader = new EnvReader(env);
  const config = readCassandraConfig(reader);
  reader.done();

  if (!config.usesLocalNode) {
    return { config };
  }
  const node = await startLocalNode({ log: (line) => console.error(line) });
  return { config, node };
}

/** Prints a configuration or tooling error without a stack trace. */
export function reportFatal(error: unknown): never {
  const message =
    error instanceof ConfigError || error instanceof Error
      ? error.message
      : String(error);
  console.error(`\n${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
