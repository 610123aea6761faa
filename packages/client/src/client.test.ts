import { failureOf } from '../../../tests/support/failure';
import { CassetteClient, type Item } from './client';
import { CassetteClientError } from './errors';
import { UploadDocument } from './generated/operations';

const GATEWAY_URL = 'http://gateway.test/graphql';

/** What the fake gateway saw of one request. */
interface SentRequest {
  url: string;
  method: string | undefined;
  headers: Headers;
  query: string;
  variables: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

type Respond = (request: SentRequest) => Response | Promise<Response>;

/** A fetch that records each request and answers it with `respond`. */
function fakeGateway(respond: Respond) {
  const sent: SentRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const body: { query: string; variables: Record<string, unknown> } =
      JSON.parse(String(init?.body));
    const request: SentRequest = {
      url: String(input),
      method: init?.method,
      headers: new Headers(init?.headers),
      query: body.query,
      variables: body.variables,
      signal: init?.signal ?? undefined,
    };
    sent.push(request);
    return respond(request);
  };
  return { fetch, sent };
}

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** Settles only when the request's signal aborts, as fetch then does. */
function hangUntilAborted(request: SentRequest): Promise<Response> {
  return new Promise((_, reject) => {
    const { signal } = request;
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason));
  });
}

const item = (id: string): Item => ({
  id,
  collection: 'notes',
  content: `content of ${id}`,
  contentType: 'text/plain',
  size: 13,
  sha256: '0'.repeat(64),
  tags: [],
  metadata: [],
  createdAt: '2025-01-01T00:00:00.000Z',
});

const uploaded = { data: { upload: { created: true, item: item('a') } } };

describe('new CassetteClient', () => {
  it.each(['localhost:8000/graphql', 'ws://localhost:8000/graphql', ''])(
    'refuses %j as the gateway URL and says what it got',
    (url) => {
      expect(() => new CassetteClient({ url })).toThrow(
        new TypeError(
          `CassetteClient needs an http(s) URL for the gateway, got "${url}"`,
        ),
      );
    },
  );

  it('accepts https URLs', () => {
    const { fetch } = fakeGateway(() => json(uploaded));

    expect(
      () => new CassetteClient({ url: 'https://api.test/graphql', fetch }),
    ).not.toThrow();
  });
});

describe('CassetteClient requests', () => {
  it('posts the document and its variables as JSON to the gateway URL', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    await client.upload({ content: 'hello', collection: 'notes' });

    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request.url).toBe(GATEWAY_URL);
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.query).toBe(UploadDocument.toString());
    expect(request.variables).toEqual({
      input: { content: 'hello', collection: 'notes' },
    });
  });

  it('sends a string token as a bearer header', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    const client = new CassetteClient({
      url: GATEWAY_URL,
      token: 'ck_secret',
      fetch,
    });

    await client.upload({ content: 'x' });

    expect(sent[0].headers.get('authorization')).toBe('Bearer ck_secret');
  });

  it('asks a token function for a fresh token on every request', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    let issued = 0;
    const token = async () => `jwt-${++issued}`;
    const client = new CassetteClient({ url: GATEWAY_URL, token, fetch });

    await client.upload({ content: 'one' });
    await client.upload({ content: 'two' });

    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer jwt-1',
      'Bearer jwt-2',
    ]);
  });

  it('turns a failing token function into UNAUTHENTICATED without sending', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    const token = async () => {
      throw new Error('refresh token expired');
    };
    const client = new CassetteClient({ url: GATEWAY_URL, token, fetch });

    const failure = client.upload({ content: 'x' });

    await expect(failure).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The token function failed: refresh token expired',
    });
    expect(sent).toHaveLength(0);
  });

  it('sends no authorization header when there is no token', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    const withNone = new CassetteClient({ url: GATEWAY_URL, fetch });
    const withEmpty = new CassetteClient({
      url: GATEWAY_URL,
      token: () => undefined,
      fetch,
    });

    await withNone.upload({ content: 'x' });
    await withEmpty.upload({ content: 'x' });

    expect(sent.map((r) => r.headers.has('authorization'))).toEqual([
      false,
      false,
    ]);
  });

  it('adds the extra headers to every request', async () => {
    const { fetch, sent } = fakeGateway(() => json(uploaded));
    const client = new CassetteClient({
      url: GATEWAY_URL,
      headers: { 'apollo-require-preflight': 'true' },
      fetch,
    });

    await client.upload({ content: 'x' });

    expect(sent[0].headers.get('apollo-require-preflight')).toBe('true');
  });

  it('sends the caller’s request id and reports the one the gateway echoes', async () => {
    const { fetch, sent } = fakeGateway((request) =>
      json(
        { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] },
        {
          status: 403,
          headers: { 'x-request-id': request.headers.get('x-request-id')! },
        },
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(
      client.upload({ content: 'x' }, { requestId: 'trace-42' }),
    );

    expect(sent[0].headers.get('x-request-id')).toBe('trace-42');
    expect(error).toMatchObject({ requestId: 'trace-42', status: 403 });
  });

  it('reports the request id the gateway assigned when the caller sent none', async () => {
    const { fetch, sent } = fakeGateway(() =>
      json(
        {
          errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }],
        },
        { status: 401, headers: { 'x-request-id': 'gw-7' } },
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(sent[0].headers.has('x-request-id')).toBe(false);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'gw-7' });
  });
});

describe('CassetteClient results', () => {
  it('resolves upload with the payload and uploadMany with every payload', async () => {
    const second = { created: false, item: item('b') };
    const { fetch } = fakeGateway((request) =>
      json(
        request.query.includes('uploadMany')
          ? { data: { uploadMany: [uploaded.data.upload, second] } }
          : uploaded,
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    expect(await client.upload({ content: 'x' })).toEqual(uploaded.data.upload);
    expect(
      await client.uploadMany([{ content: 'x' }, { content: 'y' }]),
    ).toEqual([uploaded.data.upload, second]);
  });

  it('resolves item with null and deleteItem with false for an unknown id', async () => {
    const { fetch } = fakeGateway((request) =>
      json(
        request.query.includes('deleteItem')
          ? { data: { deleteItem: { id: 'nope', deleted: false } } }
          : { data: { item: null } },
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    expect(await client.item('nope')).toBeNull();
    expect(await client.deleteItem('nope')).toBe(false);
  });
});

describe('CassetteClient errors', () => {
  it('throws a GraphQL error as a CassetteClientError with its code, field, limit and status', async () => {
    const errors = [
      {
        message: 'input.tags must hold at most 32 tags, got 33',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.tags', limit: 32 },
      },
    ];
    const { fetch } = fakeGateway(() =>
      json(
        { data: null, errors },
        { status: 200, headers: { 'x-request-id': 'r-1' } },
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.upload({ content: 'x' }));

    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'input.tags must hold at most 32 tags, got 33',
      field: 'input.tags',
      limit: 32,
      retryable: false,
      status: 200,
      requestId: 'r-1',
      errors,
    });
  });

  it('throws even when errors come with partial data', async () => {
    const { fetch } = fakeGateway(() =>
      json({
        data: { item: null },
        errors: [{ message: 'down', extensions: { code: 'UNAVAILABLE' } }],
      }),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });

  it('keeps a code this client does not know', async () => {
    const { fetch } = fakeGateway(() =>
      json(
        { errors: [{ message: 'slow', extensions: { code: 'RATE_LIMITED' } }] },
        { status: 429 },
      ),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('reports an answer that is not JSON as BAD_RESPONSE, quoting what came back', async () => {
    const { fetch } = fakeGateway(
      () =>
        new Response('<html>502 Bad Gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html', 'x-request-id': 'lb-1' },
        }),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      status: 502,
      requestId: 'lb-1',
      retryable: false,
      message:
        'The gateway answered HTTP 502 with something other than a GraphQL response: "<html>502 Bad Gateway</html>"',
    });
  });

  it.each([
    ['an empty object', {}],
    ['null data and no errors', { data: null }],
  ])('reports %s as BAD_RESPONSE', async (_, body) => {
    const { fetch } = fakeGateway(() => json(body));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      message: 'The gateway answered HTTP 200 with neither data nor errors.',
    });
  });

  it('reports JSON that is not an object, such as a bare string, as BAD_RESPONSE', async () => {
    const { fetch } = fakeGateway(() => json('ok'));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
  });

  it('reports a rejected fetch as a retryable NETWORK_ERROR that names the reason', async () => {
    const refused = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
    });
    const { fetch } = fakeGateway(() => Promise.reject(refused));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({
      code: 'NETWORK_ERROR',
      retryable: true,
      status: undefined,
      cause: refused,
      message: `Could not reach the gateway at ${GATEWAY_URL}: fetch failed (connect ECONNREFUSED 127.0.0.1:9)`,
    });
  });

  it('names the reason of a rejection from another realm, which is no instanceof Error', async () => {
    // What Node's own fetch rejects with, seen from inside a Jest sandbox.
    const foreign = {
      name: 'TypeError',
      message: 'fetch failed',
      cause: { message: 'connect ECONNREFUSED 127.0.0.1:9' },
    };
    const { fetch } = fakeGateway(() => Promise.reject(foreign));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({
      code: 'NETWORK_ERROR',
      message: `Could not reach the gateway at ${GATEWAY_URL}: fetch failed (connect ECONNREFUSED 127.0.0.1:9)`,
    });
  });

  it('reports a connection dropped while the body streams in as NETWORK_ERROR', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        controller.error(new TypeError('terminated'));
      },
    });
    const { fetch } = fakeGateway(() => new Response(body, { status: 200 }));
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(client.item('a'));

    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
  });

  it('gives up with a retryable TIMEOUT when the gateway does not answer within timeoutMs', async () => {
    const { fetch } = fakeGateway(hangUntilAborted);
    const client = new CassetteClient({
      url: GATEWAY_URL,
      timeoutMs: 20,
      fetch,
    });

    const error = await failureOf(client.item('a'));

    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      message: `The gateway at ${GATEWAY_URL} did not answer within 20 ms.`,
    });
  });

  it('applies the timeout to a body that never finishes', async () => {
    const { fetch } = fakeGateway((request) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"data":'));
          request.signal?.addEventListener('abort', () =>
            controller.error(request.signal?.reason),
          );
        },
      });
      return new Response(body, { status: 200 });
    });
    const client = new CassetteClient({
      url: GATEWAY_URL,
      timeoutMs: 20,
      fetch,
    });

    const error = await failureOf(client.item('a'));

    expect(error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('stops when the caller’s signal aborts, as ABORTED and not retryable', async () => {
    const { fetch, sent } = fakeGateway(hangUntilAborted);
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });
    const controller = new AbortController();

    const pending = failureOf(client.item('a', { signal: controller.signal }));
    controller.abort(new Error('user left the page'));
    const error = await pending;

    expect(sent).toHaveLength(1);
    expect(error).toBeInstanceOf(CassetteClientError);
    expect(error).toMatchObject({
      code: 'ABORTED',
      retryable: false,
      message: 'The request was aborted by its caller: user left the page',
    });
  });

  it('fails at once with ABORTED when the caller’s signal is already aborted', async () => {
    const { fetch } = fakeGateway(hangUntilAborted);
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const error = await failureOf(
      client.item('a', { signal: AbortSignal.abort() }),
    );

    expect(error).toMatchObject({ code: 'ABORTED', retryable: false });
  });
});

describe('CassetteClient.items', () => {
  // Three pages of two items: a1 a2 | b1 b2 | c1, cursors named after pages.
  const pages: Record<string, { ids: string[]; next: string | null }> = {
    start: { ids: ['a1', 'a2'], next: 'after-a' },
    'after-a': { ids: ['b1', 'b2'], next: 'after-b' },
    'after-b': { ids: ['c1'], next: null },
  };

  function pagedGateway() {
    return fakeGateway((request) => {
      const after = request.variables.after;
      const page = pages[typeof after === 'string' ? after : 'start'];
      return json({
        data: {
          items: {
            edges: page.ids.map((id) => ({
              cursor: `c-${id}`,
              node: item(id),
            })),
            pageInfo: {
              hasNextPage: page.next !== null,
              endCursor: page.next ?? `c-${page.ids.at(-1)}`,
            },
          },
        },
      });
    });
  }

  async function collect(iterable: AsyncIterable<Item>): Promise<string[]> {
    const ids: string[] = [];
    for await (const each of iterable) ids.push(each.id);
    return ids;
  }

  it('follows endCursor across pages and stops when hasNextPage is false', async () => {
    const { fetch, sent } = pagedGateway();
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const ids = await collect(
      client.items({ collection: 'notes', pageSize: 2 }),
    );

    expect(ids).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
    expect(sent.map((r) => r.variables)).toEqual([
      { collection: 'notes', first: 2, after: null },
      { collection: 'notes', first: 2, after: 'after-a' },
      { collection: 'notes', first: 2, after: 'after-b' },
    ]);
  });

  it('starts after the cursor it is given', async () => {
    const { fetch, sent } = pagedGateway();
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    const ids = await collect(client.items({ after: 'after-a' }));

    expect(ids).toEqual(['b1', 'b2', 'c1']);
    expect(sent[0].variables).toEqual({ first: 100, after: 'after-a' });
  });

  it('fetches no further page once the loop breaks', async () => {
    const { fetch, sent } = pagedGateway();
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    for await (const each of client.items({ pageSize: 2 })) {
      if (each.id === 'a1') break;
    }

    expect(sent).toHaveLength(1);
  });

  it('stops rather than loop when a page claims more but has no endCursor', async () => {
    const { fetch, sent } = fakeGateway(() =>
      json({
        data: {
          items: {
            edges: [{ cursor: 'c-x', node: item('x') }],
            pageInfo: { hasNextPage: true, endCursor: null },
          },
        },
      }),
    );
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    expect(await collect(client.items())).toEqual(['x']);
    expect(sent).toHaveLength(1);
  });

  it('sends the request id with every page', async () => {
    const { fetch, sent } = pagedGateway();
    const client = new CassetteClient({ url: GATEWAY_URL, fetch });

    await collect(client.items({ pageSize: 2, requestId: 'walk-1' }));

    expect(sent.map((r) => r.headers.get('x-request-id'))).toEqual([
      'walk-1',
      'walk-1',
      'walk-1',
    ]);
  });
});
