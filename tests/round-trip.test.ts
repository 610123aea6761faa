import {
  requestLogs,
  startStack,
  type GraphQLResponse,
  type Stack,
} from './support/stack';

const UPLOAD = /* GraphQL */ `
  mutation Upload($content: String!) {
    upload(input: { content: $content }) {
      item {
        id
        content
        createdAt
      }
    }
  }
`;

const ITEMS = /* GraphQL */ `
  query Items($first: Int, $after: String) {
    items(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          content
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

interface UploadData {
  upload: { item: { id: string; content: string; createdAt: string } };
}
interface ItemsData {
  items: {
    edges: Array<{ cursor: string; node: UploadData['upload']['item'] }>;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

describe('the upload and list round trip through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('returns an empty first page before anything is stored', async () => {
    const { body } = await stack.graphql<ItemsData>(ITEMS, { first: 5 });

    expect(body.errors).toBeUndefined();
    expect(body.data?.items.edges).toEqual([]);
    expect(body.data?.items.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('stores an upload and resolves every Item field from the list subgraph', async () => {
    const content = `O'Brien said "SELECT * FROM items; DROP TABLE x" 👋🏽 é\u0301 שלום`;

    const { body } = await stack.graphql<UploadData>(UPLOAD, { content });

    expect(body.errors).toBeUndefined();
    const item = body.data!.upload.item;
    expect(item.content).toBe(content);
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - Date.parse(item.createdAt)).toBeLessThan(60_000);
    expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('lists uploads newest first and pages through them with cursors', async () => {
    const contents = ['first', 'second', 'third', 'fourth', 'fifth'];
    for (const content of contents) {
      await stack.graphql(UPLOAD, { content });
    }

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response: GraphQLResponse<ItemsData> = await stack.graphql(ITEMS, {
        first: 2,
        after,
      });
      expect(response.body.errors).toBeUndefined();
      const { edges, pageInfo }: ItemsData['items'] = response.body.data!.items;
      seen.push(...edges.map((edge) => edge.node.content));
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      pages += 1;
    } while (after);

    // Six items in all: the five above, newest first, then the earlier one.
    expect(seen.slice(0, 5)).toEqual([...contents].reverse());
    expect(seen).toHaveLength(6);
    expect(pages).toBe(3);
  });

  it('passes the request id from the gateway to the subgraphs', async () => {
    const requestId = `round-trip-${Date.now()}`;

    const { headers } = await stack.graphql(
      UPLOAD,
      { content: 'traced' },
      { 'x-request-id': requestId },
    );

    expect(headers.get('x-request-id')).toBe(requestId);
    const logged = await requestLogs(
      stack.services.upload!,
      requestId,
      'upload',
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ service: 'upload', msg: 'upload' }),
    );
  });

  it('accepts queries over GET but refuses mutations there', async () => {
    const query = encodeURIComponent(
      '{ items(first: 1) { edges { cursor } } }',
    );
    const mutation = encodeURIComponent(
      'mutation { upload(input: { content: "via GET" }) { item { id } } }',
    );
    const token = await stack.createKey({
      tenant: 'get-test',
      scopes: ['items:read', 'items:write'],
    });
    const headers = {
      'apollo-require-preflight': 'true',
      authorization: `Bearer ${token}`,
    };

    const ok = await fetch(`${stack.gatewayUrl}?query=${query}`, { headers });
    const refused = await fetch(`${stack.gatewayUrl}?query=${mutation}`, {
      headers,
    });

    expect(ok.status).toBe(200);
    expect(refused.status).toBe(405);
    const body = (await refused.json()) as {
      errors: Array<{ message: string }>;
    };
    expect(body.errors[0]!.message).toMatch(/GET requests only support query/);
  });
});
