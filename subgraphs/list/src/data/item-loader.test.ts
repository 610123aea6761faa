import { setTimeout as sleep } from 'node:timers/promises';

import { CassetteError } from '@cassette/common';
import { types } from 'cassandra-driver';

import {
  createItemLoader,
  LOOKUP_BATCH_SIZE,
  LOOKUP_CONCURRENCY,
} from './item-loader';
import type { ItemReader, ItemRecord } from './item-reader';

const TENANT = 'default';

function record(id: string): ItemRecord {
  return {
    id,
    collection: 'default',
    bucket: new Date('2025-03-01T00:00:00.000Z'),
    content: `content of ${id}`,
    contentType: 'text/plain',
    size: 10,
    sha256: '0'.repeat(64),
    tags: [],
    metadata: [],
    createdAt: new Date('2025-03-01T12:00:00.000Z'),
  };
}

function newIds(count: number): string[] {
  return Array.from({ length: count }, () => types.TimeUuid.now().toString());
}

/**
 * A reader that answers from memory, newest row first as Cassandra might,
 * after a short delay. It records every request and the most requests it
 * ever had running at once.
 */
class FakeReader implements Pick<ItemReader, 'byIds'> {
  readonly requests: Array<{ tenant: string; ids: string[] }> = [];
  maxInFlight = 0;
  failWith: Error | undefined;
  private inFlight = 0;

  constructor(
    private readonly stored: ReadonlySet<string>,
    private readonly delayMs = 1,
  ) {}

  async byIds(tenant: string, ids: types.TimeUuid[]): Promise<ItemRecord[]> {
    const keys = ids.map((id) => id.toString());
    this.requests.push({ tenant, ids: keys });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);

    await sleep(this.delayMs);

    this.inFlight--;
    if (this.failWith) throw this.failWith;
    return keys
      .filter((key) => this.stored.has(key))
      .map(record)
      .reverse();
  }

  /** Every id the loader asked for, in request order. */
  get idsRead(): string[] {
    return this.requests.flatMap((request) => request.ids);
  }

  // The loader only calls byIds; the rest of ItemReader needs a client.
  asReader(): ItemReader {
    return this as unknown as ItemReader;
  }
}

describe('createItemLoader', () => {
  it('returns results in key order, whatever order the rows come in', async () => {
    const ids = newIds(5);
    const reader = new FakeReader(new Set(ids));
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany(ids);

    expect(results).toEqual(ids.map(record));
  });

  it('reads in the tenant it was made for', async () => {
    const ids = newIds(2);
    const reader = new FakeReader(new Set(ids));
    const loader = createItemLoader(reader.asReader(), 'acme');

    await loader.loadMany(ids);

    expect(reader.requests).toEqual([{ tenant: 'acme', ids }]);
  });

  it('answers null for an id that is not stored', async () => {
    const [stored = '', missing = ''] = newIds(2);
    const reader = new FakeReader(new Set([stored]));
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany([stored, missing]);

    expect(results).toEqual([record(stored), null]);
  });

  it('fails only the key with a malformed id, and never reads it', async () => {
    const [first = '', last = ''] = newIds(2);
    const reader = new FakeReader(new Set([first, last]));
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany([first, 'not-an-id', last]);

    expect(results[0]).toEqual(record(first));
    expect(results[2]).toEqual(record(last));
    expect(results[1]).toBeInstanceOf(CassetteError);
    expect((results[1] as CassetteError).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(reader.idsRead).toEqual([first, last]);
  });

  it('makes no request when every id is malformed', async () => {
    const reader = new FakeReader(new Set());
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany(['nope', '42']);

    expect(results.every((result) => result instanceof CassetteError)).toBe(
      true,
    );
    expect(reader.requests).toEqual([]);
  });

  it('passes a failed read on instead of answering null', async () => {
    const ids = newIds(2);
    const reader = new FakeReader(new Set(ids));
    reader.failWith = new Error('read timed out');
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany(ids);

    expect(results).toEqual([reader.failWith, reader.failWith]);
  });

  it('reads a duplicated id once and answers every request for it', async () => {
    const [a = '', b = ''] = newIds(2);
    const reader = new FakeReader(new Set([a, b]));
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await Promise.all([
      loader.load(a),
      loader.load(b),
      loader.load(a),
      loader.load(a),
    ]);

    expect(results).toEqual([record(a), record(b), record(a), record(a)]);
    expect(reader.idsRead).toEqual([a, b]);
  });

  it(`asks for at most ${LOOKUP_BATCH_SIZE} ids per request`, async () => {
    const ids = newIds(LOOKUP_BATCH_SIZE * 2 + 1);
    const reader = new FakeReader(new Set(ids));
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany(ids);

    expect(results).toEqual(ids.map(record));
    expect(reader.requests.map((request) => request.ids.length)).toEqual([
      LOOKUP_BATCH_SIZE,
      LOOKUP_BATCH_SIZE,
      1,
    ]);
    expect(reader.idsRead).toEqual(ids);
  });

  it(`never runs more than ${LOOKUP_CONCURRENCY} requests at once, and does run that many`, async () => {
    const ids = newIds(LOOKUP_BATCH_SIZE * (LOOKUP_CONCURRENCY * 2 + 1));
    const reader = new FakeReader(new Set(ids), 5);
    const loader = createItemLoader(reader.asReader(), TENANT);

    const results = await loader.loadMany(ids);

    expect(results).toEqual(ids.map(record));
    expect(reader.requests).toHaveLength(LOOKUP_CONCURRENCY * 2 + 1);
    expect(reader.maxInFlight).toBe(LOOKUP_CONCURRENCY);
  });
});
