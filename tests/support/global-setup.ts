import { startLocalNode } from '@cassette/local-cassandra';

import { setSharedNode } from './shared-node';

/**
 * Every integration test talks to one real Cassandra node: the configured
 * cluster when CASSANDRA_CONTACT_POINTS is set, else the local node, started
 * here when it is not already running.
 */
export default async function globalSetup(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  if (process.env.CASSANDRA_CONTACT_POINTS) return;

  const node = await startLocalNode({
    log: (line) => process.stderr.write(`${line}\n`),
  });
  setSharedNode(node);
}
