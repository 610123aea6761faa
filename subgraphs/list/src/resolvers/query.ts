import { badUserInput } from '@cassette/common';

import type { ListContext } from '../context';
import type { CursorCodec } from '../cursor';
import type { ItemReader, ItemRecord } from '../data/item-reader';
import { parseItemId } from '../item-id';

export const MAX_PAGE_SIZE = 100;

// The only collection until collections arrive with the full API.
const COLLECTION = 'default';

interface ItemsArgs {
  first: number;
  after?: string | null;
}

export function queryResolvers(reader: ItemReader, cursors: CursorCodec) {
  return {
    async items(_parent: unknown, args: ItemsArgs, ctx: ListContext) {
      if (
        !Number.isInteger(args.first) ||
        args.first < 1 ||
        args.first > MAX_PAGE_SIZE
      ) {
        throw badUserInput(
          `first must be from 1 to ${MAX_PAGE_SIZE}, got ${args.first}`,
          { field: 'first' },
        );
      }

      const scope = { tenant: ctx.tenant, collection: COLLECTION };
      const after = args.after ? cursors.decode(scope, args.after) : undefined;
      const page = await reader.page(ctx.tenant, COLLECTION, args.first, after);

      const edges = page.records.map((record: ItemRecord) => {
        ctx.items.prime(record.id, record);
        return {
          cursor: cursors.encode(scope, {
            bucket: record.bucket,
            id: record.id,
          }),
          node: record,
        };
      });
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },

    async item(_parent: unknown, { id }: { id: string }, ctx: ListContext) {
      parseItemId(id);
      return ctx.items.load(id);
    },
  };
}
