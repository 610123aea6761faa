import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  apolloBaseOptions,
  createLogger,
  type ServiceContext,
} from '@cassette/common';
import express from 'express';

import {
  allowBatchedHttpRequests,
  batchLimit,
  deadlineOf,
  parseOptions,
  queryLimitsPlugin,
  requestTimeout,
  type QueryLimits,
} from '../gateway/src/limits';

// A tiny schema of its own: these tests are about the limits in front of
// Apollo Server over HTTP, not about the gateway behind them.
const typeDefs = `
  directive @trace(label: String) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

  type Query {
    note: Note
    notes(first: Int = 10): [Note!]!
    "Answers after ms milliseconds, unless the request's deadline comes first."
    slow(ms: Int!): String
  }

  type Note {
    id: ID!
    next: Note
  }
`;

const LIMITS: QueryLimits = {
  maxDepth: 3,
  maxAliases: 2,
  maxCost: 50,
  maxTokens: 40,
  maxDirectivesPerField: 2,
  maxBatchOperations: 1,
  requestTimeoutMs: 300,
};

interface Context extends ServiceContext {
  deadline?: AbortSignal;
}

interface Served {
  url: string;
  /** How many times a root resolver ran. */
  calls: () => number;
  /** Settles when every slow resolver started so far has finished. */
  slowDone: () => Promise<unknown>;
  stop: () => Promise<void>;
}

const logger = createLogger('test', { level: 'silent', format: 'json' });

// The middleware in the order the gateway mounts it, around a real Apollo
// Server with Cassette's shared options in production mode.
async function serve(limits: QueryLimits): Promise<Served> {
  let calls = 0;
  const slow: Promise<unknown>[] = [];
  const note = () => {
    calls += 1;
    return { id: '1', next: null };
  };
  const resolvers = {
    Query: {
      note,
      notes: (_: unknown, { first }: { first: number }) =>
        Array.from({ length: first }, note),
      slow: (_: unknown, { ms }: { ms: number }, { deadline }: Context) => {
        calls += 1;
        const done = sleep(ms, 'done', { signal: deadline });
        slow.push(done.catch(() => undefined));
        return done;
      },
    },
  };

  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    typeDefs,
    resolvers,
    ...apolloBaseOptions<Context>({
      mode: 'production',
      httpServer,
      shutdownGraceMs: 0,
    }),
    parseOptions: parseOptions(limits),
    allowBatchedHttpRequests: allowBatchedHttpRequests(limits),
  });
  apollo.addPlugin(queryLimitsPlugin(limits));
  await apollo.start();

  app.use(
    '/graphql',
    requestTimeout(limits),
    express.json(),
    batchLimit(limits),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({
        requestId: 'test',
        logger,
        deadline: deadlineOf(res),
      }),
    }),
  );
  await new Promise<void>((resolve) =>
    httpServer.listen(0, '127.0.0.1', resolve),
  );
  const { port } = httpServer.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls: () => calls,
    slowDone: () => Promise.all(slow),
    stop: () => apollo.stop(),
  };
}

interface Answer {
  status: number;
  body: {
    data?: unknown;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

async function post(url: string, body: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
  };
}

describe('query limits in front of Apollo Server, over HTTP', () => {
  let served: Served;

  beforeAll(async () => {
    served = await serve(LIMITS);
  });

  afterAll(async () => {
    await served?.stop();
  });

  let callsBefore: number;
  beforeEach(() => {
    callsBefore = served.calls();
  });
  const newCalls = () => served.calls() - callsBefore;

  it('answers an operation within every limit', async () => {
    const { status, body } = await post(served.url, {
      query: '{ note { id next { id } } }',
    });

    expect(status).toBe(200);
    expect(body).toEqual({ data: { note: { id: '1', next: null } } });
    expect(newCalls()).toBe(1);
  });

  it.each([
    [
      'depth',
      '{ note { next { next { id } } } }',
      'The query is 4 levels deep; the limit is 3 (QUERY_MAX_DEPTH).',
      { exceeded: 'depth', limit: 3, actual: 4 },
    ],
    [
      'aliases',
      '{ a: note { id } b: note { id } c: note { id } }',
      'The query uses 3 aliases; the limit is 2 (QUERY_MAX_ALIASES).',
      { exceeded: 'aliases', limit: 2, actual: 3 },
    ],
    [
      'directives per field',
      '{ note { id @trace @trace @trace } }',
      'The field id carries 3 directives; the limit is 2 per field (QUERY_MAX_DIRECTIVES_PER_FIELD).',
      { exceeded: 'directivesPerField', limit: 2, actual: 3 },
    ],
    [
      'cost',
      '{ notes(first: 50) { id } }',
      'The query costs 51; the limit is 50 (QUERY_MAX_COST).',
      { exceeded: 'cost', limit: 50, actual: 51 },
    ],
  ])(
    'refuses an operation over the %s limit with 400 and runs nothing',
    async (_, query, message, limit) => {
      const { status, body } = await post(served.url, { query });

      expect(status).toBe(400);
      expect(body).toEqual({
        errors: [{ message, extensions: { code: 'BAD_USER_INPUT', ...limit } }],
      });
      expect(newCalls()).toBe(0);
    },
  );

  it('refuses a GET over a limit the same way', async () => {
    const query = encodeURIComponent('{ notes(first: 50) { id } }');

    const response = await fetch(`${served.url}?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', exceeded: 'cost' } }],
    });
    expect(newCalls()).toBe(0);
  });

  it('costs by the first variable the client sent', async () => {
    const { status, body } = await post(served.url, {
      query: 'query ($n: Int) { notes(first: $n) { id } }',
      variables: { n: 60 },
    });

    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe(
      'The query costs 61; the limit is 50 (QUERY_MAX_COST).',
    );
    expect(newCalls()).toBe(0);
  });

  it('stops parsing past QUERY_MAX_TOKENS with graphql-js’s own error', async () => {
    // One brace and ten times four tokens: the 41st, where parsing stops,
    // closes the tenth note at column 121.
    const query = `{ ${'note { id } '.repeat(10)}}`;

    const { status, body } = await post(served.url, { query });

    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message:
            'Syntax Error: Document contains more that 40 tokens. Parsing aborted.',
          locations: [{ line: 1, column: 121 }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    });
    expect(newCalls()).toBe(0);
  });

  describe('with batching off (BATCH_MAX_OPERATIONS=1)', () => {
    it('refuses two operations with the limit and its variable', async () => {
      const query = '{ note { id } }';

      const { status, body } = await post(served.url, [{ query }, { query }]);

      expect(status).toBe(400);
      expect(body).toEqual({
        errors: [
          {
            message:
              'This request batches 2 operations; the limit is 1 (BATCH_MAX_OPERATIONS).',
            extensions: {
              code: 'BAD_USER_INPUT',
              exceeded: 'batchOperations',
              limit: 1,
              actual: 2,
            },
          },
        ],
      });
      expect(newCalls()).toBe(0);
    });

    it('leaves a one-operation array to Apollo, which refuses it', async () => {
      const { status, body } = await post(served.url, [
        { query: '{ note { id } }' },
      ]);

      expect(status).toBe(400);
      expect(body).toEqual({
        errors: [
          {
            message: 'Operation batching disabled.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      expect(newCalls()).toBe(0);
    });
  });

  describe('the request deadline (REQUEST_TIMEOUT_MS)', () => {
    it('answers 503 TIMEOUT, cancels the work and drops Apollo’s late answer', async () => {
      const started = Date.now();

      const { status, body } = await post(served.url, {
        query: '{ slow(ms: 5000) }',
      });

      expect(Date.now() - started).toBeLessThan(2_000);
      expect(status).toBe(503);
      expect(body).toEqual({
        errors: [
          {
            message:
              'The request took longer than 300 ms (REQUEST_TIMEOUT_MS) and was stopped.',
            extensions: { code: 'TIMEOUT', retryable: true },
          },
        ],
      });

      // The deadline stopped the resolver long before its 5 s, and Apollo's
      // late answer went nowhere: the server goes on serving.
      await served.slowDone();
      expect(Date.now() - started).toBeLessThan(2_000);
      await sleep(50);
      const next = await post(served.url, { query: '{ note { id } }' });
      expect(next.status).toBe(200);
    });

    it('leaves an answer that comes in time alone', async () => {
      const { status, body } = await post(served.url, {
        query: '{ slow(ms: 10) }',
      });

      expect(status).toBe(200);
      expect(body).toEqual({ data: { slow: 'done' } });
    });
  });
});

describe('query limits with batching on (BATCH_MAX_OPERATIONS=3)', () => {
  let served: Served;

  beforeAll(async () => {
    served = await serve({ ...LIMITS, maxBatchOperations: 3 });
  });

  afterAll(async () => {
    await served?.stop();
  });

  const batch = (count: number) =>
    Array.from({ length: count }, () => ({ query: '{ note { id } }' }));

  it('runs a batch of up to the limit', async () => {
    const { status, body } = await post(served.url, batch(3));

    expect(status).toBe(200);
    expect(body).toEqual(batch(3).map(() => ({ data: { note: { id: '1' } } })));
    expect(served.calls()).toBe(3);
  });

  it('refuses a larger batch before any of it runs', async () => {
    const before = served.calls();

    const { status, body } = await post(served.url, batch(4));

    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe(
      'This request batches 4 operations; the limit is 3 (BATCH_MAX_OPERATIONS).',
    );
    expect(served.calls()).toBe(before);
  });

  it('applies the operation limits to each operation in a batch', async () => {
    const before = served.calls();

    const { status, body } = await post(served.url, [
      { query: '{ note { id } }' },
      { query: '{ note { next { next { id } } } }' },
    ]);

    expect(status).toBe(400);
    expect(body).toEqual([
      { data: { note: { id: '1' } } },
      {
        errors: [
          {
            message:
              'The query is 4 levels deep; the limit is 3 (QUERY_MAX_DEPTH).',
            extensions: {
              code: 'BAD_USER_INPUT',
              exceeded: 'depth',
              limit: 3,
              actual: 4,
            },
          },
        ],
      },
    ]);
    expect(served.calls()).toBe(before + 1);
  });
});
