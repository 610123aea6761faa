import { CassetteError } from '@cassette/common';
import { getIntrospectionQuery, type GraphQLSchema } from 'graphql';

import { checkOperation } from './check-operation';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './config';
import { aliased, apiSchema, nested, operation, TRACED } from './test-helpers';

// The error checkOperation throws, or undefined when the operation passes.
function refusal(
  source: string,
  {
    schema = apiSchema(),
    limits = DEFAULT_QUERY_LIMITS,
    variables = {},
  }: {
    schema?: GraphQLSchema;
    limits?: QueryLimits;
    variables?: Record<string, unknown>;
  } = {},
): CassetteError | undefined {
  try {
    checkOperation(limits, operation(schema, source, variables));
  } catch (error) {
    if (error instanceof CassetteError) return error;
    throw error;
  }
  return undefined;
}

// Eleven levels of introspection: __schema, types, fields, type, 6 × ofType, name.
const SIXTEEN_DEEP = `{ __schema { types { fields { type {
  ${'ofType { '.repeat(11)}name${' }'.repeat(11)}
} } } } }`;

// Each alias costs 1 + 1 + 100 × (node + 8 fields) = 902.
const FULL_PAGE =
  'items(first: 100) { edges { node { id collection content contentType size sha256 tags createdAt } } }';

describe('checkOperation', () => {
  it('lets an ordinary listing through at the default limits', () => {
    const source = `{ items(first: 100) {
      edges { cursor node { id content tags metadata { key value } } }
      pageInfo { hasNextPage endCursor }
    } }`;

    expect(refusal(source)).toBeUndefined();
  });

  describe('depth', () => {
    it('refuses an operation deeper than QUERY_MAX_DEPTH with HTTP 400', () => {
      const error = refusal(SIXTEEN_DEEP);

      expect(error?.message).toBe(
        'The query is 16 levels deep; the limit is 15 (QUERY_MAX_DEPTH).',
      );
      expect(error?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        exceeded: 'depth',
        limit: 15,
        actual: 16,
        http: { status: 400 },
      });
    });

    it('lets an operation exactly at the limit through', () => {
      expect(refusal(`{ ${nested(10)} }`, { schema: TRACED })).toBeUndefined();
    });

    it('lets graphql-js’s own introspection query through at 15 levels', () => {
      expect(refusal(getIntrospectionQuery())).toBeUndefined();
    });
  });

  describe('aliases', () => {
    it('refuses more aliases than QUERY_MAX_ALIASES', () => {
      const error = refusal(`{ ${aliased(31, 'item(id: "x") { id }')} }`);

      expect(error?.message).toBe(
        'The query uses 31 aliases; the limit is 30 (QUERY_MAX_ALIASES).',
      );
      expect(error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        exceeded: 'aliases',
        limit: 30,
        actual: 31,
      });
    });

    it('lets exactly the limit through', () => {
      expect(
        refusal(`{ ${aliased(30, 'item(id: "x") { id }')} }`),
      ).toBeUndefined();
    });
  });

  describe('directives per field', () => {
    it('refuses a field with more than QUERY_MAX_DIRECTIVES_PER_FIELD', () => {
      const source = `{ node { id ${'@trace '.repeat(5)} } }`;

      const error = refusal(source, { schema: TRACED });

      expect(error?.message).toBe(
        'The field id carries 5 directives; the limit is 4 per field (QUERY_MAX_DIRECTIVES_PER_FIELD).',
      );
      expect(error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        exceeded: 'directivesPerField',
        limit: 4,
        actual: 5,
      });
    });

    it('names a fragment spread that carries too many', () => {
      const source = `
        { node { ...F ${'@trace '.repeat(5)} } }
        fragment F on Node { id }
      `;

      expect(refusal(source, { schema: TRACED })?.message).toBe(
        'The fragment spread ...F carries 5 directives; the limit is 4 per field (QUERY_MAX_DIRECTIVES_PER_FIELD).',
      );
    });

    it('lets four directives on each of many fields through', () => {
      const four = '@trace '.repeat(4);
      const source = `{ node ${four} { id ${four} child ${four} { id ${four} } } }`;

      expect(refusal(source, { schema: TRACED })).toBeUndefined();
    });
  });

  describe('cost', () => {
    it('refuses an operation that costs more than QUERY_MAX_COST', () => {
      const error = refusal(`{ ${aliased(12, FULL_PAGE)} }`);

      expect(error?.message).toBe(
        'The query costs 10824; the limit is 10000 (QUERY_MAX_COST).',
      );
      expect(error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        exceeded: 'cost',
        limit: 10_000,
        actual: 10_824,
      });
    });

    it('lets eleven full pages through', () => {
      expect(refusal(`{ ${aliased(11, FULL_PAGE)} }`)).toBeUndefined();
    });

    it('names the kind of operation it refuses', () => {
      const source = `mutation ($inputs: [UploadInput!]!) {
        uploadMany(inputs: $inputs) { created item { id content } }
      }`;
      const inputs = [{ content: 'a' }, { content: 'b' }, { content: 'c' }];

      const error = refusal(source, {
        limits: { ...DEFAULT_QUERY_LIMITS, maxCost: 10 },
        variables: { inputs },
      });

      expect(error?.message).toBe(
        'The mutation costs 13; the limit is 10 (QUERY_MAX_COST).',
      );
    });
  });

  it('reports the depth of an operation over several limits', () => {
    const source = `{ ${aliased(40, 'item(id: "x") { id }')} ${SIXTEEN_DEEP.slice(1, -1)} }`;

    expect(refusal(source)?.extensions).toMatchObject({ exceeded: 'depth' });
  });
});
