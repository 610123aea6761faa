/**
 * `npm run bench`: how long a list page takes through the gateway with
 * 1,000 and with 1,000,000 items stored. Items are seeded straight into
 * Cassandra (once; later runs reuse them), spread over time the way real
 * uploads are, so the large collection spans a thousand daily buckets.
 */
import { performance } from 'node:perf_hooks';

import {
  createCassandraClient,
  createLogger,
  mapBounded,
  migrate,
} from '@cassette/common';
import { types, type Client } from 'cassandra-driver';

import { ensureCassandra, reportFatal } from '../scripts/lib/cassandra';
import { STACK_TENANT, startStack } from '../tests/support/stack';

const KEYSPACE = 'cassette_bench';
const DAY_MS = 86_400_000;
const SEED_CONCURRENCY = 128;
const WARMUP_REQUESTS = 50;
const MEASURED_REQUESTS = 300;
const PAGE_SIZE = 20;

const DATASETS = [
  { collection: 'bench-1k', items: 1_000, days: 1 },
  { collection: 'bench-1m', items: 1_000_000, days: 1_000 },
];

const logger = createLogger('bench', { level: 'warn', format: 'json' });

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  const { config, node } = await ensureCassandra();
  const benchConfig = { ...config, keyspace: KEYSPACE };
  await migrate({ config: benchConfig, logger });

  const client = createCassandraClient(benchConfig, logger);
  try {
    for (const dataset of DATASETS) await seed(client, dataset);
  } finally {
    await client.shutdown();
  }

  const stack = await startStack({
    keyspace: KEYSPACE,
    keepKeyspace: true,
    env: { LOG_LEVEL: 'warn' },
  });
  try {
    report(await measure(stack.graphql));
  } finally {
    await stack.stop();
    await node?.stop();
  }
}

async function seed(
  client: Client,
  dataset: (typeof DATASETS)[number],
): Promise<void> {
  const { collection, items, days } = dataset;
  const marker = await client.execute(
    `SELECT bucket FROM ${KEYSPACE}.item_buckets WHERE tenant = ? AND collection = ?`,
    [STACK_TENANT, collection],
    { prepare: true, fetchSize: 5_000 },
  );
  if (marker.rowLength === days) {
    console.error(`${collection}: ${items} items already seeded`);
    return;
  }

  console.error(`${collection}: seeding ${items} items over ${days} days…`);
  const started = performance.now();
  const newestDay = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const oldest = newestDay - (days - 1) * DAY_MS;
  const spacingMs = (days * DAY_MS) / items;
  const insert = (table: string, columns: string) =>
    `INSERT INTO ${KEYSPACE}.${table} (${columns}) VALUES (${columns
      .split(',')
      .map(() => '?')
      .join(', ')})`;
  const byBucket = insert(
    'items_by_bucket',
    'tenant, collection, bucket, id, content, content_type, size, sha256, tags, metadata, created_at',
  );
  const byId = insert(
    'items_by_id',
    'tenant, id, collection, bucket, content, content_type, size, sha256, tags, metadata, created_at',
  );

  for (let day = 0; day < days; day += 1) {
    await client.execute(
      `INSERT INTO ${KEYSPACE}.item_buckets (tenant, collection, bucket) VALUES (?, ?, ?)`,
      [STACK_TENANT, collection, new Date(oldest + day * DAY_MS)],
      { prepare: true },
    );
  }

  const indexes = Array.from({ length: items }, (_, i) => i);
  await mapBounded(indexes, SEED_CONCURRENCY, async (i) => {
    const createdAt = new Date(oldest + Math.floor(i * spacingMs));
    const id = types.TimeUuid.fromDate(createdAt, i % 10_000);
    const bucket = new Date(
      createdAt.getTime() - (createdAt.getTime() % DAY_MS),
    );
    const content = `seeded item ${i} of ${collection}: ${'lorem ipsum '.repeat(8)}`;
    const fields = [
      content,
      'text/plain',
      content.length,
      '0'.repeat(64),
      [],
      [],
      createdAt,
    ];

    await client.execute(
      byBucket,
      [STACK_TENANT, collection, bucket, id, ...fields],
      { prepare: true },
    );
    await client.execute(
      byId,
      [STACK_TENANT, id, collection, bucket, ...fields],
      {
        prepare: true,
      },
    );
    if (i > 0 && i % 100_000 === 0) {
      const rate = i / ((performance.now() - started) / 1_000);
      console.error(`  ${i} items (${Math.round(rate)}/s)`);
    }
  });
  console.error(
    `${collection}: seeded in ${((performance.now() - started) / 1_000).toFixed(0)} s`,
  );
}

const FIRST_PAGE = `query Bench($collection: String, $first: Int) {
  items(collection: $collection, first: $first) {
    edges { node { id content createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type GraphQL = Awaited<ReturnType<typeof startStack>>['graphql'];

/**
 * Times first pages of every dataset, interleaved request by request (in
 * alternating order), so compactions and other load on a shared machine
 * fall on all of them alike.
 */
async function measure(graphql: GraphQL) {
  const once = async (collection: string) => {
    const started = performance.now();
    const { body } = await graphql<{ items: { edges: unknown[] } }>(
      FIRST_PAGE,
      {
        collection,
        first: PAGE_SIZE,
      },
    );
    const elapsed = performance.now() - started;
    if (body.errors || body.data?.items.edges.length !== PAGE_SIZE) {
      throw new Error(`unexpected page: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return elapsed;
  };

  const samples = DATASETS.map(() => [] as number[]);
  for (let round = 0; round < WARMUP_REQUESTS + MEASURED_REQUESTS; round += 1) {
    const order = DATASETS.map((_, index) => index);
    if (round % 2 === 1) order.reverse();

    for (const index of order) {
      const elapsed = await once(DATASETS[index]!.collection);
      if (round >= WARMUP_REQUESTS) samples[index]!.push(elapsed);
    }
  }

  return DATASETS.map(({ items }, index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { items, medianMs: at(0.5), p95Ms: at(0.95) };
  });
}

function report(
  results: Array<{ items: number; medianMs: number; p95Ms: number }>,
) {
  console.log(
    `\nList page (first: ${PAGE_SIZE}) through the gateway: ${MEASURED_REQUESTS} requests per dataset, interleaved one by one, after ${WARMUP_REQUESTS} warm-up rounds:\n`,
  );
  console.log('items stored   median ms   p95 ms');
  for (const { items, medianMs, p95Ms } of results) {
    console.log(
      `${String(items).padStart(12)}   ${medianMs.toFixed(2).padStart(9)}   ${p95Ms.toFixed(2).padStart(6)}`,
    );
  }
  const [small, large] = results;
  if (small && large) {
    console.log(
      `\nratio (1,000,000 / 1,000) of medians: ${(large.medianMs / small.medianMs).toFixed(2)}`,
    );
  }
}

main().catch(reportFatal);
