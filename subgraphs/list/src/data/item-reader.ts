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
  /** Set when the page stopped at a bucket boundary before filling up. */
  resumeAt?: CursorPosition;
}

/**
 * The most buckets one page reads. Buckets emptied by deletes stay in the
 * index, so without a cap a page could walk an unbounded run of them; with
 * it, such a page comes back short, with a cursor to continue from.
 */
export const MAX_BUCKETS_PER_PAGE = 32;

const COLUMNS = `id, collection, bucket, content, content_type, size, sha256,
  tags, metadata, created_at`;

// Buckets are read from the index a few at a time: most pages need one or
// two, and the index partition stays small either way.
const BUCKETS_PER_FETCH = 8;

const READ = { prepare: true, isIdempotent: true };

/**
 * Every read here is bounded: items by (tenant, id), a slice of one bucket
 * partition, or a slice of one collection's bucket index.
 */
export class ItemReader {
  private readonly cql: ReturnType<typeof statements>;

  constructor(
    private readonly client: Client,
    keyspace: string,
  ) {
    this.cql = statements(keyspace);
  }

  /** Items by id in one request; absent ids are simply missing. */
  async byIds(tenant: string, ids: types.TimeUuid[]): Promise<ItemRecord[]> {
    const result = await this.client.execute(
      this.cql.selectByIds,
      [tenant, ids],
      READ,
    );
    return result.rows.map(toRecord);
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
    let visited = 0;

    for await (const bucket of this.buckets(tenant, collection, after)) {
      // Resuming after the last item would walk the same empty buckets
      // again, so the next page starts at the first bucket not read.
      if (visited === MAX_BUCKETS_PER_PAGE) {
        return { records, hasNextPage: true, resumeAt: startingAt(bucket) };
      }
      visited += 1;

      const remaining = wanted - records.length;
      const within = after?.id && bucket.getTime() === after.bucket.getTime();
      const result = within
        ? await this.client.execute(
            this.cql.selectPageBefore,
            [
              tenant,
              collection,
              bucket,
              types.TimeUuid.fromString(after.id!),
              remaining,
            ],
            READ,
          )
        : await this.client.execute(
            this.cql.selectPage,
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
    // A cursor with an id continues inside its bucket; one without starts
    // in the bucket after it.
    const [query, params] = !after
      ? [this.cql.selectBuckets, [tenant, collection]]
      : after.id
        ? [this.cql.selectBucketsFrom, [tenant, collection, after.bucket]]
        : [this.cql.selectBucketsBefore, [tenant, collection, after.bucket]];
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

function statements(keyspace: string) {
  const selectBuckets = `SELECT bucket FROM ${keyspace}.item_buckets
    WHERE tenant = ? AND collection = ?`;
  const selectPage = `SELECT ${COLUMNS} FROM ${keyspace}.items_by_bucket
    WHERE tenant = ? AND collection = ? AND bucket = ?`;
  return {
    selectByIds: `SELECT ${COLUMNS} FROM ${keyspace}.items_by_id
      WHERE tenant = ? AND id IN ?`,
    selectBuckets,
    selectBucketsFrom: `${selectBuckets} AND bucket <= ?`,
    selectBucketsBefore: `${selectBuckets} AND bucket < ?`,
    selectPage: `${selectPage} LIMIT ?`,
    selectPageBefore: `${selectPage} AND id < ? LIMIT ?`,
  };
}

// Boundary cursors mean "buckets older than this"; bucket starts are whole
// seconds, so one millisecond later includes `bucket` and nothing newer.
function startingAt(bucket: Date): CursorPosition {
  return { bucket: new Date(bucket.getTime() + 1) };
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
