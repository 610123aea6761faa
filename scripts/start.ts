/**
 * `npm start`: the local Cassandra node (unless contact points are set), the
 * schema, both subgraphs and the gateway; Ctrl-C stops what it started.
 */
import type { ChildProcess } from 'node:child_process';

import { createLogger, migrate } from '@cassette/common';

import type { LocalNodeHandle } from '@cassette/local-cassandra';

import { ensureCassandra, reportFatal } from './lib/cassandra';
import { ensureLocalKey, LOCAL_TENANT } from './lib/local-key';
import { playgroundLines, serviceEnv } from './lib/playground';
import { localSecrets } from './lib/secrets';
import {
  SERVICES,
  spawnService,
  stopProcess,
  waitForOk,
  type ServiceName,
} from './lib/services';

const READY_TIMEOUT_MS = 120_000;

// What this command started, so that Ctrl-C, a crashed service or a failed
// start all stop the same things in the same order.
const started: {
  node?: LocalNodeHandle;
  children: Map<ServiceName, ChildProcess>;
} = { children: new Map() };
let stopping = false;

async function stopStarted(): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (started.children.size > 0) console.error('\nstopping Cassette…');

  // The gateway first, so no new request reaches a stopping subgraph.
  for (const name of ['gateway', 'list', 'upload'] as const) {
    const child = started.children.get(name);
    if (child) await stopProcess(child);
  }
  await started.node?.stop();
}

async function stopAll(exitCode: number): Promise<void> {
  await stopStarted();
  process.exit(exitCode);
}

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const { config, node } = await ensureCassandra();
  started.node = node;

  const env = { ...process.env, ...localSecrets() };
  const logger = createLogger('start', {
    level: 'info',
    format: process.stdout.isTTY ? 'pretty' : 'json',
  });
  await migrate({ config, logger });
  const localKey = await ensureLocalKey(config, logger);

  for (const { name } of SERVICES) {
    const child = spawnService(name, {
      env: serviceEnv(name, env, localKey.token),
      stdio: 'inherit',
    });
    started.children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${name} exited unexpectedly (${signal ?? code})`);
      void stopAll(1);
    });
  }

  const port = env.GATEWAY_PORT ?? '8000';
  await waitForOk(`http://127.0.0.1:${port}/readyz`, READY_TIMEOUT_MS);
  const url = `http://localhost:${port}/graphql`;
  const gatewayEnv = serviceEnv('gateway', env, localKey.token);
  console.error(
    [
      '',
      `Cassette is ready: ${url}  (Ctrl-C stops it)`,
      '',
      ...playgroundLines(gatewayEnv, url),
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

main().catch(async (error: unknown) => {
  // Stop whatever did start before saying why the rest did not.
  await stopStarted();
  reportFatal(error);
});
