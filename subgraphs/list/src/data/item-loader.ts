import DataLoader from 'dataloader';

import type { ItemReader, ItemRecord } from './item-reader';
import { parseItemId } from '../item-id';

/** How many single-partition reads one batch runs at once. */
export const LOOKUP_CONCURRENCY = 16;

/**
 * Batches every item lookup of one request: N entity references become N
 * single-partition reads run at most LOOKUP_CONCURRENCY at a time, each id
 * read once, results in key order.
 */
export function createItemLoader(reader: ItemReader, tenant: string) {
  return new DataLoader<string, ItemRecord | null>(async (ids) => {
    const results = new Array<ItemRecord | null | Error>(ids.length);
    let next = 0;

    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        try {
          const id = parseItemId(ids[index]!);
          results[index] = await reader.byId(tenant, id);
        } catch (error) {
          results[index] = error as Error;
        }
      }
    };

    const workers = Math.min(LOOKUP_CONCURRENCY, ids.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
  });
}

export type ItemLoader = ReturnType<typeof createItemLoader>;
