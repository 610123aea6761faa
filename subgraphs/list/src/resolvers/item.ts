import type { ListContext } from '../context';

export const itemResolvers = {
  // Batched through the request's loader, so N references from the gateway
  // cost bounded, concurrent single-partition reads.
  __resolveReference(reference: { id: string }, ctx: ListContext) {
    return ctx.items.load(reference.id);
  },
};
