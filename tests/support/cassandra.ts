import { randomBytes } from 'node:crypto';

import {
  EnvReader,
  createLogger,
  readCassandraConfig,
  type CassandraConfig,
} from '@cassette/common';
import { Client } from 'cassandra-driver';

export const testLogger = createLogger('test', {
  level: 'silent',
  format: 'json',
});

/** A keyspace name no other test uses. */
export function uniqueKeyspace(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The test run's Cassandra settings with a keyspace of the test's own. */
export function testCassandraConfig(
  keyspace = uniqueKeyspace(),
): CassandraConfig {
  const env = new EnvReader({ ...process.env, CASSANDRA_KEYSPACE: keyspace });
  return readCassandraConfig(env);
}

/** A plain driver client for checking what reached the database. */
export function testClient(config = testCassandraConfig()): Client {
  return new Client({
    contactPoints: config.contactPoints,
    localDataCenter: config.localDataCenter,
  });
}

export async function dropKeyspace(client: Client, keyspace: string) {
  await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
}
