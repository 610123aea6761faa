import type { ItemResolvers } from '../generated/resolvers-types';

export const itemResolvers: ItemResolvers = {
  // Batched through the request's loader, so N references from the gateway
  // cost a bounded number of Cassandra requests.
  __resolveReference(reference, ctx) {
    return ctx.items.load(reference.id);
  },
};
