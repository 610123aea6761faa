import { mapBounded, parseItemId } from '@cassette/common';
import type { types } from 'cassandra-driver';
import DataLoader from 'dataloader';

import type { ItemReader, ItemRecord } from './item-reader';

/** Ids per Cassandra request: one coordinator fans out to their partitions. */
export const LOOKUP_BATCH_SIZE = 20;
/** Requests of one batch in flight at once. */
export const LOOKUP_CONCURRENCY = 4;

/**
 * Batches every item lookup of one request: N entity references cost
 * ceil(N / LOOKUP_BATCH_SIZE) Cassandra requests, at most
 * LOOKUP_CONCURRENCY at a time, each id read once, results in key order. A
 * malformed id fails only its own key.
 */
export function createItemLoader(reader: ItemReader, tenant: string) {
  return new DataLoader<string, ItemRecord | null>(async (ids) => {
    const parsed = ids.map((id) => {
      try {
        return parseItemId(id);
      } catch (error) {
        return error as Error;
      }
    });

    const valid = parsed.filter(
      (id): id is types.TimeUuid => !(id instanceof Error),
    );
    const chunks: (typeof valid)[] = [];
    for (let at = 0; at < valid.length; at += LOOKUP_BATCH_SIZE) {
      chunks.push(valid.slice(at, at + LOOKUP_BATCH_SIZE));
    }
    const found = await mapBounded(chunks, LOOKUP_CONCURRENCY, (chunk) =>
      reader.byIds(tenant, chunk),
    );

    const byId = new Map(found.flat().map((record) => [record.id, record]));
    return parsed.map((id) =>
      id instanceof Error ? id : (byId.get(id.toString()) ?? null),
    );
  });
}

export type ItemLoader = ReturnType<typeof createItemLoader>;
