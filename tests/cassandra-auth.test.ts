import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { migrate } from '@cassette/common';
import {
  startLocalNode,
  type LocalNodeHandle,
} from '@cassette/local-cassandra';
import type { Client } from 'cassandra-driver';

import { REPO_ROOT } from '../scripts/lib/services';
import {
  testCassandraConfig,
  testClient,
  testLogger,
} from './support/cassandra';
import { ITEMS, UPLOAD, type ItemsPage } from './support/operations';
import { startStack } from './support/stack';

// A node that requires logins, so the README's least-privilege roles are
// checked against a real authorizer, not assumed.
const ADDRESS = '127.0.0.6';
const KEYSPACE = 'cassette_auth';
const MIGRATOR = {
  CASSANDRA_USERNAME: 'cassette_migrator',
  CASSANDRA_PASSWORD: 'migrator-secret-0123456789',
};
const APP = {
  CASSANDRA_USERNAME: 'cassette_app',
  CASSANDRA_PASSWORD: 'app-secret-0123456789abcdef',
};
const SUPERUSER = {
  CASSANDRA_USERNAME: 'cassandra',
  CASSANDRA_PASSWORD: 'cassandra',
};

function config(login: Record<string, string>) {
  return testCassandraConfig(KEYSPACE, {
    CASSANDRA_CONTACT_POINTS: ADDRESS,
    ...login,
  });
}

describe('Cassette on a Cassandra that requires logins', () => {
  let node: LocalNodeHandle;
  let admin: Client;

  beforeAll(async () => {
    node = await startLocalNode({
      address: ADDRESS,
      jmxPort: 7699,
      heapMb: 512,
      passwordAuth: true,
      homeDir: mkdtempSync(path.join(tmpdir(), 'cassette-auth-node-')),
      libDir: path.join(REPO_ROOT, '.cassette/cassandra/lib'),
      log: () => undefined,
    });
    admin = testClient(config(SUPERUSER));

    // The README's role setup, statement for statement.
    const setup = [
      `CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
      `CREATE ROLE IF NOT EXISTS cassette_migrator WITH LOGIN = true AND PASSWORD = '${MIGRATOR.CASSANDRA_PASSWORD}'`,
      `GRANT CREATE ON KEYSPACE ${KEYSPACE} TO cassette_migrator`,
      `GRANT ALTER ON KEYSPACE ${KEYSPACE} TO cassette_migrator`,
      `GRANT SELECT ON KEYSPACE ${KEYSPACE} TO cassette_migrator`,
      `GRANT MODIFY ON KEYSPACE ${KEYSPACE} TO cassette_migrator`,
      `CREATE ROLE IF NOT EXISTS cassette_app WITH LOGIN = true AND PASSWORD = '${APP.CASSANDRA_PASSWORD}'`,
      `GRANT SELECT ON KEYSPACE ${KEYSPACE} TO cassette_app`,
      `GRANT MODIFY ON KEYSPACE ${KEYSPACE} TO cassette_app`,
    ];
    for (const statement of setup) await admin.execute(statement);
  }, 240_000);

  afterAll(async () => {
    await admin?.shutdown();
    await node?.stop();
  });

  it('refuses a wrong password', async () => {
    const intruder = testClient(
      config({ ...APP, CASSANDRA_PASSWORD: 'wrong-password-0123456789' }),
    );

    await expect(intruder.connect()).rejects.toThrow(
      /Provided username cassette_app and\/or password are incorrect/,
    );
    await intruder.shutdown();
  });

  it('lets the migration role apply every migration, and no more', async () => {
    const result = await migrate({
      config: config(MIGRATOR),
      logger: testLogger,
    });
    const migrator = testClient(config(MIGRATOR));

    expect(result.applied.length).toBe(result.version);
    await expect(
      migrator.execute(
        `CREATE KEYSPACE elsewhere WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
      ),
    ).rejects.toThrow(/has no CREATE permission/);
    await migrator.shutdown();
  });

  it('serves uploads and lists as the data role, which cannot change the schema', async () => {
    const stack = await startStack({
      keyspace: KEYSPACE,
      keepKeyspace: true,
      env: {
        CASSANDRA_CONTACT_POINTS: ADDRESS,
        MIGRATE_ON_START: 'false',
        ...APP,
      },
    });
    const app = testClient(config(APP));

    try {
      const uploaded = await stack.graphql(UPLOAD, {
        input: { content: 'least privilege' },
      });
      const { body } = await stack.graphql<ItemsPage>(ITEMS, { first: 5 });
      const ddl = app.execute(
        `CREATE TABLE ${KEYSPACE}.sneaky (id int PRIMARY KEY)`,
      );

      expect(uploaded.body.errors).toBeUndefined();
      expect(body.data!.items.edges.map((edge) => edge.node.content)).toEqual([
        'least privilege',
      ]);
      await expect(ddl).rejects.toThrow(/has no CREATE permission/);
      // The data role confirms nothing is pending without needing DDL rights.
      await expect(
        migrate({ config: config(APP), logger: testLogger }),
      ).resolves.toMatchObject({ applied: [] });
    } finally {
      await app.shutdown();
      await stack.stop();
    }
  }, 120_000);
});
