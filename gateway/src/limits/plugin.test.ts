import { ApolloServer } from '@apollo/server';

import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './config';
import { parseOptions, queryLimitsPlugin } from './plugin';
import { nested } from './test-helpers';

const typeDefs = `
  type Query {
    node: Node
    nodes(first: Int = 10): [Node!]!
  }

  type Node {
    id: ID!
    child: Node
  }
`;

describe('queryLimitsPlugin', () => {
  let server: ApolloServer;
  let resolved: number;

  async function start(limits: Partial<QueryLimits> = {}) {
    const all = { ...DEFAULT_QUERY_LIMITS, ...limits };
    const node = () => {
      resolved += 1;
      return { id: '1', child: null };
    };
    server = new ApolloServer({
      typeDefs,
      resolvers: { Query: { node, nodes: () => [node()] } },
      plugins: [queryLimitsPlugin(all)],
      parseOptions: parseOptions(all),
    });
    await server.start();
  }

  async function run(
    query: string,
    variables: Record<string, unknown> = {},
    operationName?: string,
  ) {
    const { http, body } = await server.executeOperation({
      query,
      variables,
      ...(operationName ? { operationName } : {}),
    });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return { status: http.status, result: body.singleResult };
  }

  beforeEach(() => {
    resolved = 0;
  });

  afterEach(async () => {
    await server?.stop();
  });

  it('runs an operation within every limit', async () => {
    await start();

    const { status, result } = await run('{ node { id } }');

    expect(status).toBeUndefined();
    expect(result).toEqual({ data: { node: { id: '1' } } });
    expect(resolved).toBe(1);
  });

  it('ends an operation over a limit with 400 before any resolver runs', async () => {
    await start({ maxDepth: 3 });

    const { status, result } = await run(`{ ${nested(4)} }`);

    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
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
    ]);
    expect(resolved).toBe(0);
  });

  it('costs a list by the first variable the client sent', async () => {
    await start({ maxCost: 50 });

    const { status, result } = await run(
      'query ($n: Int) { nodes(first: $n) { id } }',
      { n: 50 },
    );

    expect(status).toBe(400);
    expect(result.errors?.[0]?.message).toBe(
      'The query costs 51; the limit is 50 (QUERY_MAX_COST).',
    );
    expect(resolved).toBe(0);
  });

  it('leaves a request naming no operation in the document to Apollo', async () => {
    await start();

    const { status, result } = await run('{ node { id } }', {}, 'Other');

    expect(status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe(
      'OPERATION_RESOLUTION_FAILURE',
    );
    expect(resolved).toBe(0);
  });

  it('lets parseOptions stop the parser at QUERY_MAX_TOKENS', async () => {
    await start({ maxTokens: 10 });

    // Eleven tokens: the parser gives up at the closing brace, column 39.
    const { status, result } = await run(
      '{ node { id child { id } } __typename }',
    );

    expect(status).toBe(400);
    expect(result.errors).toEqual([
      {
        message:
          'Syntax Error: Document contains more that 10 tokens. Parsing aborted.',
        locations: [{ line: 1, column: 39 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
    expect(resolved).toBe(0);
  });
});

describe('parseOptions', () => {
  it('caps the tokens the parser reads at QUERY_MAX_TOKENS', () => {
    expect(parseOptions({ ...DEFAULT_QUERY_LIMITS, maxTokens: 123 })).toEqual({
      maxTokens: 123,
    });
  });
});
