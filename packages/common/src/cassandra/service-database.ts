import type { Client } from 'cassandra-driver';

import type { ReadinessCheck } from '../http/service-shell';
import type { Logger } from '../logging/logger';
import { ServiceMetrics } from '../metrics/registry';
import { latestVersion, loadMigrations } from '../migrations/load';
import { createCassandraClient } from './client';
import type { CassandraConfig } from './config';
import { cassandraReachable, schemaAtVersion } from './readiness';

export interface ServiceDatabase {
  client: Client;
  metrics: ServiceMetrics;
  /** Ready when Cassandra answers and the schema is at this code's version. */
  checks: ReadinessCheck[];
}

/**
 * What every service opens at start: its metrics, its one Cassandra client
 * (counted by those metrics), and the readiness checks that go with it.
 */
export function openServiceDatabase(
  service: string,
  config: CassandraConfig,
  logger: Logger,
): ServiceDatabase {
  const metrics = new ServiceMetrics(service);
  const client = createCassandraClient(config, logger, {
    requestTracker: metrics.cassandraTracker(),
  });
  const expected = latestVersion(loadMigrations());

  return {
    client,
    metrics,
    checks: [
      cassandraReachable(client),
      schemaAtVersion(client, config.keyspace, expected),
    ],
  };
}
