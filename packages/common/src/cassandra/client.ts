import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

import { Client, auth, policies, type tracker } from 'cassandra-driver';

import type { Logger } from '../logging/logger';
import { consistencyOf, type CassandraConfig, type TlsConfig } from './config';

/**
 * The one driver client of a process. Every query is prepared (the driver
 * default is set here so a call site cannot forget), uses the configured
 * consistency, and routes to the local datacenter.
 */
export function createCassandraClient(
  config: CassandraConfig,
  logger: Logger,
  options: { keyspace?: string; requestTracker?: tracker.RequestTracker } = {},
): Client {
  const { keyspace, requestTracker } = options;
  const client = new Client({
    ...(requestTracker ? { requestTracker } : {}),
    contactPoints: config.contactPoints,
    ...(keyspace ? { keyspace } : {}),
    localDataCenter: config.localDataCenter,
    ...(config.credentials
      ? {
          authProvider: new auth.PlainTextAuthProvider(
            config.credentials.username,
            config.credentials.password,
          ),
        }
      : {}),
    queryOptions: {
      prepare: true,
      consistency: consistencyOf(config.consistency),
    },
    socketOptions: { readTimeout: config.requestTimeoutMs },
    ...(config.tls ? { sslOptions: tlsOptions(config.tls) } : {}),
    policies: {
      // The driver's default waits up to ten minutes between reconnection
      // attempts; a service should notice a returning node within seconds.
      reconnection: new policies.reconnection.ExponentialReconnectionPolicy(
        500,
        15_000,
      ),
    },
    protocolOptions: { maxSchemaAgreementWaitSeconds: 30 },
  });

  forwardDriverLogs(client, logger.child({ component: 'cassandra-driver' }));
  return client;
}

// The driver's `info` events are connection bookkeeping; they belong at
// debug so a healthy service's log stays quiet.
const DRIVER_LEVELS = {
  verbose: 'trace',
  info: 'debug',
  warning: 'warn',
  error: 'error',
} as const;

function forwardDriverLogs(client: Client, logger: Logger): void {
  client.on(
    'log',
    (level: string, className: string, message: string, info: unknown) => {
      const target =
        DRIVER_LEVELS[level as keyof typeof DRIVER_LEVELS] ?? 'debug';
      const extra = info instanceof Error ? { err: info } : {};
      logger[target]({ className, ...extra }, message);
    },
  );
}

/** The fully qualified name of a Cassette table. */
export function table(config: CassandraConfig, name: string): string {
  return `${config.keyspace}.${name}`;
}

function tlsOptions(tls: TlsConfig): ConnectionOptions {
  const read = (path: string) => readFileSync(path);
  return {
    rejectUnauthorized: tls.verify,
    ...(tls.caPath ? { ca: [read(tls.caPath)] } : {}),
    ...(tls.clientCert
      ? {
          cert: read(tls.clientCert.certPath),
          key: read(tls.clientCert.keyPath),
        }
      : {}),
  };
}
