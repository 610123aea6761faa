import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  apolloBaseOptions,
  GRAPHQL_PATH,
  GraphQLService,
  openServiceDatabase,
  type Logger,
} from '@cassette/common';

import { ApiKeyStore } from './auth/api-keys';
import { createAuthenticator } from './auth/authenticate';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { corsFor } from './cors';
import {
  allowBatchedHttpRequests,
  batchLimit,
  parseOptions,
  queryLimitsPlugin,
  requestTimeout,
} from './limits';
import { migrateUntilDone } from './migrations';
import { installPlayground } from './playground';
import { scopesPlugin } from './scopes-plugin';
import { SubgraphSource } from './subgraph-source';
import { loadSupergraph, type SubgraphName } from './supergraph';

/** Builds the gateway; `start()` on the result serves it. */
export function buildGatewayService(config: GatewayConfig, logger: Logger) {
  const { client, metrics, checks } = openServiceDatabase(
    'gateway',
    config.cassandra,
    logger,
  );
  const authenticate = createAuthenticator(
    config.auth,
    new ApiKeyStore(client, config.cassandra.keyspace),
    logger,
  );
  const migrations = new AbortController();
  let supergraphLoaded = false;

  const service = new GraphQLService<GatewayContext>({
    name: 'gateway',
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    checks: [
      ...checks,
      {
        name: 'supergraph',
        check: async () => {
          if (!supergraphLoaded) throw new Error('not loaded yet');
        },
      },
    ],
    closers: [async () => migrations.abort(), () => client.shutdown()],
    // The deadline starts before the body is read, so a slow body counts.
    beforeBody: [corsFor(config.corsOrigins), requestTimeout(config.limits)],
    afterBody: [batchLimit(config.limits)],
    makeContext: async (scope, req) => ({
      ...scope,
      principal: await authenticate(req.get('authorization'), scope.logger),
    }),
  });

  // Installed before start() mounts /graphql, so its routes come first.
  const playground = config.playground.enabled
    ? installPlayground<GatewayContext>(service.shell.app, config.playground)
    : undefined;

  const apollo = new ApolloServer<GatewayContext>({
    gateway: createGateway(config, logger),
    ...apolloBaseOptions<GatewayContext>({
      mode: config.mode,
      httpServer: service.shell.httpServer,
      shutdownGraceMs: config.shutdownGraceMs,
      // Off, Apollo's own landing page stays off too: it would load its
      // scripts from a CDN.
      landingPage: playground !== undefined,
      plugins: [
        scopesPlugin(),
        queryLimitsPlugin(config.limits),
        ...(playground ? [playground] : []),
      ],
    }),
    introspection: config.introspection,
    // Field-name suggestions would describe the schema to anyone probing
    // it while introspection is off.
    hideSchemaDetailsFromClientErrors: config.mode === 'production',
    csrfPrevention: true,
    parseOptions: parseOptions(config.limits),
    allowBatchedHttpRequests: allowBatchedHttpRequests(config.limits),
  });

  const start = async () => {
    const address = await service.start(apollo, config.port, config.host);
    supergraphLoaded = true;
    if (playground) {
      const keyPrefilled = config.playground.apiKey !== undefined;
      logger.info({ path: GRAPHQL_PATH, keyPrefilled }, 'playground on');
    }

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

// Subgraph URLs come from configuration, whatever the supergraph file says.
function createGateway(config: GatewayConfig, logger: Logger) {
  const urls: Record<SubgraphName, string> = {
    upload: config.uploadUrl,
    list: config.listUrl,
  };
  return new ApolloGateway({
    supergraphSdl: loadSupergraph(config.supergraphPath, urls),
    buildService: ({ name }) =>
      new SubgraphSource(
        urls[name as SubgraphName],
        config.signing,
        config.limits.requestTimeoutMs,
      ),
    logger: logger.child({ component: 'apollo-gateway' }),
  });
}
