/**
 * `npm start`: the local Cassandra node (unless contact points are set), the
 * schema, both subgraphs and the gateway; Ctrl-C stops what it started.
 */
import type { ChildProcess } from 'node:child_process';

import { createLogger, migrate } from '@cassette/common';

import { ensureCassandra, reportFatal } from './lib/cassandra';
import { localSecrets } from './lib/secrets';
import {
  SERVICES,
  spawnService,
  stopProcess,
  waitForOk,
  type ServiceName,
} from './lib/services';

const READY_TIMEOUT_MS = 120_000;

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  const { config, node } = await ensureCassandra();
  const env = { ...process.env, ...localSecrets() };

  const logger = createLogger('start', {
    level: 'info',
    format: process.stdout.isTTY ? 'pretty' : 'json',
  });
  try {
    await migrate({ config, logger });
  } catch (error) {
    await node?.stop();
    throw error;
  }

  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.error('\nstopping Cassette…');

    // The gateway first, so no new request reaches a stopping subgraph.
    for (const name of ['gateway', 'list', 'upload'] as const) {
      const child = children.get(name);
      if (child) await stopProcess(child);
    }
    await node?.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const { name } of SERVICES) {
    const child = spawnService(name, { env, stdio: 'inherit' });
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${name} exited unexpectedly (${signal ?? code})`);
      void stopAll(1);
    });
  }

  const port = env.GATEWAY_PORT ?? '8000';
  await waitForOk(`http://127.0.0.1:${port}/readyz`, READY_TIMEOUT_MS);
  console.error(
    `\nCassette is ready: http://localhost:${port}/graphql  (Ctrl-C stops it)\n`,
  );
}

main().catch(reportFatal);
