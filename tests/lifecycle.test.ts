import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';

import { startLocalNode } from '@cassette/local-cassandra';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  REPO_ROOT,
  spawnService,
  stopProcess,
  waitForOk,
} from '../scripts/lib/services';
import { finished } from './support/cli';
import {
  freePort,
  startService,
  startStack,
  type Stack,
} from './support/stack';

async function getJson(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function exitOf(child: ReturnType<typeof spawnService>) {
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('health, readiness and shutdown of the real processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports each service alive and ready with the checks it ran', async () => {
    for (const [name, service] of Object.entries(stack.services)) {
      const health = await getJson(`${service.url}/healthz`);
      const ready = await getJson(`${service.url}/readyz`);

      expect(health).toEqual({
        status: 200,
        body: { status: 'ok', service: name },
      });
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        ready: true,
        checks: { cassandra: { ok: true }, schema: { ok: true } },
      });
    }
    const gateway = await getJson(`${stack.services.gateway!.url}/readyz`);
    expect(gateway.body).toMatchObject({
      checks: { supergraph: { ok: true } },
    });
  });

  it('finishes a request already in flight when the gateway is told to stop', async () => {
    const gateway = stack.services.gateway!;
    const body = JSON.stringify({
      query:
        'mutation($c: String!) { upload(input: { content: $c }) { item { id content } } }',
      variables: { c: 'sent while stopping' },
    });
    const half = Math.floor(body.length / 2);
    const token = await stack.createKey({
      tenant: 'stopping',
      scopes: ['items:write', 'items:read'],
    });

    // Send half the body, stop the gateway, then send the rest.
    const request = http.request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${token}`,
      },
    });
    const responded = once(request, 'response') as Promise<
      [http.IncomingMessage]
    >;
    request.write(body.slice(0, half));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const exited = exitOf(gateway.process);
    gateway.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = await fetch(`${gateway.url}/healthz`).then(
      () => false,
      () => true,
    );
    request.end(body.slice(half));

    const [response] = await responded;
    let text = '';
    for await (const chunk of response) text += chunk;
    expect(refused).toBe(true);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      data: { upload: { item: { content: 'sent while stopping' } } },
    });
    expect(await exited).toBe(0);
  });
});

describe('readiness follows Cassandra', () => {
  it('is false while no Cassandra answers, while the process stays alive', async () => {
    const port = await freePort();
    const service = startService('upload', port, {
      ...process.env,
      APOLLO_TELEMETRY_DISABLED: '1',
      LOG_FORMAT: 'json',
      UPLOAD_PORT: String(port),
      SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('hex'),
      CASSANDRA_CONTACT_POINTS: `127.0.0.1:${await freePort()}`,
    });

    try {
      await waitForOk(`${service.url}/healthz`, 30_000);
      const ready = await getJson(`${service.url}/readyz`);

      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        ready: false,
        checks: { cassandra: { ok: false } },
      });
      expect(service.process.exitCode).toBeNull();
    } finally {
      await stopProcess(service.process);
    }
  }, 60_000);

  it('turns false when the node stops and true again when it returns', async () => {
    const nodeOptions = {
      address: '127.0.0.4',
      jmxPort: 7499,
      heapMb: 512,
      homeDir: mkdtempSync(path.join(tmpdir(), 'cassette-node-')),
      // The jars the shared node uses, so this node needs no second fetch.
      libDir: path.join(REPO_ROOT, '.cassette/cassandra/lib'),
      log: () => undefined,
    };
    const node = await startLocalNode(nodeOptions);
    const stack = await startStack({
      only: ['upload', 'gateway'],
      env: { CASSANDRA_CONTACT_POINTS: '127.0.0.4' },
    });
    const upload = stack.services.upload!;

    try {
      await node.stop();
      await expectReadiness(`${upload.url}/readyz`, 503, 30_000);

      // Same address and data; a JMX port of its own, so the restart never
      // waits on the stopped JVM's port.
      const again = await startLocalNode({ ...nodeOptions, jmxPort: 7498 });
      await expectReadiness(`${upload.url}/readyz`, 200, 60_000);
      await again.stop();
    } finally {
      await Promise.all(
        Object.values(stack.services).map((s) => stopProcess(s.process)),
      );
      await node.stop();
    }
  }, 240_000);
});

async function expectReadiness(url: string, status: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await fetch(url)).status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${url} answered ${last}, expected ${status} within ${timeoutMs} ms`,
  );
}

describe('configuration is checked at start', () => {
  it('stops the list subgraph with a message naming the missing secret', async () => {
    const env = { ...process.env, CURSOR_SECRET: '' };
    const { status, stderr } = await finished(
      spawnService('list', { env, stdio: 'pipe' }),
    );

    expect(status).toBe(2);
    expect(stderr).toContain(
      'CURSOR_SECRET is required: it signs page cursors, so set the same value on every list replica; a random string of at least 32 characters',
    );
    expect(stderr).toContain('SUBGRAPH_SIGNING_SECRET is required');
  });

  it('lists every bad variable of the gateway at once', async () => {
    const env = {
      ...process.env,
      GATEWAY_PORT: 'eighty',
      CASSANDRA_REPLICATION: 'NetworkTopologyStrategy:dc1',
      CASSANDRA_KEYSPACE: 'drop table',
      LOG_LEVEL: 'loud',
    };
    const { status, stderr } = await finished(
      spawnService('gateway', { env, stdio: 'pipe' }),
    );

    expect(status).toBe(2);
    expect(stderr).toContain(
      'GATEWAY_PORT must be an integer from 1 to 65535, got "eighty"',
    );
    expect(stderr).toContain(
      'CASSANDRA_REPLICATION: each datacenter needs a factor',
    );
    expect(stderr).toContain('CASSANDRA_KEYSPACE must be a lowercase letter');
    expect(stderr).toContain('LOG_LEVEL must be one of trace, debug, info');
  });
});
