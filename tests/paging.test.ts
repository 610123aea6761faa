import { createHash, randomUUID } from 'node:crypto';

import { types, type Client } from 'cassandra-driver';

import { fingerprintOf } from '../subgraphs/upload/src/data/item-writer';
import { testCassandraConfig, testClient } from './support/cassandra';
import {
  UPLOAD,
  UPLOAD_MANY_IDS,
  type UploadPayload,
  listAll,
} from './support/operations';
import { STACK_TENANT, startStack, type Stack } from './support/stack';

// One-second buckets, so thousands of uploads spread over many partitions
// and every page walk crosses bucket boundaries.
const BUCKET_SECONDS = 1;

describe('paging at scale and recovery from partial writes', () => {
  let stack: Stack;
  let client: Client;

  beforeAll(async () => {
    stack = await startStack({
      env: { ITEMS_BUCKET_SECONDS: String(BUCKET_SECONDS) },
    });
    client = testClient(testCassandraConfig(stack.keyspace));
  }, 120_000);

  afterAll(async () => {
    await client?.shutdown();
    await stack?.stop();
  });

  async function uploadBatches(
    collection: string,
    total: number,
    label: string,
  ) {
    const ids: string[] = [];
    for (let start = 0; start < total; start += 100) {
      const inputs = Array.from(
        { length: Math.min(100, total - start) },
        (_, i) => ({
          content: `${label} ${start + i}`,
          collection,
        }),
      );
      const { body } = await stack.graphql<{ uploadMany: UploadPayload[] }>(
        UPLOAD_MANY_IDS,
        { inputs },
      );
      expect(body.errors).toBeUndefined();
      ids.push(...body.data!.uploadMany.map((p) => p.item.id));
    }
    return ids;
  }

  async function walk(
    collection: string,
    first: number,
    onPage?: () => Promise<void>,
  ) {
    const items = await listAll(stack.graphql, collection, first, onPage);
    return items.map((item) => item.id);
  }

  it('walks 10,000 items exactly once, newest first, while uploads continue', async () => {
    const stored = await uploadBatches('bulk', 10_000, 'bulk');
    const newestFirst = [...stored].reverse();
    let concurrent = 0;

    const seen = await walk('bulk', 100, async () => {
      // New items land ahead of the cursor and must not disturb the walk.
      const { body } = await stack.graphql(UPLOAD, {
        input: { content: `during walk ${concurrent++}`, collection: 'bulk' },
      });
      expect(body.errors).toBeUndefined();
    });

    const older = seen.filter((id) => stored.includes(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(older).toEqual(newestFirst);
    const buckets = await client.execute(
      `SELECT bucket FROM ${stack.keyspace}.item_buckets WHERE tenant = ? AND collection = ?`,
      [STACK_TENANT, 'bulk'],
    );
    expect(buckets.rowLength).toBeGreaterThan(1);
  }, 600_000);

  it('walks past a long run of emptied buckets with short pages instead of unbounded reads', async () => {
    const kept = await uploadBatches('holes', 3, 'kept');
    const newest = Date.now() + 3_600_000;
    for (let i = 0; i < 70; i += 1) {
      // Index entries whose items were deleted, newer than every kept item.
      await client.execute(
        `INSERT INTO ${stack.keyspace}.item_buckets (tenant, collection, bucket) VALUES (?, ?, ?)`,
        [
          STACK_TENANT,
          'holes',
          new Date(newest - i * 1_000 * BUCKET_SECONDS - (newest % 1000)),
        ],
        { prepare: true },
      );
    }
    let pages = 0;

    const seen = await walk('holes', 10, async () => {
      pages += 1;
    });

    expect(seen).toEqual([...kept].reverse());
    // 70 empty buckets at 32 per page: two short pages before the items.
    expect(pages).toBe(3);
  });

  it('completes an upload whose first attempt crashed between its writes', async () => {
    const key = `crash-${randomUUID()}`;
    const item = {
      tenant: STACK_TENANT,
      collection: 'crash',
      content: 'half written',
      sha256: createHash('sha256').update('half written').digest('hex'),
      contentType: 'text/plain',
      tags: [],
      metadata: [],
      idempotencyKey: key,
    };
    // What a process leaves when it dies after claiming the key and writing
    // the item by id, before the bucket index and the listing.
    const id = types.TimeUuid.now();
    const bucket = new Date(Math.floor(id.getDate().getTime() / 1000) * 1000);
    await client.execute(
      `INSERT INTO ${stack.keyspace}.upload_keys (tenant, idempotency_key, id, bucket, fingerprint) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
      [STACK_TENANT, key, id, bucket, fingerprintOf(item)],
      { prepare: true },
    );
    await client.execute(
      `INSERT INTO ${stack.keyspace}.items_by_id (tenant, id, collection, bucket, content, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [STACK_TENANT, id, 'crash', bucket, 'half written', id.getDate()],
      { prepare: true },
    );

    const { body } = await stack.graphql<{ upload: UploadPayload }>(UPLOAD, {
      input: {
        content: 'half written',
        collection: 'crash',
        idempotencyKey: key,
      },
    });
    const listed = await walk('crash', 10);

    expect(body.errors).toBeUndefined();
    expect(body.data!.upload).toMatchObject({
      created: false,
      item: { id: id.toString(), content: 'half written', size: 12 },
    });
    expect(listed).toEqual([id.toString()]);
  });
});
