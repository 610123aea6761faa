import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  loadMigrations,
  migrate,
  readSchemaVersion,
  type CassandraConfig,
} from '@cassette/common';
import type { Client } from 'cassandra-driver';

import {
  dropKeyspace,
  testCassandraConfig,
  testClient,
  testLogger,
} from './support/cassandra';

function migrationsIn(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cassette-migrations-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text);
  }
  return loadMigrations(dir);
}

const TWO_MIGRATIONS = {
  '0001_first.cql':
    'CREATE TABLE IF NOT EXISTS one (id int PRIMARY KEY, note text);',
  '0002_second.cql': [
    'CREATE TABLE IF NOT EXISTS two (id int PRIMARY KEY);',
    'ALTER TABLE one ADD IF NOT EXISTS extra text;',
  ].join('\n'),
};

async function appliedRows(client: Client, keyspace: string) {
  const result = await client.execute(
    `SELECT version, name FROM ${keyspace}.schema_migrations WHERE scope = ?`,
    ['cassette'],
  );
  return result.rows.map((row) => Number(row.get('version')));
}

describe('schema migrations against a real node', () => {
  let config: CassandraConfig;
  let client: Client;

  beforeEach(() => {
    config = testCassandraConfig();
    client = testClient(config);
  });

  afterEach(async () => {
    await dropKeyspace(client, config.keyspace);
    await client.shutdown();
  });

  it('creates the keyspace, applies every migration and records each once', async () => {
    const migrations = migrationsIn(TWO_MIGRATIONS);

    const first = await migrate({ config, logger: testLogger, migrations });
    const second = await migrate({ config, logger: testLogger, migrations });

    expect(first).toEqual({ version: 2, applied: [1, 2] });
    expect(second).toEqual({ version: 2, applied: [] });
    expect(await appliedRows(client, config.keyspace)).toEqual([1, 2]);
    expect(await readSchemaVersion(client, config.keyspace)).toBe(2);

    const columns = await client.execute(
      'SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [config.keyspace, 'one'],
    );
    expect(columns.rows.map((row) => row.get('column_name')).sort()).toEqual([
      'extra',
      'id',
      'note',
    ]);
  });

  it('applies only what is new when a later migration ships', async () => {
    const all = migrationsIn(TWO_MIGRATIONS);

    await migrate({ config, logger: testLogger, migrations: all.slice(0, 1) });
    const later = await migrate({
      config,
      logger: testLogger,
      migrations: all,
    });

    expect(later.applied).toEqual([2]);
    expect(await appliedRows(client, config.keyspace)).toEqual([1, 2]);
  });

  it('lets two racing bootstraps apply each migration exactly once', async () => {
    const migrations = migrationsIn(TWO_MIGRATIONS);

    const results = await Promise.all([
      migrate({ config, logger: testLogger, migrations }),
      migrate({ config, logger: testLogger, migrations }),
      migrate({ config, logger: testLogger, migrations }),
    ]);

    const applied = results.flatMap((result) => result.applied).sort();
    expect(applied).toEqual([1, 2]);
    expect(await appliedRows(client, config.keyspace)).toEqual([1, 2]);
    const lease = await client.execute(
      `SELECT owner FROM ${config.keyspace}.schema_lease WHERE name = ?`,
      ['schema'],
    );
    expect(lease.rowLength).toBe(0);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    await migrate({
      config,
      logger: testLogger,
      migrations: migrationsIn(TWO_MIGRATIONS),
    });
    const edited = migrationsIn({
      ...TWO_MIGRATIONS,
      '0001_first.cql':
        'CREATE TABLE IF NOT EXISTS one (id int PRIMARY KEY, note text, sneaky text);',
    });

    await expect(
      migrate({ config, logger: testLogger, migrations: edited }),
    ).rejects.toThrow(/0001_first\.cql was changed after it was applied/);
  });

  it('applies the repository migrations that the services expect', async () => {
    const result = await migrate({ config, logger: testLogger });

    const tables = await client.execute(
      'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?',
      [config.keyspace],
    );
    expect(result.version).toBe(loadMigrations().length);
    expect(tables.rows.map((row) => row.get('table_name'))).toEqual(
      expect.arrayContaining([
        'items_by_id',
        'items_by_bucket',
        'item_buckets',
      ]),
    );
  });
});
