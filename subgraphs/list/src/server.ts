import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  apolloBaseOptions,
  callerOf,
  GraphQLService,
  openServiceDatabase,
  requireGatewaySignature,
  type Logger,
} from '@cassette/common';
import { parse } from 'graphql';

import type { ListConfig } from './config';
import type { ListContext } from './context';
import { CursorCodec } from './cursor';
import { createItemLoader } from './data/item-loader';
import { ItemReader } from './data/item-reader';
import { DateTime } from './resolvers/date-time';
import { itemResolvers } from './resolvers/item';
import { queryResolvers } from './resolvers/query';

export const LIST_SDL_PATH = path.resolve(__dirname, '../schema.graphql');

/** Builds the list subgraph; `start()` on the result serves it. */
export function buildListService(config: ListConfig, logger: Logger) {
  const { client, metrics, checks } = openServiceDatabase(
    'list',
    config.cassandra,
    logger,
  );
  const reader = new ItemReader(client, config.cassandra.keyspace);
  const cursors = new CursorCodec(config.cursorSecret);

  const service = new GraphQLService<ListContext>({
    name: 'list',
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    checks,
    closers: [() => client.shutdown()],
    afterBody: [requireGatewaySignature(config.signing)],
    makeContext: (scope, _req, res) => {
      const { tenant, scopes } = callerOf(res);
      return {
        ...scope,
        tenant,
        scopes,
        items: createItemLoader(reader, tenant),
      };
    },
  });

  const apollo = new ApolloServer<ListContext>({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(readFileSync(LIST_SDL_PATH, 'utf8')),
        resolvers: {
          DateTime,
          Query: queryResolvers(reader, cursors),
          Item: itemResolvers,
        },
      },
    ]),
    ...apolloBaseOptions<ListContext>({
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
