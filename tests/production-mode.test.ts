import { ITEM, ITEMS, UPLOAD, type UploadPayload } from './support/operations';
import { postRaw, signedRequest } from './support/security';
import {
  postGraphQL,
  requestLogs,
  startStack,
  STACK_TENANT,
  type Stack,
} from './support/stack';

const FAILED = 'request failed';

describe('the stack in production mode (NODE_ENV=production)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores an upload and lists it back through the committed supergraph', async () => {
    const collection = 'production';

    const uploaded = await stack.graphql<{ upload: UploadPayload }>(UPLOAD, {
      input: { content: 'in production', collection, tags: ['prod'] },
    });
    const listed = await stack.graphql<{
      items: { edges: Array<{ node: { id: string } }> };
    }>(ITEMS, { collection });

    expect(uploaded.body.errors).toBeUndefined();
    expect(listed.body.errors).toBeUndefined();
    const { item } = uploaded.body.data!.upload;
    expect(item).toMatchObject({
      content: 'in production',
      collection,
      tags: ['prod'],
    });
    expect(listed.body.data!.items.edges.map((edge) => edge.node.id)).toEqual([
      item.id,
    ]);
  });

  it('still refuses a request without credentials', async () => {
    const { status, body } = await postGraphQL(stack.gatewayUrl, ITEMS);

    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Item") { fields { name } } }'],
  ])(
    'refuses introspection through %s and answers none of it',
    async (_, query) => {
      const { status, body } = await stack.graphql(query);

      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('introspection is not allowed'),
          extensions: expect.objectContaining({
            code: 'GRAPHQL_VALIDATION_FAILED',
          }),
        }),
      ]);
    },
  );

  it.each([
    [
      'a misspelled field',
      '{ itme(id: "x") { id } }',
      'Cannot query field "itme" on type "Query".',
    ],
    [
      'a misspelled argument',
      '{ items(frist: 1) { edges { cursor } } }',
      'Unknown argument "frist" on field "Query.items".',
    ],
    [
      'a misspelled type',
      '{ items { edges { node { ... on Iten { id } } } } }',
      'Unknown type "Iten".',
    ],
  ])('names no similar schema element for %s', async (_, query, message) => {
    const { status, body } = await stack.graphql(query);

    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });

  it.each([
    [
      'a validation error',
      '{ items { edges { nope } } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a parse error', '{ items {', {}, 'GRAPHQL_PARSE_FAILED'],
    ['an input error from a resolver', ITEMS, { first: 0 }, 'BAD_USER_INPUT'],
    ['a malformed id', ITEM, { id: 'not-an-id' }, 'BAD_USER_INPUT'],
  ])(
    'puts no stack trace or exception details in %s',
    async (_, query, variables, code) => {
      const { body } = await stack.graphql(query, variables);

      expect(body.errors?.map((error) => error.extensions?.code)).toEqual([
        code,
      ]);
      for (const error of body.errors!) {
        expect(error.extensions).not.toHaveProperty('stacktrace');
        expect(error.extensions).not.toHaveProperty('exception');
      }
      expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|node_modules/);
    },
  );

  it('masks an unexpected error as INTERNAL_SERVER_ERROR and logs it by request id', async () => {
    // An entity reference without an id is nothing the gateway would send;
    // the list subgraph's loader throws a TypeError on it.
    const request = signedRequest(stack.env.SUBGRAPH_SIGNING_SECRET!, {
      query:
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Item { id } } }',
      variables: { r: [{ __typename: 'Item' }] },
      tenant: STACK_TENANT,
      scopes: ['items:read'],
    });

    const { body } = await postRaw(
      `${stack.services.list!.url}/graphql`,
      request.body,
      request.headers,
    );

    expect(body.errors).toEqual([
      {
        message: 'Internal server error.',
        locations: expect.any(Array),
        path: ['_entities'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/TypeError|loader|\.ts:/);

    const requestId = request.headers['x-request-id']!;
    const logged = await requestLogs(stack.services.list!, requestId, FAILED);
    const failures = logged
      .filter((entry) => entry.msg === FAILED)
      .map((entry) => JSON.stringify(entry.err));
    expect(failures).toEqual([expect.stringContaining('TypeError')]);
  });
});
