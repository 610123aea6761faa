import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

import {
  spawnService,
  stopProcess,
  waitForOk,
  type ServiceName,
} from '../../scripts/lib/services';
import { ApiKeyStore, type NewApiKey } from '../../gateway/src/auth/api-keys';
import { parseApiKey } from '../../gateway/src/auth/api-key-token';
import {
  dropKeyspace,
  testClient,
  testCassandraConfig,
  uniqueKeyspace,
} from './cassandra';
import { waitUntil } from './security';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

export interface StartedService {
  process: ChildProcess;
  port: number;
  url: string;
  /** Everything the process has written so far, one entry per line. */
  logs: string[];
}

export interface Stack {
  keyspace: string;
  env: NodeJS.ProcessEnv;
  services: Partial<Record<ServiceName, StartedService>>;
  gatewayUrl: string;
  /**
   * Sends an operation to the gateway with the stack's own key (tenant
   * STACK_TENANT, both scopes) unless `headers` bring an authorization.
   */
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
  /** A new API key in the stack's keyspace; returns the bearer token. */
  createKey(key: NewApiKey): Promise<string>;
  /** Revokes a key by the token createKey returned. */
  revokeKey(token: string): Promise<void>;
  stop(): Promise<void>;
}

/** The tenant of the key `stack.graphql` sends by default. */
export const STACK_TENANT = 'default';

export interface StackOptions {
  /** Which processes to run. @default all three */
  only?: ServiceName[];
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /** Wait for `/readyz` on each. @default true */
  waitReady?: boolean;
  keyspace?: string;
  /** Leave the keyspace in place on stop (the bench reuses its data). @default false */
  keepKeyspace?: boolean;
}

/** A port the kernel just handed out, free for the next process to take. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs the real processes on free ports against the test run's Cassandra,
 * in a keyspace of their own that `stop()` drops again.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const keyspace = options.keyspace ?? uniqueKeyspace();
  const names = options.only ?? ['upload', 'list', 'gateway'];
  const ports = {
    upload: await freePort(),
    list: await freePort(),
    gateway: await freePort(),
  };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APOLLO_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    CASSANDRA_KEYSPACE: keyspace,
    CURSOR_SECRET: randomBytes(32).toString('hex'),
    SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('hex'),
    UPLOAD_PORT: String(ports.upload),
    LIST_PORT: String(ports.list),
    GATEWAY_PORT: String(ports.gateway),
    UPLOAD_SUBGRAPH_URL: `http://127.0.0.1:${ports.upload}/graphql`,
    LIST_SUBGRAPH_URL: `http://127.0.0.1:${ports.list}/graphql`,
    ...options.env,
  };

  const services: Stack['services'] = {};
  for (const name of names) {
    services[name] = startService(name, ports[name], env);
  }

  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  // The stack's own client logs in as the services do.
  const client = testClient(testCassandraConfig(keyspace, options.env));
  const keys = new ApiKeyStore(client, keyspace);
  let ownKey: string | undefined;

  const stack: Stack = {
    keyspace,
    env,
    services,
    gatewayUrl,
    graphql: async (query, variables, headers = {}) => {
      ownKey ??= await stack.createKey({
        tenant: STACK_TENANT,
        scopes: ['items:read', 'items:write'],
        name: 'test stack',
      });
      const auth = { authorization: `Bearer ${ownKey}` };
      return postGraphQL(gatewayUrl, query, variables, { ...auth, ...headers });
    },
    createKey: async (key) => (await keys.create(key)).token,
    revokeKey: async (token) => {
      await keys.revoke(parseApiKey(token)!.keyId);
    },
    stop: async () => {
      await Promise.all(
        Object.values(services).map((service) => stopProcess(service.process)),
      );
      if (!options.keepKeyspace) await dropKeyspace(client, keyspace);
      await client.shutdown();
    },
  };

  if (options.waitReady ?? true) {
    try {
      for (const service of Object.values(services)) {
        await waitForOk(
          `http://127.0.0.1:${service.port}/readyz`,
          90_000,
          () => service.process.exitCode === null,
        );
      }
    } catch (error) {
      const logs = Object.entries(services)
        .map(
          ([name, service]) =>
            `--- ${name}\n${service.logs.slice(-20).join('\n')}`,
        )
        .join('\n');
      await stack.stop();
      throw new Error(`${(error as Error).message}\n${logs}`);
    }
  }
  return stack;
}

export function startService(
  name: ServiceName,
  port: number,
  env: NodeJS.ProcessEnv,
): StartedService {
  const child = spawnService(name, { env, stdio: 'pipe' });
  const logs: string[] = [];
  child.stdout?.on('data', lineCollector(logs));
  child.stderr?.on('data', lineCollector(logs));

  return { process: child, port, url: `http://127.0.0.1:${port}`, logs };
}

// A chunk from a pipe can end inside a line: hold the tail back until the
// rest of it arrives, so every entry in `logs` is one whole line.
// The decoder does the same for a character split between chunks.
function lineCollector(logs: string[]): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  return (chunk) => {
    const lines = (partial + decoder.write(chunk)).split('\n');
    partial = lines.pop()!;
    logs.push(...lines.filter(Boolean));
  };
}

type LogEntry = Record<string, unknown>;

/**
 * The JSON log entries a service wrote for one request. A log line travels
 * through a pipe, so it may trail the response: this waits up to
 * `timeoutMs` for an entry with the message `awaited`, then returns every
 * entry of the request that has arrived.
 */
export async function requestLogs(
  service: StartedService,
  requestId: string,
  awaited: string,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<LogEntry[]> {
  const entries = () =>
    service.logs
      .filter((line) => line.includes(requestId))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogEntry];
        } catch {
          return [];
        }
      })
      .filter((entry) => entry.requestId === requestId);

  const arrived = () => entries().some((entry) => entry.msg === awaited);
  await waitUntil(async () => arrived(), { timeoutMs });
  return entries();
}

export async function postGraphQL<TData>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<TData>['body'],
  };
}
