import { badUserInput, mapBounded, parseItemId } from '@cassette/common';

import type { UploadLimits } from '../config';
import {
  fingerprintOf,
  type ItemWriter,
  type NewItem,
  type StoreResult,
} from '../data/item-writer';
import type { MutationResolvers } from '../generated/resolvers-types';
import { validateUploadInput } from './validate-input';

/** The most inputs one uploadMany call may carry. */
export const UPLOAD_MANY_MAX = 100;

export interface MutationDeps {
  writer: ItemWriter;
  limits: UploadLimits;
  /** How many items of one uploadMany are written at once. */
  writeConcurrency: number;
}

export function mutationResolvers(deps: MutationDeps): MutationResolvers {
  const { writer, limits } = deps;

  return {
    async upload(_parent, { input }, ctx) {
      const item = validateUploadInput(input, limits, ctx.tenant);
      const result = await writer.store(item);

      ctx.logger.info({ itemId: result.id, created: result.created }, 'upload');
      return payload(result);
    },

    async uploadMany(_parent, { inputs }, ctx) {
      if (inputs.length > UPLOAD_MANY_MAX) {
        throw badUserInput(
          `inputs must hold at most ${UPLOAD_MANY_MAX} uploads, got ${inputs.length}`,
          { field: 'inputs', limit: UPLOAD_MANY_MAX },
        );
      }

      // Every input is checked before the first write.
      const items = inputs.map((input, index) =>
        validateUploadInput(input, limits, ctx.tenant, `inputs[${index}]`),
      );
      refuseConflictingKeys(items);

      const results = await mapBounded(items, deps.writeConcurrency, (item) =>
        writer.store(item),
      );
      ctx.logger.info(
        {
          count: results.length,
          created: results.filter((r) => r.created).length,
        },
        'uploadMany',
      );
      return results.map(payload);
    },

    async deleteItem(_parent, { id }, ctx) {
      const deleted = await writer.delete(ctx.tenant, parseItemId(id));

      ctx.logger.info({ itemId: id, deleted }, 'deleteItem');
      return { id, deleted };
    },
  };
}

// Only the id: the gateway resolves the other fields from the list
// subgraph, which owns them.
function payload({ id, created }: StoreResult) {
  return { item: { __typename: 'Item' as const, id }, created };
}

function refuseConflictingKeys(items: NewItem[]): void {
  const seen = new Map<string, { index: number; fingerprint: string }>();
  items.forEach((item, index) => {
    const key = item.idempotencyKey;
    if (key === undefined) return;

    const fingerprint = fingerprintOf(item);
    const first = seen.get(key);
    if (first && first.fingerprint !== fingerprint) {
      throw badUserInput(
        `inputs[${index}].idempotencyKey repeats the key of inputs[${first.index}] for a different upload; each upload needs its own key`,
        { field: `inputs[${index}].idempotencyKey` },
      );
    }
    if (!first) seen.set(key, { index, fingerprint });
  });
}
