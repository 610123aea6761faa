import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ParseOptions } from 'graphql';

import { checkOperation } from './check-operation';
import type { QueryLimits } from './config';

/**
 * Refuses an operation over the depth, alias, directive or cost limit once
 * Apollo has parsed and validated it and chosen the operation to run, and
 * before anything is planned or sent to a subgraph. The refusal is a
 * `BAD_USER_INPUT` error with HTTP 400.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(
  limits: QueryLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation matched the requested name; execution refuses the
          // request without running anything.
          if (!operation) return;

          checkOperation(limits, {
            schema,
            document,
            operation,
            variables: request.variables ?? {},
          });
        },
      };
    },
  };
}

/**
 * ApolloServer's `parseOptions`: the parser gives up after `maxTokens`, so
 * an oversized document costs little even before validation. The client
 * gets graphql-js's `GRAPHQL_PARSE_FAILED` with HTTP 400.
 */
export function parseOptions(limits: QueryLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}
