import type { ApolloServerPlugin } from '@apollo/server';

import { requireScope } from './auth/authenticate';
import type { GatewayContext } from './context';

/** The scope each kind of operation needs. */
export const REQUIRED_SCOPE = {
  query: 'items:read',
  mutation: 'items:write',
} as const;

/**
 * Refuses an operation whose credential lacks its scope, once the
 * operation is known and before any subgraph is called.
 */
export function scopesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const scope =
            operation?.operation === 'mutation'
              ? REQUIRED_SCOPE.mutation
              : REQUIRED_SCOPE.query;
          requireScope(contextValue.principal, scope);
        },
      };
    },
  };
}
