import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import type { ResolvedLocalNodeOptions } from './options';

interface WantedPort {
  host: string;
  port: number;
  purpose: string;
}

type PortState = 'free' | 'taken' | 'no-such-address';

/** How long a port must stay taken before it counts as a clash. */
const PORT_RELEASE_WAIT_MS = 3_000;

/**
 * Checks that the node can listen on each of its ports, so that a clash
 * is reported before the JVM starts rather than found in its log.
 * @throws LocalNodeError with code PORT_IN_USE, or INVALID_OPTIONS when the
 * address is not one of this machine's
 */
export async function assertPortsFree(
  options: ResolvedLocalNodeOptions,
): Promise<void> {
  const wanted: WantedPort[] = [
    {
      host: options.address,
      port: options.nativePort,
      purpose: 'CQL (nativePort)',
    },
    {
      host: options.address,
      port: options.storagePort,
      purpose: 'traffic between nodes (storagePort)',
    },
    {
      host: '127.0.0.1',
      port: options.jmxPort,
      purpose: 'JMX (jmxPort), which listens on 127.0.0.1 for every node',
    },
  ];

  // A node stopped a moment ago may still hold its ports while the kernel
  // lets go of them, so a clash is confirmed for a few seconds first.
  const deadline = Date.now() + PORT_RELEASE_WAIT_MS;
  for (;;) {
    const taken: WantedPort[] = [];
    for (const want of wanted) {
      const state = await portState(want.host, want.port);
      if (state === 'no-such-address') throw noSuchAddress(want.host);
      if (state === 'taken') taken.push(want);
    }

    if (taken.length === 0) return;
    if (Date.now() >= deadline) throw portsTaken(options.address, taken);
    await sleep(250);
  }
}

function portState(host: string, port: number): Promise<PortState> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('listening', () => server.close(() => resolve('free')));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve('taken');
      else if (error.code === 'EADDRNOTAVAIL') resolve('no-such-address');
      else reject(error);
    });
    server.listen({ host, port, exclusive: true });
  });
}

function portsTaken(address: string, taken: WantedPort[]): LocalNodeError {
  const lines = taken.map((t) => `  - ${t.host}:${t.port} for ${t.purpose}`);
  const first = taken[0]?.port;

  return new LocalNodeError(
    LocalNodeErrorCode.PortInUse,
    [
      `Cannot start Cassandra on ${address}: another process already listens on`,
      ...lines,
      'Another Cassandra node may be running there; give each node on this machine its own address and jmxPort.',
      `To see which process it is: lsof -nP -iTCP:${first} -sTCP:LISTEN`,
    ].join('\n'),
  );
}

function noSuchAddress(host: string): LocalNodeError {
  return new LocalNodeError(
    LocalNodeErrorCode.InvalidOptions,
    `Cannot listen on ${host}: it is not an address of this machine. Linux answers on all of 127.0.0.0/8; macOS only on 127.0.0.1 unless you add an alias: sudo ifconfig lo0 alias ${host} up`,
  );
}
