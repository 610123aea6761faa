import { createHash } from 'node:crypto';

import { badUserInput } from '@cassette/common';
import { types, type Client } from 'cassandra-driver';

export interface NewItem {
  tenant: string;
  collection: string;
  content: string;
  /** Bytes of the content in UTF-8. */
  size: number;
  /** SHA-256 of the content's UTF-8 bytes, lowercase hex: hashed once, on validation. */
  sha256: string;
  contentType: string;
  tags: string[];
  metadata: Array<{ key: string; value: string }>;
  idempotencyKey?: string;
}

export interface StoreResult {
  id: string;
  /** False when an idempotency key returned an item stored before. */
  created: boolean;
}

/** Where an item lives: its id and the listing bucket it was written to. */
interface Placement {
  id: types.TimeUuid;
  bucket: Date;
}

// Every write below has fixed values, so the driver may safely retry it.
const WRITE = { prepare: true, isIdempotent: true };

/**
 * Writes items to their tables. The order matters: an item exists by id
 * first, its bucket is indexed next, and only then does it appear in
 * listings, so a crash between writes never lists an item that cannot be
 * read, and a retry with the same idempotency key finishes the job.
 */
export class ItemWriter {
  private readonly bucketMs: number;
  private readonly cql: ReturnType<typeof statements>;

  constructor(
    private readonly client: Client,
    keyspace: string,
    bucketSeconds: number,
  ) {
    this.bucketMs = bucketSeconds * 1_000;
    this.cql = statements(keyspace);
  }

  async store(item: NewItem): Promise<StoreResult> {
    const fresh = this.newPlacement();
    if (item.idempotencyKey === undefined) {
      await this.writeItem(item, fresh);
      return { id: fresh.id.toString(), created: true };
    }

    const claim = await this.claimKey(item, item.idempotencyKey, fresh);
    // Writing again is harmless when the first attempt finished, and
    // completes it when that attempt stopped between writes.
    await this.writeItem(item, claim.placement);
    return { id: claim.placement.id.toString(), created: claim.created };
  }

  /** Removes an item from listings, then by id, then releases its key. */
  async delete(tenant: string, id: types.TimeUuid): Promise<boolean> {
    const found = await this.client.execute(
      this.cql.selectPlacement,
      [tenant, id],
      WRITE,
    );
    const row = found.first();
    if (!row) return false;

    await this.client.execute(
      this.cql.deleteByBucket,
      [tenant, row.get('collection'), row.get('bucket'), id],
      WRITE,
    );
    await this.client.execute(this.cql.deleteById, [tenant, id], WRITE);

    const key = row.get('idempotency_key') as string | null;
    if (key !== null) {
      // The key was claimed in a lightweight transaction; releasing it in
      // one too keeps a later claim's timestamp ahead of this delete.
      await this.client.execute(this.cql.releaseKey, [tenant, key, id]);
    }
    return true;
  }

  private newPlacement(): Placement {
    const id = types.TimeUuid.now();
    const createdMs = id.getDate().getTime();
    const bucket = new Date(createdMs - (createdMs % this.bucketMs));
    return { id, bucket };
  }

  private async claimKey(item: NewItem, key: string, fresh: Placement) {
    const fingerprint = fingerprintOf(item);
    const result = await this.client.execute(
      this.cql.claimKey,
      [item.tenant, key, fresh.id, fresh.bucket, fingerprint],
      { prepare: true },
    );
    if (result.wasApplied()) return { placement: fresh, created: true };

    const existing = result.first();
    if (existing.get('fingerprint') !== fingerprint) {
      throw badUserInput(
        `idempotencyKey ${JSON.stringify(key)} was already used for a different upload; use a new key for new content`,
        { field: 'idempotencyKey' },
      );
    }
    const placement: Placement = {
      id: existing.get('id'),
      bucket: existing.get('bucket'),
    };
    return { placement, created: false };
  }

  private async writeItem(item: NewItem, { id, bucket }: Placement) {
    const fields = [
      item.content,
      item.contentType,
      item.size,
      item.sha256,
      item.tags,
      item.metadata.map(({ key, value }) => new types.Tuple(key, value)),
      id.getDate(),
    ];
    const { tenant, collection } = item;

    await this.client.execute(
      this.cql.insertById,
      [tenant, id, collection, bucket, ...fields, item.idempotencyKey ?? null],
      WRITE,
    );
    await this.client.execute(
      this.cql.insertBucket,
      [tenant, collection, bucket],
      WRITE,
    );
    await this.client.execute(
      this.cql.insertByBucket,
      [tenant, collection, bucket, id, ...fields],
      WRITE,
    );
  }
}

/**
 * What makes two uploads "the same" for an idempotency key: every field
 * that is stored, with the content by its hash.
 */
export function fingerprintOf(
  item: Pick<
    NewItem,
    'collection' | 'contentType' | 'sha256' | 'tags' | 'metadata'
  >,
): string {
  const canonical = JSON.stringify([
    item.collection,
    item.contentType,
    item.sha256,
    item.tags,
    item.metadata.map(({ key, value }) => [key, value]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function statements(keyspace: string) {
  const columns = `content, content_type, size, sha256, tags, metadata,
    created_at`;
  return {
    insertById: `INSERT INTO ${keyspace}.items_by_id
      (tenant, id, collection, bucket, ${columns}, idempotency_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    insertBucket: `INSERT INTO ${keyspace}.item_buckets
      (tenant, collection, bucket) VALUES (?, ?, ?)`,
    insertByBucket: `INSERT INTO ${keyspace}.items_by_bucket
      (tenant, collection, bucket, id, ${columns})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    claimKey: `INSERT INTO ${keyspace}.upload_keys
      (tenant, idempotency_key, id, bucket, fingerprint)
      VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
    selectPlacement: `SELECT collection, bucket, idempotency_key
      FROM ${keyspace}.items_by_id WHERE tenant = ? AND id = ?`,
    deleteByBucket: `DELETE FROM ${keyspace}.items_by_bucket
      WHERE tenant = ? AND collection = ? AND bucket = ? AND id = ?`,
    deleteById: `DELETE FROM ${keyspace}.items_by_id
      WHERE tenant = ? AND id = ?`,
    releaseKey: `DELETE FROM ${keyspace}.upload_keys
      WHERE tenant = ? AND idempotency_key = ? IF id = ?`,
  };
}
