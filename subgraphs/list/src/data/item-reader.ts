import { types, type Client } from 'cassandra-driver';

import type { CursorPosition } from '../cursor';

export interface ItemRecord {
  id: string;
  collection: string;
  bucket: Date;
  content: string;
  contentType: string;
  size: number;
  sha256: string;
  tags: string[];
  metadata: Array<{ key: string; value: string }>;
  createdAt: Date;
}

export interface ItemPage {
  records: ItemRecord[];
  hasNextPage: boolean;
}

const COLUMNS = `id, collection, bucket, content, content_type, size, sha256,
  tags, metadata, created_at`;

// Buckets are read from the index a few at a time: most pages need one or
// two, and the index partition stays small either way.
const BUCKETS_PER_FETCH = 8;

const READ = { prepare: true, isIdempotent: true };

/**
 * Every read here touches one partition: an item by (tenant, id), a bucket
 * index by (tenant, collection), or one bucket of a listing.
 */
export class ItemReader {
  private readonly selectById: string;
  private readonly selectBuckets: string;
  private readonly selectBucketsBefore: string;
  private readonly selectPage: string;
  private readonly selectPageBefore: string;

  constructor(
    private readonly client: Client,
    keyspace: string,
  ) {
    this.selectById = `SELECT ${COLUMNS} FROM ${keyspace}.items_by_id
      WHERE tenant = ? AND id = ?`;
    this.selectBuckets = `SELECT bucket FROM ${keyspace}.item_buckets
      WHERE tenant = ? AND collection = ?`;
    this.selectBucketsBefore = `${this.selectBuckets} AND bucket <= ?`;
    this.selectPage = `SELECT ${COLUMNS} FROM ${keyspace}.items_by_bucket
      WHERE tenant = ? AND collection = ? AND bucket = ? LIMIT ?`;
    this.selectPageBefore = `SELECT ${COLUMNS} FROM ${keyspace}.items_by_bucket
      WHERE tenant = ? AND collection = ? AND bucket = ? AND id < ? LIMIT ?`;
  }

  async byId(tenant: string, id: types.TimeUuid): Promise<ItemRecord | null> {
    const result = await this.client.execute(
      this.selectById,
      [tenant, id],
      READ,
    );
    const row = result.first();
    return row ? toRecord(row) : null;
  }

  /**
   * The newest `first` items after `after`, and whether more exist. Walks
   * only buckets that hold data, newest first, and stops as soon as the page
   * is full plus one item to answer hasNextPage.
   */
  async page(
    tenant: string,
    collection: string,
    first: number,
    after?: CursorPosition,
  ): Promise<ItemPage> {
    const wanted = first + 1;
    const records: ItemRecord[] = [];

    for await (const bucket of this.buckets(tenant, collection, after)) {
      const continuing = after && bucket.getTime() === after.bucket.getTime();
      const remaining = wanted - records.length;
      const result = continuing
        ? await this.client.execute(
            this.selectPageBefore,
            [
              tenant,
              collection,
              bucket,
              types.TimeUuid.fromString(after.id),
              remaining,
            ],
            READ,
          )
        : await this.client.execute(
            this.selectPage,
            [tenant, collection, bucket, remaining],
            READ,
          );

      records.push(...result.rows.map(toRecord));
      if (records.length >= wanted) break;
    }

    return {
      records: records.slice(0, first),
      hasNextPage: records.length > first,
    };
  }

  private async *buckets(
    tenant: string,
    collection: string,
    after?: CursorPosition,
  ): AsyncGenerator<Date> {
    const [query, params] = after
      ? [this.selectBucketsBefore, [tenant, collection, after.bucket]]
      : [this.selectBuckets, [tenant, collection]];
    let pageState: string | undefined;

    do {
      const result = await this.client.execute(query, params, {
        ...READ,
        fetchSize: BUCKETS_PER_FETCH,
        ...(pageState ? { pageState } : {}),
      });
      for (const row of result.rows) yield row.get('bucket') as Date;
      pageState = result.pageState ?? undefined;
    } while (pageState);
  }
}

function toRecord(row: types.Row): ItemRecord {
  const metadata = (row.get('metadata') ?? []) as types.Tuple[];
  return {
    id: String(row.get('id')),
    collection: row.get('collection'),
    bucket: row.get('bucket'),
    content: row.get('content'),
    contentType: row.get('content_type'),
    size: row.get('size'),
    sha256: row.get('sha256'),
    tags: row.get('tags') ?? [],
    metadata: metadata.map((tuple) => ({
      key: tuple.get(0),
      value: tuple.get(1),
    })),
    createdAt: row.get('created_at'),
  };
}
