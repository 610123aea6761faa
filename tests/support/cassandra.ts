import { randomBytes } from 'node:crypto';

import {
  EnvReader,
  createLogger,
  readCassandraConfig,
  type CassandraConfig,
} from '@cassette/common';
import { auth, Client } from 'cassandra-driver';

export const testLogger = createLogger('test', {
  level: 'silent',
  format: 'json',
});

/** A keyspace name no other test uses. */
export function uniqueKeyspace(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The test run's Cassandra settings with a keyspace of the test's own. */
/** The test run's Cassandra settings, with overrides, in `keyspace`. */
export function testCassandraConfig(
  keyspace = uniqueKeyspace(),
  overrides: Record<string, string> = {},
): CassandraConfig {
  const env = new EnvReader({
    ...process.env,
    ...overrides,
    CASSANDRA_KEYSPACE: keyspace,
  });
  return readCassandraConfig(env);
}

/** A plain driver client for checking what reached the database. */
export function testClient(config = testCassandraConfig()): Client {
  const { credentials } = config;
  return new Client({
    contactPoints: config.contactPoints,
    localDataCenter: config.localDataCenter,
    ...(credentials
      ? {
          authProvider: new auth.PlainTextAuthProvider(
            credentials.username,
            credentials.password,
          ),
        }
      : {}),
  });
}

export async function dropKeyspace(client: Client, keyspace: string) {
  await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
}
