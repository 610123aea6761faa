/**
 * `npm start`: the local Cassandra node (unless contact points are set), the
 * schema, both subgraphs and the gateway; Ctrl-C stops what it started.
 */
import type { ChildProcess } from 'node:child_process';

import { createLogger, migrate } from '@cassette/common';

import { ensureCassandra, reportFatal } from './lib/cassandra';
import { ensureLocalKey, LOCAL_TENANT } from './lib/local-key';
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
  let localKey: Awaited<ReturnType<typeof ensureLocalKey>>;
  try {
    await migrate({ config, logger });
    localKey = await ensureLocalKey(config, logger);
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
  const url = `http://localhost:${port}/graphql`;
  console.error(
    [
      '',
      `Cassette is ready: ${url}  (Ctrl-C stops it)`,
      '',
      localKey.created
        ? `A new local API key (tenant "${LOCAL_TENANT}", items:read and items:write), saved in .cassette/local-key:`
        : `Your local API key (tenant "${LOCAL_TENANT}"), from .cassette/local-key:`,
      `  ${localKey.token}`,
      '',
      'Try it:',
      `  curl -s ${url} -H "authorization: Bearer $(cat .cassette/local-key)" \\`,
      `    -H 'content-type: application/json' -d '{"query":"{ items { edges { node { id content } } } }"}'`,
      '',
    ].join('\n'),
  );
}

main().catch(reportFatal);
