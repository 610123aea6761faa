import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { errors as driverErrors, types, type Client } from 'cassandra-driver';

import { createCassandraClient } from '../cassandra/client';
import { replicationCql, type CassandraConfig } from '../cassandra/config';
import type { Logger } from '../logging/logger';
import { latestVersion, loadMigrations, type Migration } from './load';

export interface MigrateOptions {
  config: CassandraConfig;
  logger: Logger;
  /** @default the files in `schema/migrations` */
  migrations?: Migration[];
  /** How long a lease outlives a crashed holder. @default 60 */
  leaseTtlSeconds?: number;
  /** How long to wait for another process's lease. @default 300000 */
  waitForLeaseMs?: number;
}

export interface MigrateResult {
  version: number;
  applied: number[];
}

const SCOPE = 'cassette';
const LEASE_NAME = 'schema';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the keyspace to the newest migration. Safe to call from many
 * processes at once: one holds a lightweight-transaction lease and applies,
 * the others wait and then find nothing left to do.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { config, logger } = options;
  const migrations = options.migrations ?? loadMigrations();
  const admin = createCassandraClient(config, logger);
  // Migration files name tables without a keyspace, so they read as plain
  // CQL; this second client runs them inside the configured keyspace.
  const inKeyspace = createCassandraClient(config, logger, {
    keyspace: config.keyspace,
  });

  try {
    await admin.connect();
    await ensureKeyspace(admin, config);
    const ledger = new Ledger(admin, inKeyspace, config, logger, options);

    // Reading first means a role that may only read and write data can
    // confirm that nothing is pending; only real work needs DDL rights.
    if (await ledger.upToDate(migrations)) {
      logger.info(
        { version: latestVersion(migrations) },
        'schema is up to date',
      );
      return { version: latestVersion(migrations), applied: [] };
    }
    await createBookkeepingTables(admin, config);
    const applied = await ledger.applyPending(migrations);
    return { version: latestVersion(migrations), applied };
  } finally {
    await Promise.all([admin.shutdown(), inKeyspace.shutdown()]);
  }
}

// Checked before it is created: creating a keyspace needs a permission on
// all keyspaces, which a migration role limited to Cassette's keyspace
// lacks once an operator has created that keyspace for it.
async function ensureKeyspace(client: Client, config: CassandraConfig) {
  const ks = config.keyspace;
  const found = await client.execute(
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [ks],
  );
  if (found.rowLength > 0) return;

  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${ks} WITH replication = ${replicationCql(config.replication)}`,
    [],
    { prepare: false },
  );
  await waitForSchemaAgreement(client);
}

async function createBookkeepingTables(
  client: Client,
  config: CassandraConfig,
) {
  const ks = config.keyspace;
  const ddl = [
    `CREATE TABLE IF NOT EXISTS ${ks}.schema_migrations (
      scope text, version int, name text, checksum text,
      applied_at timestamp, applied_by text,
      PRIMARY KEY ((scope), version)
    ) WITH ID = ${tableId(ks, 'schema_migrations')}`,
    `CREATE TABLE IF NOT EXISTS ${ks}.schema_lease (
      name text PRIMARY KEY, owner text, acquired_at timestamp
    ) WITH ID = ${tableId(ks, 'schema_lease')}`,
  ];

  for (const statement of ddl) {
    await client.execute(statement, [], { prepare: false });
  }
  await waitForSchemaAgreement(client);
}

/**
 * A table id derived from the table's name (a version 5 UUID). Replicas
 * that race to create the same bootstrap table on different coordinators
 * then create one table, not two that fork the schema; table ids are unique
 * across keyspaces, so the keyspace is part of the name.
 */
export function tableId(keyspace: string, table: string): string {
  const bytes = createHash('sha1')
    .update(`cassette:${keyspace}.${table}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;

  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Waits until every node reports the same schema version. */
export async function waitForSchemaAgreement(
  client: Client,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // The driver implements this method but its type definitions omit it.
  const metadata = client.metadata as unknown as {
    checkSchemaAgreement(): Promise<boolean>;
  };
  while (!(await metadata.checkSchemaAgreement())) {
    if (Date.now() > deadline) {
      throw new MigrationError(
        `Cassandra nodes did not agree on the schema within ${timeoutMs} ms`,
      );
    }
    await sleep(200);
  }
}

interface AppliedRow {
  version: number;
  checksum: string;
}

class Ledger {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly ks: string;
  private readonly leaseTtlSeconds: number;
  private readonly waitForLeaseMs: number;

  constructor(
    private readonly client: Client,
    private readonly migrationClient: Client,
    config: CassandraConfig,
    private readonly logger: Logger,
    options: MigrateOptions,
  ) {
    this.ks = config.keyspace;
    this.leaseTtlSeconds = options.leaseTtlSeconds ?? 60;
    this.waitForLeaseMs = options.waitForLeaseMs ?? 300_000;
  }

  /** True when every migration is applied (and none was edited since). */
  async upToDate(migrations: Migration[]): Promise<boolean> {
    try {
      return (await this.pending(migrations)).length === 0;
    } catch (error) {
      // A fresh keyspace has no ledger yet. (system_schema can list a table
      // a racing process is still creating, so asking it would not do.)
      if (isMissingTable(error)) return false;
      throw error;
    }
  }

  async applyPending(migrations: Migration[]): Promise<number[]> {
    const pending = await this.pending(migrations);
    if (pending.length === 0) {
      this.logger.info(
        { version: latestVersion(migrations) },
        'schema is up to date',
      );
      return [];
    }

    await this.acquireLease();
    try {
      // Another process may have applied some while we waited for the lease.
      const stillPending = await this.pending(migrations);
      for (const migration of stillPending) {
        await this.apply(migration);
        await this.renewLease();
      }
      return stillPending.map((migration) => migration.version);
    } finally {
      await this.releaseLease();
    }
  }

  private async pending(migrations: Migration[]): Promise<Migration[]> {
    const result = await this.client.execute(
      `SELECT version, checksum FROM ${this.ks}.schema_migrations WHERE scope = ?`,
      [SCOPE],
    );
    const applied = new Map(
      result.rows.map((row) => {
        const { version, checksum } = row as unknown as AppliedRow;
        return [version, checksum];
      }),
    );

    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined && checksum !== migration.checksum) {
        throw new MigrationError(
          `${migration.name} was changed after it was applied (stored checksum ${checksum.slice(0, 12)}…, file ${migration.checksum.slice(0, 12)}…); add a new migration instead of editing an applied one`,
        );
      }
    }
    return migrations.filter((migration) => !applied.has(migration.version));
  }

  private async apply(migration: Migration): Promise<void> {
    const started = Date.now();
    this.logger.info({ migration: migration.name }, 'applying migration');

    for (const statement of migration.statements) {
      await this.migrationClient.execute(statement, [], {
        prepare: false,
      });
    }
    await waitForSchemaAgreement(this.migrationClient);

    await this.client.execute(
      `INSERT INTO ${this.ks}.schema_migrations
        (scope, version, name, checksum, applied_at, applied_by)
        VALUES (?, ?, ?, ?, toTimestamp(now()), ?) IF NOT EXISTS`,
      [
        SCOPE,
        migration.version,
        migration.name,
        migration.checksum,
        this.owner,
      ],
    );
    this.logger.info(
      { migration: migration.name, durationMs: Date.now() - started },
      'migration applied',
    );
  }

  private async acquireLease(): Promise<void> {
    const deadline = Date.now() + this.waitForLeaseMs;
    let lastHolder = '';

    for (;;) {
      const result = await this.client.execute(
        `INSERT INTO ${this.ks}.schema_lease (name, owner, acquired_at)
          VALUES (?, ?, toTimestamp(now())) IF NOT EXISTS USING TTL ?`,
        [LEASE_NAME, this.owner, this.leaseTtlSeconds],
      );
      if (result.wasApplied()) return;

      const holder = String(result.first()?.get('owner') ?? 'unknown');
      if (holder !== lastHolder) {
        this.logger.info({ holder }, 'waiting for another process to migrate');
        lastHolder = holder;
      }
      if (Date.now() > deadline) {
        throw new MigrationError(
          `Timed out after ${this.waitForLeaseMs} ms waiting for the schema lease held by ${holder}`,
        );
      }
      await sleep(500);
    }
  }

  private async renewLease(): Promise<void> {
    const result = await this.client.execute(
      `UPDATE ${this.ks}.schema_lease USING TTL ? SET acquired_at = toTimestamp(now())
        WHERE name = ? IF owner = ?`,
      [this.leaseTtlSeconds, LEASE_NAME, this.owner],
    );
    if (!result.wasApplied()) {
      throw new MigrationError(
        `Lost the schema lease (its ${this.leaseTtlSeconds} s TTL ran out); another process may now be migrating`,
      );
    }
  }

  private async releaseLease(): Promise<void> {
    try {
      await this.client.execute(
        `DELETE FROM ${this.ks}.schema_lease WHERE name = ? IF owner = ?`,
        [LEASE_NAME, this.owner],
      );
    } catch (error) {
      // The TTL frees it anyway; waiting replicas just wait a little longer.
      this.logger.warn({ err: error }, 'could not release the schema lease');
    }
  }
}

/** The newest applied migration version, or 0 when none is. */
export async function readSchemaVersion(
  client: Client,
  keyspace: string,
): Promise<number> {
  const result = await client.execute(
    `SELECT version FROM ${keyspace}.schema_migrations WHERE scope = ? ORDER BY version DESC LIMIT 1`,
    [SCOPE],
  );
  return Number(result.first()?.get('version') ?? 0);
}

function isMissingTable(error: unknown): boolean {
  return (
    error instanceof driverErrors.ResponseError &&
    error.code === types.responseErrorCodes.invalid &&
    /does not exist|unconfigured table/i.test(error.message)
  );
}
