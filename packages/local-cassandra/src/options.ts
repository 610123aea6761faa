import * as net from 'node:net';
import * as path from 'node:path';
import { inspect } from 'node:util';

import { LocalNodeError, LocalNodeErrorCode } from './errors';

/** How to fetch and run a local Cassandra node. Every field is optional. */
export interface LocalNodeOptions {
  /**
   * Folder for the fetched jars and each node's configuration, data and
   * logs.
   * @default '<repo root>/.cassette/cassandra'
   */
  homeDir?: string;
  /**
   * Folder for the fetched jars, one subfolder per Cassandra version.
   * Several homes can share one to fetch only once.
   * @default '<homeDir>/lib'
   */
  libDir?: string;
  /**
   * Loopback address the node listens on for CQL and for other nodes. Give
   * each node of a local cluster its own: 127.0.0.1, 127.0.0.2, ...
   * @default '127.0.0.1'
   */
  address?: string;
  /**
   * Port for CQL clients.
   * @default 9042
   */
  nativePort?: number;
  /**
   * Port for traffic between nodes.
   * @default 7000
   */
  storagePort?: number;
  /**
   * Port for JMX (nodetool). JMX always listens on 127.0.0.1 whatever the
   * address, so each node on one machine needs its own.
   * @default 7199
   */
  jmxPort?: number;
  /**
   * Java heap, in megabytes (at least 256).
   * @default 1024
   */
  heapMb?: number;
  /**
   * Name every node of one cluster shares.
   * @default 'cassette-local'
   */
  clusterName?: string;
  /**
   * Loopback addresses of the nodes a new node contacts to join the
   * cluster. All of them use `storagePort`.
   * @default [address]
   */
  seeds?: readonly string[];
  /**
   * Apache Cassandra release to fetch and run; only 5.0.x is supported.
   * @default '5.0.7'
   */
  cassandraVersion?: string;
  /**
   * Require a login (PasswordAuthenticator and CassandraAuthorizer; the
   * superuser is `cassandra`/`cassandra`) instead of allowing everyone.
   * @default false
   */
  passwordAuth?: boolean;
  /**
   * How long to wait for the node to accept CQL connections, in
   * milliseconds.
   * @default 180000
   */
  startTimeoutMs?: number;
  /**
   * Environment in which Java and Maven are looked up (`JAVA_HOME`, `PATH`)
   * and Maven runs.
   * @default process.env
   */
  env?: Env;
  /**
   * Receives one line of progress at a time, for a person to read.
   * @default writes the line to stderr
   */
  log?: (line: string) => void;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Options with every default filled in and every rule checked. */
export type ResolvedLocalNodeOptions = Readonly<Required<LocalNodeOptions>>;

// src -> local-cassandra -> packages -> repo root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const MIN_HEAP_MB = 256;

/**
 * Fills in the defaults and checks every option, reporting all problems at
 * once.
 * @throws LocalNodeError with code INVALID_OPTIONS
 */
export function resolveLocalNodeOptions(
  options: LocalNodeOptions = {},
): ResolvedLocalNodeOptions {
  const homeDir = path.resolve(
    options.homeDir ?? path.join(REPO_ROOT, '.cassette', 'cassandra'),
  );
  const address = options.address ?? '127.0.0.1';
  const resolved: Required<LocalNodeOptions> = {
    homeDir,
    libDir: path.resolve(options.libDir ?? path.join(homeDir, 'lib')),
    address,
    nativePort: options.nativePort ?? 9042,
    storagePort: options.storagePort ?? 7000,
    jmxPort: options.jmxPort ?? 7199,
    heapMb: options.heapMb ?? 1024,
    clusterName: options.clusterName ?? 'cassette-local',
    seeds: options.seeds ?? [address],
    cassandraVersion: options.cassandraVersion ?? '5.0.7',
    passwordAuth: options.passwordAuth ?? false,
    startTimeoutMs: options.startTimeoutMs ?? 180_000,
    env: options.env ?? process.env,
    log: options.log ?? writeToStderr,
  };

  const problems = findProblems(resolved);
  if (problems.length > 0) {
    throw new LocalNodeError(
      LocalNodeErrorCode.InvalidOptions,
      `Invalid local Cassandra options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return Object.freeze(resolved);
}

function findProblems(options: Required<LocalNodeOptions>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  check(
    isLoopbackIpv4(options.address),
    `address must be a loopback IPv4 address in 127.0.0.0/8, because a local node must not be reachable from other machines; got ${inspect(options.address)}. To use a cluster elsewhere, set CASSANDRA_CONTACT_POINTS instead of starting a local node`,
  );
  // Seeds left to their default repeat the address, already checked above.
  const seedsAreAddress =
    options.seeds.length === 1 && options.seeds[0] === options.address;
  check(
    seedsAreAddress ||
      (options.seeds.length > 0 && options.seeds.every(isLoopbackIpv4)),
    `seeds must be a non-empty list of loopback IPv4 addresses in 127.0.0.0/8 (without ports; every node uses storagePort); got ${inspect(options.seeds)}`,
  );

  for (const name of ['nativePort', 'storagePort', 'jmxPort'] as const) {
    check(
      isIntegerIn(options[name], 1, 65_535),
      `${name} must be an integer from 1 to 65535, got ${inspect(options[name])}`,
    );
  }
  const ports = [options.nativePort, options.storagePort, options.jmxPort];
  check(
    new Set(ports).size === ports.length,
    `nativePort, storagePort and jmxPort must differ, got ${ports.join(', ')}`,
  );

  check(
    isIntegerIn(options.heapMb, MIN_HEAP_MB, 65_536),
    `heapMb must be an integer from ${MIN_HEAP_MB} (Cassandra's minimum in practice) to 65536, got ${inspect(options.heapMb)}`,
  );
  check(
    typeof options.clusterName === 'string' &&
      /^[\w .-]{1,64}$/.test(options.clusterName),
    `clusterName must be 1 to 64 letters, digits, spaces, '_', '.' or '-', got ${inspect(options.clusterName)}`,
  );
  check(
    typeof options.cassandraVersion === 'string' &&
      /^5\.0\.\d+$/.test(options.cassandraVersion),
    `cassandraVersion must be a 5.0.x release (the generated configuration and JVM flags are for Cassandra 5.0 on Java 17), got ${inspect(options.cassandraVersion)}`,
  );
  check(
    isIntegerIn(options.startTimeoutMs, 1, Number.MAX_SAFE_INTEGER),
    `startTimeoutMs must be a positive integer (milliseconds), got ${inspect(options.startTimeoutMs)}`,
  );
  check(
    typeof options.log === 'function',
    `log must be a function taking one line of text, got ${inspect(options.log)}`,
  );
  return problems;
}

/** Whether `address` is a literal IPv4 address in 127.0.0.0/8. */
export function isLoopbackIpv4(address: unknown): boolean {
  return (
    typeof address === 'string' &&
    net.isIPv4(address) &&
    address.startsWith('127.')
  );
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return (
    Number.isInteger(value) && Number(value) >= min && Number(value) <= max
  );
}

function writeToStderr(line: string): void {
  process.stderr.write(`[cassandra] ${line}\n`);
}
