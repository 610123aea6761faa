import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  apolloBaseOptions,
  GraphQLService,
  openServiceDatabase,
  callerOf,
  requireGatewaySignature,
  type Logger,
  type CallerContext,
} from '@cassette/common';
import { parse } from 'graphql';

import type { UploadConfig } from './config';
import { ItemWriter } from './data/item-writer';
import { mutationResolvers } from './resolvers/mutation';

export const UPLOAD_SDL_PATH = path.resolve(__dirname, '../schema.graphql');

/** Builds the upload subgraph; `start()` on the result serves it. */
export function buildUploadService(config: UploadConfig, logger: Logger) {
  const { client, metrics, checks } = openServiceDatabase(
    'upload',
    config.cassandra,
    logger,
  );
  const writer = new ItemWriter(
    client,
    config.cassandra.keyspace,
    config.bucketSeconds,
  );

  const service = new GraphQLService<CallerContext>({
    name: 'upload',
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    checks,
    closers: [() => client.shutdown()],
    afterBody: [requireGatewaySignature(config.signing)],
    makeContext: (scope, _req, res) => ({ ...scope, ...callerOf(res) }),
  });

  const apollo = new ApolloServer<CallerContext>({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(readFileSync(UPLOAD_SDL_PATH, 'utf8')),
        resolvers: {
          Mutation: mutationResolvers({
            writer,
            limits: config.limits,
            writeConcurrency: config.writeConcurrency,
          }),
        },
      },
    ]),
    ...apolloBaseOptions<CallerContext>({
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
