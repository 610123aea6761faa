import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { Client } from 'cassandra-driver';
import type { GraphQLSchema } from 'graphql';

import { openServiceDatabase } from '../cassandra/service-database';
import type { ServiceBaseConfig } from '../config/service';
import {
  apolloBaseOptions,
  type CallerContext,
} from '../graphql/apollo-options';
import type { Logger } from '../logging/logger';
import { GraphQLService } from './graphql-service';
import { callerOf, requireGatewaySignature } from './require-gateway-signature';

/** What a subgraph builds on its Cassandra client. */
export interface SubgraphParts<TContext extends CallerContext> {
  schema: GraphQLSchema;
  /** Each request's context, from the caller the gateway vouched for. */
  contextFor: (caller: CallerContext) => TContext;
}

export interface SubgraphServiceOptions<TContext extends CallerContext> {
  name: string;
  config: ServiceBaseConfig;
  logger: Logger;
  /** Builds the schema and the request context once the client exists. */
  setup: (client: Client) => SubgraphParts<TContext>;
}

/**
 * A subgraph: its Cassandra client with readiness and metrics, requests
 * refused unless the gateway signed them, and the Apollo Server every
 * subgraph runs. `start()` on the result serves it.
 */
export function buildSubgraphService<TContext extends CallerContext>(
  options: SubgraphServiceOptions<TContext>,
) {
  const { name, config, logger } = options;
  const { client, metrics, checks } = openServiceDatabase(
    name,
    config.cassandra,
    logger,
  );
  const { schema, contextFor } = options.setup(client);

  const service = new GraphQLService<TContext>({
    name,
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    checks,
    closers: [() => client.shutdown()],
    afterBody: [requireGatewaySignature(config.signing)],
    makeContext: (scope, _req, res) =>
      contextFor({ ...scope, ...callerOf(res) }),
  });

  const apollo = new ApolloServer<TContext>({
    schema,
    ...apolloBaseOptions<TContext>({
      mode: config.mode,
      httpServer: service.shell.httpServer,
      shutdownGraceMs: config.shutdownGraceMs,
      // Traces go to Apollo's usage reporting, which Cassette does not use.
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    }),
  });

  return {
    service,
    start: () => service.start(apollo, config.port, config.host),
  };
}
