import { createHash, randomUUID } from 'node:crypto';

import {
  CassetteClient,
  CassetteClientError,
  type TypedDocument,
} from '@cassette/client';

import { failureOf } from './support/failure';
import { freePort, startStack, type Stack } from './support/stack';

const BOTH_SCOPES = ['items:read', 'items:write'];
const TENANT = 'client-tests';

/** A collection no other test writes to. */
const uniqueCollection = (name: string) =>
  `${name}-${randomUUID().slice(0, 8)}`;

const sha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

describe('the typed client against the real gateway', () => {
  let stack: Stack;
  let client: CassetteClient;

  beforeAll(async () => {
    stack = await startStack();
    const token = await stack.createKey({
      tenant: TENANT,
      scopes: BOTH_SCOPES,
      name: 'client test',
    });
    client = new CassetteClient({ url: stack.gatewayUrl, token });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Every id in a collection, newest first, read with the iterator. */
  async function idsIn(collection: string, pageSize = 100) {
    const ids: string[] = [];
    for await (const item of client.items({ collection, pageSize })) {
      ids.push(item.id);
    }
    return ids;
  }

  describe('uploads and reads', () => {
    it('returns the stored item with every field, its content byte for byte', async () => {
      const collection = uniqueCollection('typed');
      const content =
        'She said "hi" 👋🏽 and \'bye\'\n\tback\\slash; DROP TABLE items; -- 日本語';

      const { created, item } = await client.upload({
        content,
        collection,
        contentType: 'text/markdown; charset=utf-8',
        tags: ['émoji 🎉', 'quote"d'],
        metadata: [{ key: 'author', value: "O'Brien" }],
      });

      expect(created).toBe(true);
      expect(item).toEqual({
        id: expect.any(String),
        collection,
        content,
        contentType: 'text/markdown; charset=utf-8',
        size: Buffer.byteLength(content, 'utf8'),
        sha256: sha256(content),
        tags: ['émoji 🎉', 'quote"d'],
        metadata: [{ key: 'author', value: "O'Brien" }],
        createdAt: expect.any(String),
      });
      expect(new Date(item.createdAt).toISOString()).toBe(item.createdAt);
      expect(await client.item(item.id)).toEqual(item);
    });

    it('returns the first item, created false, when an upload is retried with its key', async () => {
      const collection = uniqueCollection('retry');
      const input = {
        content: 'sent twice',
        collection,
        idempotencyKey: `retry-${randomUUID()}`,
      };

      const first = await client.upload(input);
      const retry = await client.upload(input);

      expect(first.created).toBe(true);
      expect(retry).toEqual({ created: false, item: first.item });
      expect(await idsIn(collection)).toEqual([first.item.id]);
    });

    it('returns uploadMany results in input order', async () => {
      const collection = uniqueCollection('many');
      const contents = ['first', 'second', 'third', 'fourth', 'fifth'];

      const results = await client.uploadMany(
        contents.map((content) => ({ content, collection })),
      );

      expect(results.map((r) => r.item.content)).toEqual(contents);
      expect(results.every((r) => r.created)).toBe(true);
      expect(new Set(results.map((r) => r.item.id)).size).toBe(5);
    });

    it('resolves item with null for a well-formed id that matches nothing', async () => {
      expect(await client.item('6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55')).toBe(
        null,
      );
    });

    it('deletes an item once: true, then false, and it is gone', async () => {
      const collection = uniqueCollection('delete');
      const { item } = await client.upload({ content: 'doomed', collection });

      expect(await client.deleteItem(item.id)).toBe(true);
      expect(await client.deleteItem(item.id)).toBe(false);
      expect(await client.item(item.id)).toBeNull();
      expect(await idsIn(collection)).toEqual([]);
    });
  });

  describe('paging', () => {
    const collection = uniqueCollection('pages');
    let newestFirst: string[];

    beforeAll(async () => {
      const stored: string[] = [];
      for (let start = 0; start < 250; start += 100) {
        const inputs = Array.from(
          { length: Math.min(100, 250 - start) },
          (_, i) => ({ content: `item ${start + i}`, collection }),
        );
        const results = await client.uploadMany(inputs);
        stored.push(...results.map((r) => r.item.id));
      }
      newestFirst = stored.reverse();
    });

    it('walks all 250 items with items(), newest first, each exactly once', async () => {
      const seen = await idsIn(collection, 40);

      expect(seen).toHaveLength(250);
      expect(seen).toEqual(newestFirst);
    });

    it('gives itemsPage exactly `first` items and a cursor to the next page', async () => {
      const page = await client.itemsPage({ collection, first: 7 });
      const next = await client.itemsPage({
        collection,
        first: 7,
        after: page.pageInfo.endCursor,
      });

      expect(page.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(0, 7));
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(next.edges.map((e) => e.node.id)).toEqual(
        newestFirst.slice(7, 14),
      );
    });

    it('resumes items() after a cursor from itemsPage', async () => {
      const page = await client.itemsPage({ collection, first: 100 });
      const rest: string[] = [];
      for await (const item of client.items({
        collection,
        pageSize: 40,
        after: page.pageInfo.endCursor!,
      })) {
        rest.push(item.id);
      }

      expect(rest).toEqual(newestFirst.slice(100));
    });
  });

  describe('errors through the gateway', () => {
    it('throws UNAUTHENTICATED with status 401 without a token, carrying the request id', async () => {
      const anonymous = new CassetteClient({ url: stack.gatewayUrl });

      const error = await failureOf(
        anonymous.upload(
          { content: 'no token', collection: uniqueCollection('anon') },
          { requestId: 'client-test-anonymous' },
        ),
      );

      expect(error).toBeInstanceOf(CassetteClientError);
      expect(error).toMatchObject({
        code: 'UNAUTHENTICATED',
        status: 401,
        retryable: false,
        requestId: 'client-test-anonymous',
      });
    });

    it('throws UNAUTHENTICATED with status 401 for a token that is no credential', async () => {
      const impostor = new CassetteClient({
        url: stack.gatewayUrl,
        token: 'letmein',
      });

      const error = await failureOf(impostor.item(randomUUID()));

      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    });

    it('throws FORBIDDEN with status 403 when a read-only key uploads, storing nothing', async () => {
      const collection = uniqueCollection('read-only');
      const readOnly = new CassetteClient({
        url: stack.gatewayUrl,
        token: await stack.createKey({
          tenant: TENANT,
          scopes: ['items:read'],
          name: 'client test, read only',
        }),
      });

      const error = await failureOf(
        readOnly.upload({ content: 'nope', collection }),
      );

      expect(error).toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
        retryable: false,
        message:
          'This credential lacks the items:write scope needed for mutations.',
      });
      expect(await idsIn(collection)).toEqual([]);
    });

    it('throws BAD_USER_INPUT naming the field and limit for too many tags', async () => {
      const collection = uniqueCollection('tags');
      const tags = Array.from({ length: 33 }, (_, i) => `tag-${i}`);

      const error = await failureOf(
        client.upload({ content: 'tagged', collection, tags }),
      );

      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.tags',
        limit: 32,
        retryable: false,
        message: 'input.tags must hold at most 32 tags, got 33',
      });
      expect(await idsIn(collection)).toEqual([]);
    });

    it('throws BAD_USER_INPUT naming the field for a bad collection name', async () => {
      const error = await failureOf(
        client.upload({ content: 'lost', collection: 'no spaces allowed' }),
      );

      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.collection',
        message: expect.stringContaining('"no spaces allowed"'),
      });
    });

    it('throws a retryable NETWORK_ERROR when nothing listens at the URL', async () => {
      const url = `http://127.0.0.1:${await freePort()}/graphql`;
      const nowhere = new CassetteClient({ url, token: 'unused' });

      const error = await failureOf(nowhere.item(randomUUID()));

      expect(error).toBeInstanceOf(CassetteClientError);
      expect(error).toMatchObject({
        code: 'NETWORK_ERROR',
        retryable: true,
        status: undefined,
        message: expect.stringMatching(
          `^Could not reach the gateway at ${url}: .*ECONNREFUSED`,
        ),
      });
    });
  });

  describe('request() with a hand-written document', () => {
    interface TagsQuery {
      item: { id: string; tags: string[] } | null;
    }
    const TAGS: TypedDocument<TagsQuery, { id: string }> = {
      toString: () => /* GraphQL */ `
        query ItemTags($id: ID!) {
          item(id: $id) {
            id
            tags
          }
        }
      `,
    };

    it('resolves with the data typed by the document', async () => {
      const { item } = await client.upload({
        content: 'tagged',
        collection: uniqueCollection('typed-doc'),
        tags: ['a', 'b'],
      });

      const data = await client.request(TAGS, { id: item.id });

      expect(data).toEqual({ item: { id: item.id, tags: ['a', 'b'] } });
    });

    it('throws GRAPHQL_VALIDATION_FAILED for a field the schema lacks', async () => {
      const wrong: TypedDocument<unknown, Record<string, never>> = {
        toString: () => '{ items { colour } }',
      };

      const error = await failureOf(client.request(wrong, {}));

      expect(error).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        status: 400,
      });
    });
  });
});
