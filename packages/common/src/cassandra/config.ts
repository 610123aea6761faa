import { existsSync } from 'node:fs';

import { types } from 'cassandra-driver';

import type { EnvReader } from '../config/env';

export type Replication =
  | { strategy: 'SimpleStrategy'; factor: number }
  | { strategy: 'NetworkTopologyStrategy'; factors: Record<string, number> };

export const CONSISTENCY_LEVELS = [
  'ONE',
  'LOCAL_ONE',
  'QUORUM',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'ALL',
] as const;
export type ConsistencyName = (typeof CONSISTENCY_LEVELS)[number];

export interface CassandraConfig {
  /** `CASSANDRA_CONTACT_POINTS`: `host` or `host:port`, comma-separated. @default 127.0.0.1 (the local node) */
  contactPoints: string[];
  /** True when no contact points were configured and the local node is meant. */
  usesLocalNode: boolean;
  /** `CASSANDRA_LOCAL_DC`: the datacenter the driver routes to. @default datacenter1 */
  localDataCenter: string;
  /** `CASSANDRA_KEYSPACE`. @default cassette */
  keyspace: string;
  /** `CASSANDRA_REPLICATION`, used when the keyspace is created. @default SimpleStrategy:1 */
  replication: Replication;
  /** `CASSANDRA_CONSISTENCY` for reads and writes. @default LOCAL_QUORUM */
  consistency: ConsistencyName;
  /** `CASSANDRA_USERNAME` and `CASSANDRA_PASSWORD`, set together or not at all. */
  credentials?: { username: string; password: string };
  /** `CASSANDRA_REQUEST_TIMEOUT_MS`: client-side limit on one request. @default 12000 */
  requestTimeoutMs: number;
  /** Set when `CASSANDRA_TLS` is true: encrypt the client connections. */
  tls?: TlsConfig;
}

export interface TlsConfig {
  /** `CASSANDRA_TLS_CA_PATH`: PEM bundle of the CAs to trust. @default the system's CAs */
  caPath?: string;
  /** `CASSANDRA_TLS_CERT_PATH` and `CASSANDRA_TLS_KEY_PATH`: a client certificate, for mutual TLS. */
  clientCert?: { certPath: string; keyPath: string };
  /** `CASSANDRA_TLS_VERIFY`: check the server's certificate and host name. @default true */
  verify: boolean;
}

// Keyspace names end up inside DDL text, so only plain identifiers pass,
// and only lowercase ones: CQL folds unquoted names to lowercase, while the
// driver quotes the name it is given.
const IDENTIFIER = /^[a-z][a-z0-9_]{0,47}$/;

export function readCassandraConfig(env: EnvReader): CassandraConfig {
  const configured = env.list('CASSANDRA_CONTACT_POINTS', []);
  const keyspace = env.str('CASSANDRA_KEYSPACE', 'cassette');
  if (!IDENTIFIER.test(keyspace)) {
    env.problem(
      `CASSANDRA_KEYSPACE must be a lowercase letter then up to 47 lowercase letters, digits or underscores, got "${keyspace}"`,
    );
  }

  const username = env.optionalStr('CASSANDRA_USERNAME');
  const password = env.optionalStr('CASSANDRA_PASSWORD');
  if ((username === undefined) !== (password === undefined)) {
    env.problem(
      'CASSANDRA_USERNAME and CASSANDRA_PASSWORD must be set together',
    );
  }

  return {
    contactPoints: configured.length > 0 ? configured : ['127.0.0.1'],
    usesLocalNode: configured.length === 0,
    localDataCenter: env.str('CASSANDRA_LOCAL_DC', 'datacenter1'),
    keyspace,
    replication: readReplication(env),
    consistency: env.oneOf(
      'CASSANDRA_CONSISTENCY',
      CONSISTENCY_LEVELS,
      'LOCAL_QUORUM',
    ),
    ...(username && password ? { credentials: { username, password } } : {}),
    requestTimeoutMs: env.int('CASSANDRA_REQUEST_TIMEOUT_MS', 12_000, {
      min: 100,
      max: 600_000,
    }),
    ...(env.bool('CASSANDRA_TLS', false) ? { tls: readTls(env) } : {}),
  };
}

function readTls(env: EnvReader): TlsConfig {
  const file = (name: string) => {
    const path = env.optionalStr(name);
    if (path !== undefined && !existsSync(path)) {
      env.problem(`${name} names a file that does not exist: ${path}`);
    }
    return path;
  };
  const caPath = file('CASSANDRA_TLS_CA_PATH');
  const certPath = file('CASSANDRA_TLS_CERT_PATH');
  const keyPath = file('CASSANDRA_TLS_KEY_PATH');
  if ((certPath === undefined) !== (keyPath === undefined)) {
    env.problem(
      'CASSANDRA_TLS_CERT_PATH and CASSANDRA_TLS_KEY_PATH must be set together',
    );
  }

  return {
    ...(caPath ? { caPath } : {}),
    ...(certPath && keyPath ? { clientCert: { certPath, keyPath } } : {}),
    verify: env.bool('CASSANDRA_TLS_VERIFY', true),
  };
}

/**
 * Parses `SimpleStrategy:<factor>` or
 * `NetworkTopologyStrategy:<dc>=<factor>[,<dc>=<factor>…]`.
 */
export function parseReplication(text: string): Replication | string {
  const [strategy = '', spec = '', ...extra] = text.split(':');
  if (extra.length > 0) {
    return `expected one ':' between the strategy and its factors, got "${text}"`;
  }
  const factorOf = (value: string) =>
    /^[1-9]\d?$/.test(value) ? Number(value) : undefined;

  if (strategy === 'SimpleStrategy') {
    const factor = factorOf(spec);
    return factor === undefined
      ? `SimpleStrategy needs a factor from 1 to 99, as in SimpleStrategy:1`
      : { strategy, factor };
  }
  if (strategy !== 'NetworkTopologyStrategy') {
    return `the strategy must be SimpleStrategy or NetworkTopologyStrategy, got "${strategy}"`;
  }

  const factors: Record<string, number> = {};
  for (const entry of spec.split(',').filter(Boolean)) {
    const [dc = '', value = '', ...extra] = entry.split('=');
    const factor = factorOf(value.trim());
    if (
      extra.length > 0 ||
      !/^[\w.-]+$/.test(dc.trim()) ||
      factor === undefined
    ) {
      return `each datacenter needs a factor, as in NetworkTopologyStrategy:dc1=3,dc2=3; got "${entry}"`;
    }
    factors[dc.trim()] = factor;
  }
  return Object.keys(factors).length > 0
    ? { strategy, factors }
    : 'NetworkTopologyStrategy needs at least one datacenter, as in NetworkTopologyStrategy:dc1=3';
}

function readReplication(env: EnvReader): Replication {
  const text = env.str('CASSANDRA_REPLICATION', 'SimpleStrategy:1');
  const parsed = parseReplication(text);
  if (typeof parsed === 'string') {
    env.problem(`CASSANDRA_REPLICATION: ${parsed}`);
    return { strategy: 'SimpleStrategy', factor: 1 };
  }
  return parsed;
}

/** The replication map as CQL text for `CREATE KEYSPACE … WITH replication`. */
export function replicationCql(replication: Replication): string {
  const entries: [string, string | number][] =
    replication.strategy === 'SimpleStrategy'
      ? [['replication_factor', replication.factor]]
      : Object.entries(replication.factors);
  const body = entries.map(([key, value]) => `'${key}': ${value}`).join(', ');
  return `{'class': '${replication.strategy}', ${body}}`;
}

export function consistencyOf(name: ConsistencyName): number {
  return types.consistencies[toDriverName(name)];
}

function toDriverName(name: ConsistencyName) {
  const camel = name
    .toLowerCase()
    .replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  return camel as keyof typeof types.consistencies;
}
