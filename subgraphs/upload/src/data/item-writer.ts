import { createHash } from 'node:crypto';

import { types, type Client } from 'cassandra-driver';

export interface NewItem {
  tenant: string;
  content: string;
}

export interface StoredItem {
  id: string;
  createdAt: Date;
}

/**
 * Writes an item to its three tables. The order matters: the item exists by
 * id first, its bucket is indexed next, and only then does it appear in
 * listings, so a crash between writes never lists an item that cannot be
 * read.
 */
export class ItemWriter {
  private readonly bucketMs: number;
  private readonly insertById: string;
  private readonly insertBucket: string;
  private readonly insertByBucket: string;

  constructor(
    private readonly client: Client,
    keyspace: string,
    bucketHours: number,
  ) {
    this.bucketMs = bucketHours * 3_600_000;
    this.insertById = `INSERT INTO ${keyspace}.items_by_id
      (tenant, id, collection, bucket, content, content_type, size, sha256,
       tags, metadata, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.insertBucket = `INSERT INTO ${keyspace}.item_buckets
      (tenant, collection, bucket) VALUES (?, ?, ?)`;
    this.insertByBucket = `INSERT INTO ${keyspace}.items_by_bucket
      (tenant, collection, bucket, id, content, content_type, size, sha256,
       tags, metadata, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  }

  async insert(item: NewItem): Promise<StoredItem> {
    const id = types.TimeUuid.now();
    const createdAt = id.getDate();
    const bucket = new Date(
      Math.floor(createdAt.getTime() / this.bucketMs) * this.bucketMs,
    );

    const bytes = Buffer.from(item.content, 'utf8');
    const collection = 'default';
    const fields = {
      content: item.content,
      contentType: 'text/plain',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    const row = [
      fields.content,
      fields.contentType,
      fields.size,
      fields.sha256,
      [],
      [],
      createdAt,
    ];

    // Each write has fixed values, so the driver may safely retry it.
    const options = { prepare: true, isIdempotent: true };
    await this.client.execute(
      this.insertById,
      [item.tenant, id, collection, bucket, ...row],
      options,
    );
    await this.client.execute(
      this.insertBucket,
      [item.tenant, collection, bucket],
      options,
    );
    await this.client.execute(
      this.insertByBucket,
      [item.tenant, collection, bucket, id, ...row],
      options,
    );

    return { id: id.toString(), createdAt };
  }
}
