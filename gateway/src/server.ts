import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  apolloBaseOptions,
  cassandraReachable,
  createCassandraClient,
  GraphQLService,
  latestVersion,
  loadMigrations,
  schemaAtVersion,
  ServiceMetrics,
  type Logger,
  type ServiceContext,
} from '@cassette/common';

import type { GatewayConfig } from './config';
import { migrateUntilDone } from './migrations';
import { SubgraphSource } from './subgraph-source';
import { loadSupergraph, type SubgraphName } from './supergraph';

/** Builds the gateway; `start()` on the result serves it. */
export function buildGatewayService(config: GatewayConfig, logger: Logger) {
  const metrics = new ServiceMetrics('gateway');
  const client = createCassandraClient(config.cassandra, logger, {
    requestTracker: metrics.cassandraTracker(),
  });
  const urls: Record<SubgraphName, string> = {
    upload: config.uploadUrl,
    list: config.listUrl,
  };
  const migrations = new AbortController();
  let supergraphLoaded = false;

  const service = new GraphQLService({
    name: 'gateway',
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    checks: [
      cassandraReachable(client),
      schemaAtVersion(
        client,
        config.cassandra.keyspace,
        latestVersion(loadMigrations()),
      ),
      {
        name: 'supergraph',
        check: async () => {
          if (!supergraphLoaded) throw new Error('not loaded yet');
        },
      },
    ],
    closers: [async () => migrations.abort(), () => client.shutdown()],
  });

  // Subgraph URLs come from configuration, whatever the supergraph file says.
  const gateway = new ApolloGateway({
    supergraphSdl: loadSupergraph(config.supergraphPath, urls),
    buildService: ({ name }) =>
      new SubgraphSource({ url: urls[name as SubgraphName] }),
    logger: logger.child({ component: 'apollo-gateway' }),
  });

  const apollo = new ApolloServer<ServiceContext>({
    gateway,
    ...apolloBaseOptions<ServiceContext>({
      mode: config.mode,
      httpServer: service.shell.httpServer,
      shutdownGraceMs: config.shutdownGraceMs,
    }),
  });

  const start = async () => {
    const address = await service.start(apollo, config.port, config.host);
    supergraphLoaded = true;

    if (config.migrateOnStart) {
      void migrateUntilDone(
        config.cassandra,
        logger.child({ component: 'migrations' }),
        migrations.signal,
      );
    }
    return address;
  };

  return { service, start };
}
