import {
  badUserInput,
  parseItemId,
  validateCollection,
} from '@cassette/common';

import type { CursorCodec } from '../cursor';
import type { ItemReader } from '../data/item-reader';
import type { QueryResolvers } from '../generated/resolvers-types';

export const MAX_PAGE_SIZE = 100;

export function queryResolvers(
  reader: ItemReader,
  cursors: CursorCodec,
): QueryResolvers {
  return {
    async items(_parent, args, ctx) {
      const collection = validateCollection(args.collection, 'collection');
      if (
        !Number.isInteger(args.first) ||
        args.first < 1 ||
        args.first > MAX_PAGE_SIZE
      ) {
        throw badUserInput(
          `first must be from 1 to ${MAX_PAGE_SIZE}, got ${args.first}`,
          { field: 'first', limit: MAX_PAGE_SIZE },
        );
      }

      const scope = { tenant: ctx.tenant, collection };
      const after = args.after ? cursors.decode(scope, args.after) : undefined;
      const page = await reader.page(ctx.tenant, collection, args.first, after);

      const edges = page.records.map((record) => {
        ctx.items.prime(record.id, record);
        const position = { bucket: record.bucket, id: record.id };
        return { cursor: cursors.encode(scope, position), node: record };
      });
      const endCursor = page.resumeAt
        ? cursors.encode(scope, page.resumeAt)
        : (edges.at(-1)?.cursor ?? null);

      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor,
        },
      };
    },

    async item(_parent, { id }, ctx) {
      parseItemId(id);
      return ctx.items.load(id);
    },
  };
}
