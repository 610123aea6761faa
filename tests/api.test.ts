import { createHash, randomUUID } from 'node:crypto';

import fc from 'fast-check';

import {
  DELETE,
  ITEM,
  ITEMS,
  UPLOAD,
  UPLOAD_MANY,
  UPLOAD_MANY_IDS,
  type Item,
  type ItemsPage,
  type UploadPayload,
  listAll as listItems,
} from './support/operations';
import { startStack, type Stack } from './support/stack';

const MiB = 1_048_576;

function sha256(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe('the public API against a real node', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function upload(input: Record<string, unknown>) {
    const { body } = await stack.graphql<{ upload: UploadPayload }>(UPLOAD, {
      input,
    });
    return body;
  }

  const listAll = (collection: string, first = 100) =>
    listItems(stack.graphql, collection, first);

  describe('round trips', () => {
    it('returns every field of any Unicode content byte for byte', async () => {
      const text = fc.string({ unit: 'grapheme', maxLength: 300 });
      const tag = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
      const input = fc.record({
        content: fc.oneof(text, fc.string({ unit: 'binary', maxLength: 2000 })),
        contentType: fc.constantFrom(
          'text/plain',
          'text/markdown; charset=utf-8',
        ),
        tags: fc.array(
          tag.filter((t) => t.length <= 64),
          { maxLength: 5 },
        ),
        metadata: fc.array(
          fc.record({ key: tag.filter((k) => k.length <= 64), value: text }),
          { maxLength: 4 },
        ),
      });

      await fc.assert(
        fc.asyncProperty(input, async (generated) => {
          const body = await upload({ ...generated, collection: 'props' });

          expect(body.errors).toBeUndefined();
          const { item, created } = body.data!.upload;
          expect(created).toBe(true);
          expect(item).toMatchObject({
            collection: 'props',
            content: generated.content,
            contentType: generated.contentType,
            size: Buffer.byteLength(generated.content, 'utf8'),
            sha256: sha256(generated.content),
            tags: generated.tags,
            metadata: generated.metadata,
          });

          const fetched = await stack.graphql<{ item: Item }>(ITEM, {
            id: item.id,
          });
          expect(fetched.body.data!.item).toEqual(item);
        }),
        { numRuns: 60 },
      );
    }, 120_000);

    it('stores quotes, CQL keywords, NUL, emoji, combining marks and RTL text unchanged', async () => {
      const content =
        '\'); DROP KEYSPACE cassette; -- " \\ \u0000 👩🏽‍💻 é\u0301 مرحبا שלום \u202e';

      const body = await upload({ content, tags: ["it's", 'SELECT'] });

      expect(body.errors).toBeUndefined();
      expect(body.data!.upload.item.content).toBe(content);
      expect(body.data!.upload.item.tags).toEqual(["it's", 'SELECT']);
    });

    it('accepts content exactly at the 1 MiB limit and refuses one byte more', async () => {
      const atLimit = 'é'.repeat(MiB / 2);
      const over = `${atLimit}x`;

      const ok = await upload({ content: atLimit, collection: 'big' });
      const refused = await upload({ content: over, collection: 'big' });

      expect(ok.data!.upload.item.size).toBe(MiB);
      expect(ok.data!.upload.item.sha256).toBe(sha256(atLimit));
      expect(refused.errors![0]).toMatchObject({
        message: `input.content must be at most ${MiB} bytes in UTF-8, got ${MiB + 1}`,
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'input.content',
          limit: MiB,
        },
      });
      expect(await listAll('big')).toHaveLength(1);
    });
  });

  describe('idempotency', () => {
    it('stores one item for retries with the same key and returns it each time', async () => {
      const input = {
        content: 'retry me',
        collection: 'idem',
        idempotencyKey: randomUUID(),
      };

      const attempts = await Promise.all([
        upload(input),
        upload(input),
        upload(input),
      ]);
      const again = await upload(input);

      const payloads = [...attempts, again].map((body) => body.data!.upload);
      expect(new Set(payloads.map((p) => p.item.id)).size).toBe(1);
      expect(payloads.filter((p) => p.created)).toHaveLength(1);
      expect(again.data!.upload.created).toBe(false);
      expect(await listAll('idem')).toHaveLength(1);
    });

    it('refuses a key reused for different content', async () => {
      const key = randomUUID();
      await upload({
        content: 'one',
        collection: 'idem2',
        idempotencyKey: key,
      });

      const body = await upload({
        content: 'two',
        collection: 'idem2',
        idempotencyKey: key,
      });

      expect(body.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      expect(body.errors![0]!.message).toMatch(
        /already used for a different upload/,
      );
      expect((await listAll('idem2')).map((item) => item.content)).toEqual([
        'one',
      ]);
    });

    it('makes each upload without a key a new item', async () => {
      await upload({ content: 'same', collection: 'nokey' });
      await upload({ content: 'same', collection: 'nokey' });

      expect(await listAll('nokey')).toHaveLength(2);
    });

    it('releases the key when its item is deleted', async () => {
      const input = {
        content: 'short-lived',
        collection: 'idem3',
        idempotencyKey: randomUUID(),
      };
      const first = await upload(input);
      await stack.graphql(DELETE, { id: first.data!.upload.item.id });

      const second = await upload(input);

      expect(second.data!.upload.created).toBe(true);
      expect(second.data!.upload.item.id).not.toBe(first.data!.upload.item.id);
      expect(await listAll('idem3')).toHaveLength(1);
    });
  });

  describe('uploadMany', () => {
    it('stores a batch in input order', async () => {
      const inputs = Array.from({ length: 25 }, (_, i) => ({
        content: `batch ${i}`,
        collection: 'many',
      }));

      const { body } = await stack.graphql<{ uploadMany: UploadPayload[] }>(
        UPLOAD_MANY,
        { inputs },
      );

      expect(body.errors).toBeUndefined();
      expect(body.data!.uploadMany.map((p) => p.item.content)).toEqual(
        inputs.map((i) => i.content),
      );
      expect(await listAll('many')).toHaveLength(25);
    });

    it('writes nothing when any input is invalid', async () => {
      const inputs = [
        { content: 'fine', collection: 'many-bad' },
        { content: 'fine too', collection: 'many-bad', tags: ['x'.repeat(65)] },
      ];

      const { body } = await stack.graphql(UPLOAD_MANY, { inputs });

      expect(body.errors![0]).toMatchObject({
        message: 'inputs[1].tags[0] must be 1 to 64 characters, got 65',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'inputs[1].tags[0]',
          limit: 64,
        },
      });
      expect(await listAll('many-bad')).toHaveLength(0);
    });

    it('refuses more than 100 inputs', async () => {
      const inputs = Array.from({ length: 101 }, () => ({
        content: 'x',
        collection: 'many-101',
      }));

      const { body } = await stack.graphql(UPLOAD_MANY, { inputs });

      expect(body.errors![0]!.message).toBe(
        'inputs must hold at most 100 uploads, got 101',
      );
      expect(await listAll('many-101')).toHaveLength(0);
    });

    it('completes a half-done batch when retried with the same keys', async () => {
      const inputs = Array.from({ length: 10 }, (_, i) => ({
        content: `resumable ${i}`,
        collection: 'many-retry',
        idempotencyKey: `batch-${i}-${randomUUID()}`,
      }));
      await stack.graphql(UPLOAD_MANY_IDS, { inputs: inputs.slice(0, 4) });

      const { body } = await stack.graphql<{ uploadMany: UploadPayload[] }>(
        UPLOAD_MANY_IDS,
        { inputs },
      );

      expect(body.data!.uploadMany.map((p) => p.created)).toEqual([
        ...Array(4).fill(false),
        ...Array(6).fill(true),
      ]);
      expect(await listAll('many-retry')).toHaveLength(10);
    });
  });

  describe('reading and deleting', () => {
    it('returns null for a well-formed id that matches nothing', async () => {
      const unknown = '6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55';

      const { body } = await stack.graphql<{ item: Item | null }>(ITEM, {
        id: unknown,
      });

      expect(body.errors).toBeUndefined();
      expect(body.data!.item).toBeNull();
    });

    it('refuses a malformed id with BAD_USER_INPUT', async () => {
      const { body } = await stack.graphql(ITEM, { id: "1' OR '1'='1" });

      expect(body.errors![0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      });
      expect(body.errors![0]!.message).toMatch(/^id must be an item id/);
    });

    it('deletes an item from reads and listings, once', async () => {
      const stored = (await upload({ content: 'doomed', collection: 'del' }))
        .data!.upload.item;

      const first = await stack.graphql(DELETE, { id: stored.id });
      const second = await stack.graphql(DELETE, { id: stored.id });
      const read = await stack.graphql<{ item: Item | null }>(ITEM, {
        id: stored.id,
      });

      expect(first.body.data).toEqual({
        deleteItem: { id: stored.id, deleted: true },
      });
      expect(second.body.data).toEqual({
        deleteItem: { id: stored.id, deleted: false },
      });
      expect(read.body.data!.item).toBeNull();
      expect(await listAll('del')).toHaveLength(0);
    });

    it('keeps collections apart', async () => {
      await upload({ content: 'in a', collection: 'sep-a' });
      await upload({ content: 'in b', collection: 'sep-b' });

      expect((await listAll('sep-a')).map((i) => i.content)).toEqual(['in a']);
      expect((await listAll('sep-b')).map((i) => i.content)).toEqual(['in b']);
    });
  });

  describe('cursors', () => {
    async function firstCursor(collection: string) {
      await upload({ content: 'one', collection });
      await upload({ content: 'two', collection });
      const { body } = await stack.graphql<ItemsPage>(ITEMS, {
        collection,
        first: 1,
      });
      return body.data!.items.pageInfo.endCursor!;
    }

    it('refuses a cursor with any character altered', async () => {
      const cursor = await firstCursor('cur-a');
      const flipped =
        cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);

      const { body } = await stack.graphql(ITEMS, {
        collection: 'cur-a',
        first: 1,
        after: flipped,
      });

      expect(body.errors![0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
    });

    it('refuses a forged cursor and one taken from another collection', async () => {
      const cursor = await firstCursor('cur-b');
      const forgedPayload = Buffer.from(
        JSON.stringify({
          b: Date.now(),
          i: '6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55',
        }),
      ).toString('base64url');
      const forged = `${forgedPayload}.${cursor.split('.')[1]}`;

      const elsewhere = await stack.graphql(ITEMS, {
        collection: 'cur-other',
        first: 1,
        after: cursor,
      });
      const fake = await stack.graphql(ITEMS, {
        collection: 'cur-b',
        first: 1,
        after: forged,
      });

      for (const { body } of [elsewhere, fake]) {
        expect(body.errors![0]!.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
        });
        expect(body.data).toBeNull();
      }
    });
  });

  describe('limits', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a lone surrogate',
        { content: 'bad \ud800 text' },
        /^input\.content must be well-formed Unicode/,
      ],
      [
        'too many tags',
        { content: 'x', tags: Array(33).fill('t') },
        /^input\.tags must hold at most 32 tags, got 33$/,
      ],
      [
        'an empty tag',
        { content: 'x', tags: [''] },
        /^input\.tags\[0\] must be 1 to 64 characters, got 0$/,
      ],
      [
        'too many metadata entries',
        { content: 'x', metadata: Array(33).fill({ key: 'k', value: 'v' }) },
        /^input\.metadata must hold at most 32 entries, got 33$/,
      ],
      [
        'a long metadata key',
        { content: 'x', metadata: [{ key: 'k'.repeat(65), value: 'v' }] },
        /^input\.metadata\[0\]\.key must be 1 to 64 characters, got 65$/,
      ],
      [
        'a long metadata value',
        { content: 'x', metadata: [{ key: 'k', value: 'v'.repeat(1025) }] },
        /^input\.metadata\[0\]\.value must be at most 1024 characters, got 1025$/,
      ],
      [
        'a bad collection name',
        { content: 'x', collection: '../etc' },
        /^input\.collection must be 1 to 64 letters, digits/,
      ],
      [
        'a bad content type',
        { content: 'x', contentType: 'not a type' },
        /^input\.contentType must be a media type/,
      ],
      [
        'a bad idempotency key',
        { content: 'x', idempotencyKey: 'has spaces' },
        /^input\.idempotencyKey must be 1 to 128/,
      ],
    ];

    it.each(cases)(
      'refuses %s with a message naming the field, and stores nothing',
      async (_name, input, message) => {
        const collection = `limits-${randomUUID().slice(0, 8)}`;

        const body = await upload({ collection, ...input });

        expect(body.errors![0]!.message).toMatch(message);
        expect(body.errors![0]!.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
        });
        expect(body.data).toBeNull();
        if (!('collection' in input))
          expect(await listAll(collection)).toHaveLength(0);
      },
    );

    it('refuses page sizes outside 1 to 100', async () => {
      for (const first of [0, 101, -1]) {
        const { body } = await stack.graphql(ITEMS, { first });

        expect(body.errors![0]).toMatchObject({
          message: `first must be from 1 to 100, got ${first}`,
          extensions: { code: 'BAD_USER_INPUT', field: 'first', limit: 100 },
        });
      }
    });
  });

  describe('entity references', () => {
    async function listRequests(): Promise<number> {
      const text = await (
        await fetch(`${stack.services.list!.url}/metrics`)
      ).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('cassette_cassandra_requests_total{') &&
            l.includes('outcome="ok"'),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    }

    it('resolves 100 references in a bounded number of Cassandra requests, in order', async () => {
      const inputs = Array.from({ length: 100 }, (_, i) => ({
        content: `ref ${i}`,
        collection: 'refs',
      }));
      const before = await listRequests();

      const { body } = await stack.graphql<{ uploadMany: UploadPayload[] }>(
        UPLOAD_MANY,
        { inputs },
      );
      const used = (await listRequests()) - before;

      expect(body.errors).toBeUndefined();
      expect(body.data!.uploadMany.map((p) => p.item.content)).toEqual(
        inputs.map((i) => i.content),
      );
      // 100 ids in batches of 20: five requests, not a hundred.
      expect(used).toBe(5);
    });
  });
});
