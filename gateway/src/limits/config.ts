import type { EnvReader, IntRange } from '@cassette/common';

/**
 * How much one request may ask of the gateway. Each limit is checked before
 * any work starts, so a request over one reaches no subgraph.
 */
export interface QueryLimits {
  /**
   * `QUERY_MAX_DEPTH`: the most fields on one path from the operation's root
   * to a leaf. Fragments and inline fragments are expanded and add no level
   * of their own; introspection fields count like any other. Cassette's
   * own types are at most 5 deep; the default leaves room for the standard
   * introspection query of GraphQL tools (15) and nothing deeper.
   * @default 15
   */
  maxDepth: number;
  /**
   * `QUERY_MAX_ALIASES`: the most aliased fields in one operation, each
   * counted every time its fragment is spread.
   * @default 30
   */
  maxAliases: number;
  /** `QUERY_MAX_COST`: the highest cost of one operation; see `operationCost`. @default 10000 */
  maxCost: number;
  /** `QUERY_MAX_TOKENS`: the most lexical tokens the parser reads. @default 2000 */
  maxTokens: number;
  /**
   * `QUERY_MAX_DIRECTIVES_PER_FIELD`: the most directives on one field,
   * fragment spread or inline fragment.
   * @default 4
   */
  maxDirectivesPerField: number;
  /**
   * `BATCH_MAX_OPERATIONS`: the most operations one HTTP request may batch
   * in a JSON array; 1 turns batching off.
   * @default 1
   */
  maxBatchOperations: number;
  /**
   * `REQUEST_TIMEOUT_MS`: how long a request may run before it is answered
   * with a retryable `TIMEOUT` and its deadline signal aborts.
   * @default 15000
   */
  requestTimeoutMs: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 15,
  maxAliases: 30,
  maxCost: 10_000,
  maxTokens: 2_000,
  maxDirectivesPerField: 4,
  maxBatchOperations: 1,
  requestTimeoutMs: 15_000,
};

/** The variable that sets each limit, for configuration and for messages. */
export const LIMIT_VARIABLES: Readonly<Record<keyof QueryLimits, string>> = {
  maxDepth: 'QUERY_MAX_DEPTH',
  maxAliases: 'QUERY_MAX_ALIASES',
  maxCost: 'QUERY_MAX_COST',
  maxTokens: 'QUERY_MAX_TOKENS',
  maxDirectivesPerField: 'QUERY_MAX_DIRECTIVES_PER_FIELD',
  maxBatchOperations: 'BATCH_MAX_OPERATIONS',
  requestTimeoutMs: 'REQUEST_TIMEOUT_MS',
};

// Zero aliases or directives is a policy a deployment may choose; zero
// depth, cost, tokens or operations would refuse every request.
const RANGES: Readonly<Record<keyof QueryLimits, IntRange>> = {
  maxDepth: { min: 1, max: 1_000 },
  maxAliases: { min: 0, max: 100_000 },
  maxCost: { min: 1, max: 1_000_000_000 },
  maxTokens: { min: 1, max: 1_000_000 },
  maxDirectivesPerField: { min: 0, max: 1_000 },
  maxBatchOperations: { min: 1, max: 1_000 },
  requestTimeoutMs: { min: 1, max: 3_600_000 },
};

/** Reads every query limit; bad values are recorded on the reader. */
export function readQueryLimits(reader: EnvReader): QueryLimits {
  const read = (key: keyof QueryLimits) =>
    reader.int(LIMIT_VARIABLES[key], DEFAULT_QUERY_LIMITS[key], RANGES[key]);

  return {
    maxDepth: read('maxDepth'),
    maxAliases: read('maxAliases'),
    maxCost: read('maxCost'),
    maxTokens: read('maxTokens'),
    maxDirectivesPerField: read('maxDirectivesPerField'),
    maxBatchOperations: read('maxBatchOperations'),
    requestTimeoutMs: read('requestTimeoutMs'),
  };
}
