import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSubgraphService, type Logger } from '@cassette/common';
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
  return buildSubgraphService<ListContext>({
    name: 'list',
    config,
    logger,
    setup: (client) => {
      const reader = new ItemReader(client, config.cassandra.keyspace);
      const cursors = new CursorCodec(config.cursorSecret);
      const resolvers = {
        DateTime,
        Query: queryResolvers(reader, cursors),
        Item: itemResolvers,
      };

      return {
        schema: buildSubgraphSchema([
          { typeDefs: parse(readFileSync(LIST_SDL_PATH, 'utf8')), resolvers },
        ]),
        // Loaders batch within one request, never across callers.
        contextFor: (caller) => ({
          ...caller,
          items: createItemLoader(reader, caller.tenant),
        }),
      };
    },
  });
}
