import { DEFAULT_TENANT, type ServiceContext } from '@cassette/common';

import type { ItemWriter } from '../data/item-writer';
import { validateContent } from './validate-content';

export interface MutationDeps {
  writer: ItemWriter;
  maxContentBytes: number;
}

interface UploadArgs {
  input: { content: string };
}

export function mutationResolvers({ writer, maxContentBytes }: MutationDeps) {
  return {
    async upload(_parent: unknown, { input }: UploadArgs, ctx: ServiceContext) {
      validateContent(input.content, maxContentBytes);

      const stored = await writer.insert({
        tenant: DEFAULT_TENANT,
        content: input.content,
      });
      ctx.logger.info({ itemId: stored.id }, 'item stored');

      // Only the id: the gateway resolves the other fields from the list
      // subgraph, which owns them.
      return { item: { __typename: 'Item', id: stored.id } };
    },
  };
}
