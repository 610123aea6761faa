import type { Client } from 'cassandra-driver';

import type { ReadinessCheck } from '../http/service-shell';
import { readSchemaVersion } from '../migrations/run';

/** Ready when a coordinator answers a single-partition system read. */
export function cassandraReachable(client: Client): ReadinessCheck {
  return {
    name: 'cassandra',
    check: async () => {
      await client.execute('SELECT release_version FROM system.local');
    },
  };
}

/** Ready when the keyspace is at least at the version this code expects. */
export function schemaAtVersion(
  client: Client,
  keyspace: string,
  expected: number,
): ReadinessCheck {
  return {
    name: 'schema',
    check: async () => {
      const version = await readSchemaVersion(client, keyspace).catch(() => 0);
      if (version < expected) {
        throw new Error(`at version ${version}, expected ${expected}`);
      }
    },
  };
}
