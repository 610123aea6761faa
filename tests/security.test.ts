import { randomBytes, randomUUID } from 'node:crypto';

import { SIGNATURE_HEADERS } from '@cassette/common';

import { parseApiKey } from '../gateway/src/auth/api-key-token';
import {
  DELETE,
  ITEM,
  ITEMS,
  UPLOAD,
  UPLOAD_MANY,
  type Item,
  type ItemsPage,
  type UploadPayload,
} from './support/operations';
import {
  cassandraRequests,
  mintJwt,
  postRaw,
  signedRequest,
  unsignedJwt,
  waitUntil,
  withWrongSecret,
  type JwtOptions,
  type SignedCall,
  type SubgraphRequest,
} from './support/security';
import {
  postGraphQL,
  requestLogs,
  startStack,
  STACK_TENANT,
  type GraphQLResponse,
  type Stack,
} from './support/stack';

const JWT_SECRET = randomBytes(32).toString('hex');
const JWT_ISSUER = 'https://auth.cassette.test/';
const JWT_AUDIENCE = 'https://api.cassette.test/';
const API_KEY_CACHE_MS = 1_000;
const ALLOWED_ORIGIN = 'http://allowed.example';
const EVIL_ORIGIN = 'http://evil.example';

// What every refused credential gets, so none tells a caller whether a key
// id or a tenant exists.
const REFUSED =
  'Send Authorization: Bearer <API key or JWT>; the credential given is invalid, expired or revoked.';
const UNSIGNED =
  'This service accepts only requests signed by the Cassette gateway.';

const BOTH_SCOPES = ['items:read', 'items:write'];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A collection no other test writes to. */
const uniqueCollection = (name: string) =>
  `${name}-${randomUUID().slice(0, 8)}`;

const jwt = (options: Partial<JwtOptions> = {}) =>
  mintJwt({
    secret: JWT_SECRET,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    claims: { tenant: 'jwt-tenant', scope: 'items:read items:write' },
    ...options,
  });

describe('security of the gateway and the subgraphs behind it', () => {
  let stack: Stack;
  // The stack's tenant, for requests that `stack.graphql` cannot send.
  let stackKey: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        JWT_SECRET,
        JWT_ISSUER,
        JWT_AUDIENCE,
        API_KEY_CACHE_MS: String(API_KEY_CACHE_MS),
        CORS_ORIGINS: ALLOWED_ORIGIN,
        // Refusals are logged at debug; the tests check what those say.
        LOG_LEVEL: 'debug',
      },
    });
    const token = await stack.createKey({
      tenant: STACK_TENANT,
      scopes: BOTH_SCOPES,
    });
    stackKey = bearer(token);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function upload(
    input: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    return stack.graphql<{ upload: UploadPayload }>(UPLOAD, { input }, headers);
  }

  /** The first page of a collection, as the caller `headers` name sees it. */
  async function list(collection: string, headers?: Record<string, string>) {
    const { status, body } = await stack.graphql<ItemsPage>(
      ITEMS,
      { collection, first: 100 },
      headers,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return body.data!.items.edges.map((edge) => edge.node);
  }

  async function itemById(id: string, headers?: Record<string, string>) {
    const { body } = await stack.graphql<{ item: Item | null }>(
      ITEM,
      { id },
      headers,
    );
    expect(body.errors).toBeUndefined();
    return body.data!.item;
  }

  function expectRefusedCredential(response: GraphQLResponse) {
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ message: REFUSED, extensions: { code: 'UNAUTHENTICATED' } }],
    });
  }

  describe('authentication', () => {
    it('refuses a request without credentials with 401 and stores nothing', async () => {
      const collection = uniqueCollection('anonymous');

      const { status, body } = await postGraphQL(stack.gatewayUrl, UPLOAD, {
        input: { content: 'no credentials', collection },
      });

      expect(status).toBe(401);
      expect(body).toEqual({
        errors: [
          {
            message:
              'Send Authorization: Bearer <API key or JWT>; the request carried no bearer credential.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      expect(await list(collection)).toEqual([]);
    });

    it.each<[string, (stack: Stack) => Promise<string>]>([
      ['a token that is neither an API key nor a JWT', async () => 'letmein'],
      [
        'an existing API key with the wrong secret',
        async (s) => {
          const token = await s.createKey({
            tenant: 'acme',
            scopes: BOTH_SCOPES,
          });
          return withWrongSecret(token);
        },
      ],
      [
        'a well-formed API key that was never created',
        async () => `cas_0123456789abcdef_${'A'.repeat(43)}`,
      ],
      [
        'a JWT signed with another secret',
        () => jwt({ secret: randomBytes(32).toString('hex') }),
      ],
      [
        'a JWT that expired a minute ago, beyond the 5 s tolerance',
        () => jwt({ expiresAt: Math.floor(Date.now() / 1000) - 60 }),
      ],
      [
        'a JWT from another issuer',
        () => jwt({ issuer: 'https://elsewhere.example/' }),
      ],
      [
        'a JWT meant for another audience',
        () => jwt({ audience: 'https://other-api.example/' }),
      ],
      [
        'an unsigned JWT (alg none)',
        async () =>
          unsignedJwt({
            iss: JWT_ISSUER,
            aud: JWT_AUDIENCE,
            sub: 'mallory',
            exp: Math.floor(Date.now() / 1000) + 300,
            tenant: 'acme',
            scope: 'items:read items:write',
          }),
      ],
      ['a JWT without an expiry', () => jwt({ expiresAt: null })],
      [
        'a JWT without a tenant claim',
        () => jwt({ claims: { scope: 'items:read items:write' } }),
      ],
    ])(
      'refuses %s with 401 and the message every refusal gets',
      async (_, tokenFor) => {
        const collection = uniqueCollection('refused');
        const token = await tokenFor(stack);

        const response = await upload(
          { content: 'should not be stored', collection },
          bearer(token),
        );

        expectRefusedCredential(response);
        expect(await list(collection)).toEqual([]);
      },
    );

    it('logs why a key was refused, with its id and never its secret', async () => {
      const token = await stack.createKey({
        tenant: 'acme',
        scopes: BOTH_SCOPES,
      });
      const { keyId, secret } = parseApiKey(token)!;

      const { headers } = await stack.graphql(
        ITEMS,
        {},
        bearer(withWrongSecret(token)),
      );

      const requestId = headers.get('x-request-id')!;
      const refused = 'request refused: credential not accepted';
      const logged = await requestLogs(
        stack.services.gateway!,
        requestId,
        refused,
      );
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: refused,
          reason: 'wrong-secret',
          keyId,
        }),
      );
      // Both secrets share all but their last character.
      expect(JSON.stringify(logged)).not.toContain(secret.slice(0, -1));
    });

    it('refuses a revoked key once API_KEY_CACHE_MS has passed', async () => {
      const token = await stack.createKey({
        tenant: 'revoking',
        scopes: ['items:read'],
      });
      const query = () => stack.graphql(ITEMS, {}, bearer(token));
      expect((await query()).status).toBe(200);

      await stack.revokeKey(token);
      // The cache entry from the request above is the longest the key can
      // live on; the slack covers request latency.
      await waitUntil(async () => (await query()).status === 401, {
        timeoutMs: API_KEY_CACHE_MS + 1_500,
      });

      expectRefusedCredential(await query());
    });

    it('refuses an API key once it has expired', async () => {
      const expiresAt = new Date(Date.now() + 2_000);
      const token = await stack.createKey({
        tenant: 'expiring',
        scopes: ['items:read'],
        expiresAt,
      });
      const query = () => stack.graphql(ITEMS, {}, bearer(token));
      expect((await query()).status).toBe(200);

      await waitUntil(async () => (await query()).status === 401, {
        timeoutMs: 2_000 + API_KEY_CACHE_MS + 1_500,
      });

      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
      expectRefusedCredential(await query());
    });

    it("accepts a valid JWT and keeps its items in the JWT's tenant", async () => {
      const token = await jwt();
      const collection = uniqueCollection('jwt');

      const uploaded = await upload(
        { content: 'from a JWT', collection },
        bearer(token),
      );

      expect(uploaded.status).toBe(200);
      expect(uploaded.body.errors).toBeUndefined();
      const { item } = uploaded.body.data!.upload;
      expect(item.content).toBe('from a JWT');
      expect((await list(collection, bearer(token))).map((i) => i.id)).toEqual([
        item.id,
      ]);
      expect(await list(collection)).toEqual([]);
      expect(await itemById(item.id)).toBeNull();
    });
  });

  describe('scopes', () => {
    let readOnly: Record<string, string>;
    let writeOnly: Record<string, string>;

    beforeAll(async () => {
      const key = (scopes: string[]) =>
        stack.createKey({ tenant: 'scoped', scopes });
      readOnly = bearer(await key(['items:read']));
      writeOnly = bearer(await key(['items:write']));
    });

    it('lets a read-only key query but refuses its mutations with 403, storing nothing', async () => {
      const collection = uniqueCollection('read-only');

      const refused = await upload({ content: 'nope', collection }, readOnly);

      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        errors: [
          {
            message:
              'This credential lacks the items:write scope needed for mutations.',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
      expect(await list(collection, readOnly)).toEqual([]);
    });

    it('lets a write-only key upload but refuses its queries with 403', async () => {
      const collection = uniqueCollection('write-only');

      const uploaded = await upload({ content: 'yes', collection }, writeOnly);
      const refused = await stack.graphql(ITEMS, { collection }, writeOnly);

      expect(uploaded.status).toBe(200);
      expect(uploaded.body.errors).toBeUndefined();
      expect(uploaded.body.data!.upload).toMatchObject({
        created: true,
        item: { content: 'yes', collection },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        errors: [
          {
            message:
              'This credential lacks the items:read scope needed for queries.',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
      expect(await list(collection, readOnly)).toHaveLength(1);
    });
  });

  describe('tenants', () => {
    let acme: Record<string, string>;
    let globex: Record<string, string>;

    beforeAll(async () => {
      const key = (tenant: string) =>
        stack.createKey({ tenant, scopes: BOTH_SCOPES });
      acme = bearer(await key('acme'));
      globex = bearer(await key('globex'));
    });

    async function uploadAs(
      headers: Record<string, string>,
      input: Record<string, unknown>,
    ) {
      const { body } = await upload(input, headers);
      expect(body.errors).toBeUndefined();
      return body.data!.upload;
    }

    it('lists only their own items in a collection of the same name', async () => {
      const collection = uniqueCollection('shared');
      const ofAcme = await uploadAs(acme, { content: 'acme', collection });
      const ofGlobex = await uploadAs(globex, {
        content: 'globex',
        collection,
      });

      const seenByAcme = await list(collection, acme);
      const seenByGlobex = await list(collection, globex);

      expect(seenByAcme.map((item) => item.id)).toEqual([ofAcme.item.id]);
      expect(seenByGlobex.map((item) => item.id)).toEqual([ofGlobex.item.id]);
    });

    it("gets null for the other tenant's item by id", async () => {
      const { item } = await uploadAs(acme, { content: 'private' });

      expect(await itemById(item.id, globex)).toBeNull();
      expect((await itemById(item.id, acme))?.content).toBe('private');
    });

    it('ignores signature headers a client sends to the gateway', async () => {
      const { item } = await uploadAs(acme, { content: 'spoofed' });

      const spoofed = await itemById(item.id, {
        ...globex,
        [SIGNATURE_HEADERS.tenant]: 'acme',
        [SIGNATURE_HEADERS.scopes]: BOTH_SCOPES.join(' '),
        [SIGNATURE_HEADERS.issuedAt]: String(Date.now()),
      });

      expect(spoofed).toBeNull();
    });

    it("resolves uploadMany results as the caller's own items only", async () => {
      const inputs = ['one', 'two', 'three'].map((content) => ({ content }));

      const { body } = await stack.graphql<{ uploadMany: UploadPayload[] }>(
        UPLOAD_MANY,
        { inputs },
        acme,
      );
      expect(body.errors).toBeUndefined();
      const items = body.data!.uploadMany.map((payload) => payload.item);

      expect(items.map((item) => item.content)).toEqual([
        'one',
        'two',
        'three',
      ]);
      for (const item of items) {
        expect(await itemById(item.id, globex)).toBeNull();
      }
    });

    it("resolves an entity reference to the other tenant's item as null", async () => {
      const { item } = await uploadAs(acme, { content: 'referenced' });
      const reference = (tenant: string) =>
        signedRequest(stack.env.SUBGRAPH_SIGNING_SECRET!, {
          query: ENTITIES,
          variables: { representations: [{ __typename: 'Item', id: item.id }] },
          tenant,
          scopes: BOTH_SCOPES,
        });

      const asGlobex = await sendTo('list', reference('globex'));
      const asAcme = await sendTo('list', reference('acme'));

      expect(asGlobex.status).toBe(200);
      expect(asGlobex.body).toEqual({ data: { _entities: [null] } });
      expect(asAcme.body).toEqual({
        data: { _entities: [{ id: item.id, content: 'referenced' }] },
      });
    });

    it("does not delete the other tenant's item", async () => {
      const { item } = await uploadAs(acme, { content: 'keep me' });

      const { body } = await stack.graphql<{
        deleteItem: { id: string; deleted: boolean };
      }>(DELETE, { id: item.id }, globex);

      expect(body.errors).toBeUndefined();
      expect(body.data!.deleteItem).toEqual({ id: item.id, deleted: false });
      expect((await itemById(item.id, acme))?.content).toBe('keep me');
    });

    it("keeps idempotency keys apart, so one tenant's key never returns the other's item", async () => {
      const collection = uniqueCollection('idempotent');
      const same = {
        content: 'same',
        collection,
        idempotencyKey: randomUUID(),
      };
      const key = randomUUID();
      const ofAcme = { content: 'acme', collection, idempotencyKey: key };
      const ofGlobex = { content: 'globex', collection, idempotencyKey: key };

      const sameForAcme = await uploadAs(acme, same);
      const sameForGlobex = await uploadAs(globex, same);
      const first = await uploadAs(acme, ofAcme);
      const second = await uploadAs(globex, ofGlobex);
      const retried = await uploadAs(globex, ofGlobex);

      expect(sameForAcme.created).toBe(true);
      expect(sameForGlobex.created).toBe(true);
      expect(sameForGlobex.item.id).not.toBe(sameForAcme.item.id);
      expect(first.created).toBe(true);
      expect(second).toMatchObject({
        created: true,
        item: { content: 'globex' },
      });
      expect(retried).toEqual({ ...second, created: false });
      expect((await list(collection, acme)).map((i) => i.content)).toEqual([
        'acme',
        'same',
      ]);
    });

    it("refuses a cursor from the other tenant's page of the same collection", async () => {
      const collection = uniqueCollection('paged');
      await uploadAs(acme, { content: 'first', collection });
      await uploadAs(acme, { content: 'second', collection });
      const page = await stack.graphql<ItemsPage>(
        ITEMS,
        { collection, first: 1 },
        acme,
      );
      const after = page.body.data!.items.pageInfo.endCursor;
      expect(after).toEqual(expect.any(String));

      const mine = await stack.graphql(ITEMS, { collection, after }, acme);
      const theirs = await stack.graphql(ITEMS, { collection, after }, globex);

      expect(mine.body.errors).toBeUndefined();
      expect(theirs.body.data).toBeNull();
      expect(theirs.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('subgraphs accept only requests the gateway signed', () => {
    type Tampering = (
      sign: (call?: Partial<SignedCall>) => SubgraphRequest,
    ) => SubgraphRequest;

    const tamperings: Array<[string, Tampering]> = [
      [
        'without signature headers',
        (sign) => ({ body: sign().body, headers: {} }),
      ],
      [
        'with a forged signature',
        (sign) =>
          withHeader(
            sign(),
            SIGNATURE_HEADERS.signature,
            randomBytes(32).toString('base64url'),
          ),
      ],
      [
        'signed ten minutes ago',
        (sign) => sign({ issuedAtMs: Date.now() - 10 * 60_000 }),
      ],
      [
        'signed ten minutes ahead',
        (sign) => sign({ issuedAtMs: Date.now() + 10 * 60_000 }),
      ],
      [
        'with the body altered after signing',
        (sign) => {
          const request = sign();
          return { ...request, body: request.body.replace('signed', 'forged') };
        },
      ],
      [
        'with another tenant put in after signing',
        (sign) => withHeader(sign(), SIGNATURE_HEADERS.tenant, 'acme'),
      ],
      [
        'with a scope added after signing',
        (sign) =>
          withHeader(
            sign({ scopes: ['items:read'] }),
            SIGNATURE_HEADERS.scopes,
            BOTH_SCOPES.join(' '),
          ),
      ],
    ];

    // What each subgraph is asked; "signed" appears in each body, where a
    // tampering can change it.
    const calls = {
      upload: (collection: string) => ({
        query: SIGNED_UPLOAD,
        variables: { input: { content: 'signed', collection } },
      }),
      list: (collection: string) => ({
        query: SIGNED_ITEMS,
        variables: { collection: `${collection}-signed` },
      }),
    };

    describe.each(['upload', 'list'] as const)('the %s subgraph', (name) => {
      const signer =
        (collection: string) =>
        (call: Partial<SignedCall> = {}) =>
          signedRequest(stack.env.SUBGRAPH_SIGNING_SECRET!, {
            ...calls[name](collection),
            tenant: STACK_TENANT,
            scopes: BOTH_SCOPES,
            ...call,
          });

      it.each(tamperings)(
        'refuses a request %s with 401 before any resolver runs',
        async (_, tamper) => {
          const collection = uniqueCollection('direct');
          const before = await cassandraRequests(stack.services[name]!);

          const { status, body } = await sendTo(
            name,
            tamper(signer(collection)),
          );

          expect(status).toBe(401);
          expect(body).toEqual({
            errors: [
              { message: UNSIGNED, extensions: { code: 'UNAUTHENTICATED' } },
            ],
          });
          expect(await cassandraRequests(stack.services[name]!)).toBe(before);
          expect(await list(collection)).toEqual([]);
        },
      );

      it('answers a request signed as the gateway signs one', async () => {
        const collection = uniqueCollection('direct');
        const before = await cassandraRequests(stack.services[name]!);

        const { status, body } = await sendTo(name, signer(collection)());

        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(body.data).toEqual(
          name === 'upload'
            ? { upload: { created: true, item: { id: expect.any(String) } } }
            : { items: { edges: [] } },
        );
        expect(await cassandraRequests(stack.services[name]!)).toBeGreaterThan(
          before,
        );
        expect(await list(collection)).toHaveLength(name === 'upload' ? 1 : 0);
      });
    });
  });

  describe('query limits at the gateway', () => {
    let before: { upload: number; list: number };

    beforeEach(async () => {
      before = {
        upload: await cassandraRequests(stack.services.upload!),
        list: await cassandraRequests(stack.services.list!),
      };
    });

    async function expectNoSubgraphWork() {
      expect({
        upload: await cassandraRequests(stack.services.upload!),
        list: await cassandraRequests(stack.services.list!),
      }).toEqual(before);
    }

    function expectLimit(
      response: GraphQLResponse,
      exceeded: string,
      limit: number,
      actual: number,
      message: string,
    ) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [
          {
            message,
            extensions: { code: 'BAD_USER_INPUT', exceeded, limit, actual },
          },
        ],
      });
    }

    // `items` at the root means an operation that ran would read Cassandra
    // through the list subgraph, which the counters would show.
    const ITEMS_IDS = 'items(first: 1) { edges { node { id } } }';

    it('lets an operation within every limit through to the list subgraph', async () => {
      const { status } = await stack.graphql(`{ ${ITEMS_IDS} }`);

      expect(status).toBe(200);
      expect(await cassandraRequests(stack.services.list!)).toBeGreaterThan(
        before.list,
      );
    });

    it('answers an introspection query exactly 15 levels deep', async () => {
      const { status, body } = await stack.graphql(
        `{ __schema { types { fields { type ${ofTypes(10)} } } } }`,
      );

      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    });

    it('refuses a query 16 levels deep with 400 and calls no subgraph', async () => {
      const query = `{ ${ITEMS_IDS} __schema { types { fields { type ${ofTypes(11)} } } } }`;

      const response = await stack.graphql(query);

      expectLimit(
        response,
        'depth',
        15,
        16,
        'The query is 16 levels deep; the limit is 15 (QUERY_MAX_DEPTH).',
      );
      await expectNoSubgraphWork();
    });

    it('refuses 31 aliases with 400 and calls no subgraph', async () => {
      const aliased = Array.from(
        { length: 31 },
        (_, i) => `a${i}: ${ITEMS_IDS}`,
      );

      const response = await stack.graphql(`{ ${aliased.join(' ')} }`);

      expectLimit(
        response,
        'aliases',
        30,
        31,
        'The query uses 31 aliases; the limit is 30 (QUERY_MAX_ALIASES).',
      );
      await expectNoSubgraphWork();
    });

    it('refuses an operation costing over 10000 with 400 and calls no subgraph', async () => {
      const node =
        'id content contentType collection size sha256 tags createdAt';
      const pages = Array.from(
        { length: 12 },
        (_, i) => `p${i}: items(first: 100) { edges { node { ${node} } } }`,
      );
      // Each page: items and edges cost 1 each, and 100 nodes cost 1 plus
      // their 8 fields: 902.
      const cost = 12 * (2 + 100 * 9);

      const response = await stack.graphql(`{ ${pages.join(' ')} }`);

      expectLimit(
        response,
        'cost',
        10_000,
        cost,
        `The query costs ${cost}; the limit is 10000 (QUERY_MAX_COST).`,
      );
      await expectNoSubgraphWork();
    });

    it('stops parsing past 2000 tokens with 400 and calls no subgraph', async () => {
      const query = `{ items { edges { node { ${'id '.repeat(2_000)}} } } }`;

      const { status, body } = await stack.graphql(query);

      expect(status).toBe(400);
      expect(body.errors).toEqual([
        expect.objectContaining({
          message:
            'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        }),
      ]);
      await expectNoSubgraphWork();
    });

    it('refuses a batch of two operations with 400 and calls no subgraph', async () => {
      const collection = uniqueCollection('batched');
      const operation = {
        query: UPLOAD,
        variables: { input: { content: 'batched', collection } },
      };

      const response = await postRaw(
        stack.gatewayUrl,
        JSON.stringify([operation, operation]),
        stackKey,
      );

      expectLimit(
        response,
        'batchOperations',
        1,
        2,
        'This request batches 2 operations; the limit is 1 (BATCH_MAX_OPERATIONS).',
      );
      await expectNoSubgraphWork();
      expect(await list(collection)).toEqual([]);
    });

    it('refuses a 5 MiB body with 413 and calls no subgraph', async () => {
      const body = JSON.stringify({
        query: `{ ${ITEMS_IDS} }`,
        variables: { padding: 'x'.repeat(5 * 1_048_576) },
      });

      const response = await postRaw(stack.gatewayUrl, body, stackKey);

      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        errors: [
          {
            message: 'The request body is larger than this server accepts.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      await expectNoSubgraphWork();
    });
  });

  describe('HTTP methods and CORS', () => {
    it('refuses a mutation over GET with 405 even with a valid key', async () => {
      const collection = uniqueCollection('over-get');
      const query = `mutation { upload(input: { content: "via GET", collection: "${collection}" }) { created } }`;

      const response = await fetch(
        `${stack.gatewayUrl}?query=${encodeURIComponent(query)}`,
        { headers: { ...stackKey, 'apollo-require-preflight': 'true' } },
      );

      expect(response.status).toBe(405);
      expect(await response.json()).toEqual({
        errors: [
          {
            message:
              'GET requests only support query operations, not mutation operations',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      expect(await list(collection)).toEqual([]);
    });

    it.each([
      ['a text/plain POST', { 'content-type': 'text/plain' }],
      ['a form POST', { 'content-type': 'application/x-www-form-urlencoded' }],
    ])(
      'refuses %s, which a browser sends cross-site without preflight, with 400',
      async (_, headers) => {
        const collection = uniqueCollection('csrf');
        const body = JSON.stringify({
          query: UPLOAD,
          variables: { input: { content: 'cross-site', collection } },
        });

        const response = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { ...stackKey, ...headers },
          body,
        });

        expect(response.status).toBe(400);
        expect(await response.text()).toContain('Cross-Site Request Forgery');
        expect(await list(collection)).toEqual([]);
      },
    );

    it('refuses a GET query without a preflight header with 400', async () => {
      const query = encodeURIComponent('{ items { edges { cursor } } }');

      const response = await fetch(`${stack.gatewayUrl}?query=${query}`, {
        headers: stackKey,
      });

      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Cross-Site Request Forgery');
    });

    it('answers a preflight from an allowed origin with 204 and that origin', async () => {
      const response = await preflight(ALLOWED_ORIGIN);

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(
        ALLOWED_ORIGIN,
      );
      expect(response.headers.get('access-control-allow-headers')).toContain(
        'authorization',
      );
    });

    it('refuses a preflight from any other origin with 403 and no CORS headers', async () => {
      const response = await preflight(EVIL_ORIGIN);

      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('names only an allowed origin in the answer to a POST', async () => {
      const from = (origin: string) => stack.graphql(ITEMS, {}, { origin });

      const allowed = await from(ALLOWED_ORIGIN);
      const evil = await from(EVIL_ORIGIN);

      expect(allowed.headers.get('access-control-allow-origin')).toBe(
        ALLOWED_ORIGIN,
      );
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    function preflight(origin: string) {
      return fetch(stack.gatewayUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    }
  });

  // Last, so that it reads the logs of every request above.
  describe('logs', () => {
    it('never hold a bearer token or a secret, in any service', async () => {
      const secrets = [
        JWT_SECRET,
        stack.env.SUBGRAPH_SIGNING_SECRET!,
        stack.env.CURSOR_SECRET!,
      ];
      const logs = Object.values(stack.services).flatMap((s) => s.logs);

      expect(logs.length).toBeGreaterThan(100);
      for (const line of logs) {
        expect(line).not.toMatch(/cas_[0-9a-f]{16}_[\w-]{43}/);
        expect(line).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
        for (const secret of secrets) expect(line).not.toContain(secret);
      }
    });
  });

  function sendTo(name: 'upload' | 'list', request: SubgraphRequest) {
    const url = `${stack.services[name]!.url}/graphql`;
    return postRaw(url, request.body, request.headers);
  }
});

const SIGNED_UPLOAD = /* GraphQL */ `
  mutation Upload($input: UploadInput!) {
    upload(input: $input) {
      created
      item {
        id
      }
    }
  }
`;

const SIGNED_ITEMS = /* GraphQL */ `
  query Items($collection: String) {
    items(collection: $collection) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

// What the gateway asks the list subgraph for an upload's fields.
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Item {
        id
        content
      }
    }
  }
`;

/** `{ ofType { ofType … { name } } }`, `count` levels of ofType deep. */
function ofTypes(count: number): string {
  return '{ ofType '.repeat(count) + '{ name }' + ' }'.repeat(count);
}

function withHeader(
  request: SubgraphRequest,
  name: string,
  value: string,
): SubgraphRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}
