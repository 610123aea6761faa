import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSubgraphService,
  type CallerContext,
  type Logger,
} from '@cassette/common';
import { parse } from 'graphql';

import type { UploadConfig } from './config';
import { ItemWriter } from './data/item-writer';
import { mutationResolvers } from './resolvers/mutation';

export const UPLOAD_SDL_PATH = path.resolve(__dirname, '../schema.graphql');

/** Builds the upload subgraph; `start()` on the result serves it. */
export function buildUploadService(config: UploadConfig, logger: Logger) {
  return buildSubgraphService<CallerContext>({
    name: 'upload',
    config,
    logger,
    setup: (client) => {
      const writer = new ItemWriter(
        client,
        config.cassandra.keyspace,
        config.bucketSeconds,
      );
      const resolvers = {
        Mutation: mutationResolvers({
          writer,
          limits: config.limits,
          writeConcurrency: config.writeConcurrency,
        }),
      };

      return {
        schema: buildSubgraphSchema([
          { typeDefs: parse(readFileSync(UPLOAD_SDL_PATH, 'utf8')), resolvers },
        ]),
        contextFor: (caller) => caller,
      };
    },
  });
}
