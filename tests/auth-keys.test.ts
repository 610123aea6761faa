import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createCassandraClient,
  migrate,
  type CassandraConfig,
} from '@cassette/common';
import type { Client } from 'cassandra-driver';

import { CachedApiKeyChecker } from '../gateway/src/auth/api-key-cache';
import { hashSecret, parseApiKey } from '../gateway/src/auth/api-key-token';
import { ApiKeyStore, InvalidApiKeyInput } from '../gateway/src/auth/api-keys';
import { REPO_ROOT } from '../scripts/lib/services';
import {
  dropKeyspace,
  testCassandraConfig,
  testClient,
  testLogger,
} from './support/cassandra';
import { finished, type CliRun } from './support/cli';

const HOUR_MS = 3_600_000;

/** A copy of `token` whose secret differs in its last character. */
function withWrongSecret(token: string): string {
  return token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
}

describe('ApiKeyStore against a real keyspace', () => {
  let config: CassandraConfig;
  let client: Client;
  let admin: Client;
  let store: ApiKeyStore;

  beforeAll(async () => {
    config = testCassandraConfig();
    admin = testClient(config);
    await migrate({ config, logger: testLogger });
    client = createCassandraClient(config, testLogger);
    store = new ApiKeyStore(client, config.keyspace);
  });

  afterAll(async () => {
    await client?.shutdown();
    await dropKeyspace(admin, config.keyspace);
    await admin.shutdown();
  });

  it('verifies a new key as its tenant, scopes and key id', async () => {
    const { keyId, token } = await store.create({
      tenant: 'acme',
      scopes: ['items:read', 'items:write'],
      name: 'ci',
    });

    const principal = await store.verify(token);

    expect(parseApiKey(token)?.keyId).toBe(keyId);
    expect(principal).toEqual({
      tenant: 'acme',
      scopes: new Set(['items:read', 'items:write']),
      subject: keyId,
      via: 'api-key',
    });
  });

  it('refuses a key with the wrong secret', async () => {
    const { keyId, token } = await store.create({
      tenant: 'acme',
      scopes: ['items:read'],
    });

    expect(await store.verify(withWrongSecret(token))).toBeNull();
    expect(await store.check(withWrongSecret(token))).toEqual({
      ok: false,
      reason: 'wrong-secret',
      keyId,
    });
  });

  it('refuses a well-formed key that was never created', async () => {
    const token = `cas_0123456789abcdef_${'x'.repeat(43)}`;

    expect(await store.check(token)).toEqual({
      ok: false,
      reason: 'unknown',
      keyId: '0123456789abcdef',
    });
  });

  it('refuses a revoked key once the cache bound has passed', async () => {
    const clock = { ms: Date.now() };
    const cached = new CachedApiKeyChecker(store, {
      ttlMs: 5_000,
      now: () => clock.ms,
    });
    const { keyId, token } = await store.create({
      tenant: 'acme',
      scopes: ['items:read'],
    });
    expect((await cached.check(token)).ok).toBe(true);

    expect(await store.revoke(keyId)).toBe(true);
    const withinBound = await cached.check(token);
    clock.ms += 5_000;
    const afterBound = await cached.check(token);

    expect(withinBound.ok).toBe(true);
    expect(afterBound).toEqual({ ok: false, reason: 'revoked', keyId });
    expect(await store.verify(token)).toBeNull();
  });

  it('keeps the first revocation time and reports unknown ids', async () => {
    const { keyId } = await store.create({
      tenant: 'revoking',
      scopes: ['items:read'],
    });

    await store.revoke(keyId);
    const [first] = await store.list('revoking');
    await sleep(5);
    const again = await store.revoke(keyId);
    const [second] = await store.list('revoking');

    expect(again).toBe(true);
    expect(second?.revokedAt).toEqual(first?.revokedAt);
    expect(await store.revoke('0123456789abcdef')).toBe(false);
  });

  it('refuses a key after it expires', async () => {
    const { keyId, token } = await store.create({
      tenant: 'acme',
      scopes: ['items:read'],
      expiresAt: new Date(Date.now() + HOUR_MS),
    });
    const later = new ApiKeyStore(client, config.keyspace, {
      now: () => new Date(Date.now() + 2 * HOUR_MS),
    });

    expect(await store.verify(token)).not.toBeNull();
    expect(await later.check(token)).toEqual({
      ok: false,
      reason: 'expired',
      keyId,
    });
  });

  it("lists a tenant's keys, oldest first, without secrets or hashes", async () => {
    const first = await store.create({
      tenant: 'listing',
      scopes: ['items:write', 'items:read'],
      name: 'first',
    });
    await sleep(5);
    const second = await store.create({
      tenant: 'listing',
      scopes: ['items:read'],
    });
    await store.create({ tenant: 'other', scopes: ['items:read'] });

    const keys = await store.list('listing');

    expect(keys).toEqual([
      {
        keyId: first.keyId,
        tenant: 'listing',
        scopes: ['items:read', 'items:write'],
        name: 'first',
        createdAt: expect.any(Date),
      },
      {
        keyId: second.keyId,
        tenant: 'listing',
        scopes: ['items:read'],
        createdAt: expect.any(Date),
      },
    ]);
    const secret = parseApiKey(first.token)!.secret;
    expect(JSON.stringify(keys)).not.toContain(secret);
    expect(JSON.stringify(keys)).not.toContain(hashSecret(secret));
  });

  it('lists every tenant when asked for none', async () => {
    const one = await store.create({ tenant: 'all-1', scopes: ['items:read'] });
    const two = await store.create({ tenant: 'all-2', scopes: ['items:read'] });

    const keys = await store.list();

    expect(keys.map((key) => [key.tenant, key.keyId])).toEqual(
      expect.arrayContaining([
        ['all-1', one.keyId],
        ['all-2', two.keyId],
      ]),
    );
  });

  it('refuses to create a key for a malformed tenant or scope', async () => {
    const creating = store.create({ tenant: 'Acme', scopes: ['admin'] });

    await expect(creating).rejects.toThrow(InvalidApiKeyInput);
    await expect(creating).rejects.toThrow(
      /tenant must be 1 to 64 .*; scopes must be among items:read, items:write; got "admin"/,
    );
  });
});

describe('npm run keys end to end', () => {
  let config: CassandraConfig;
  let admin: Client;
  let client: Client;

  // The command starts on a keyspace nobody migrated, as on a fresh cluster.
  const runKeys = async (...args: string[]): Promise<CliRun> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CASSANDRA_CONTACT_POINTS: config.contactPoints.join(','),
      CASSANDRA_KEYSPACE: config.keyspace,
    };
    delete env.LOG_LEVEL;
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    return finished(
      spawn(tsx, ['scripts/keys.ts', ...args], { cwd: REPO_ROOT, env }),
    );
  };

  beforeAll(() => {
    config = testCassandraConfig();
    admin = testClient(config);
    // Table names are qualified, so no keyspace needs to exist yet.
    client = createCassandraClient(config, testLogger);
  });

  afterAll(async () => {
    await client.shutdown();
    await dropKeyspace(admin, config.keyspace);
    await admin.shutdown();
  });

  it('creates, lists and revokes a key that the store verifies', async () => {
    const created = await runKeys(
      'create',
      '--tenant',
      'acme',
      '--scopes',
      'items:read,items:write',
      '--expires',
      '12h',
      '--name',
      'ci',
    );
    expect(created).toMatchObject({ status: 0 });
    const token = created.stdout.trim();
    expect(token).toMatch(/^cas_[0-9a-f]{16}_[\w-]{43}$/);
    expect(created.stderr).toContain('This is the only time the key is shown');
    const keyId = parseApiKey(token)!.keyId;

    const store = new ApiKeyStore(client, config.keyspace);
    expect(await store.verify(token)).toMatchObject({ tenant: 'acme' });

    const listed = await runKeys('list', '--tenant', 'acme', '--json');
    expect(listed.status).toBe(0);
    const keys = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(keys).toEqual([
      {
        keyId,
        tenant: 'acme',
        scopes: ['items:read', 'items:write'],
        name: 'ci',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        revokedAt: null,
      },
    ]);
    const lifetimeMs =
      Date.parse(keys[0]!.expiresAt as string) -
      Date.parse(keys[0]!.createdAt as string);
    expect(Math.abs(lifetimeMs - 12 * HOUR_MS)).toBeLessThan(60_000);
    expect(listed.stdout).not.toContain(parseApiKey(token)!.secret);

    const revoked = await runKeys('revoke', keyId);
    expect(revoked).toMatchObject({ status: 0 });
    expect(revoked.stdout).toContain(`Revoked ${keyId}.`);
    expect(await store.verify(token)).toBeNull();

    const table = await runKeys('list');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^KEY ID +TENANT +SCOPES +NAME +CREATED/);
    expect(table.stdout).toMatch(
      new RegExp(`^${keyId} +acme +items:read,items:write +ci .+Z$`, 'm'),
    );
  }, 120_000);

  it('exits 1 when revoking a key that does not exist', async () => {
    const result = await runKeys('revoke', '0123456789abcdef');

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No API key has the id 0123456789abcdef');
  });

  it('exits 2 on a usage error, saying how to get help', async () => {
    const result = await runKeys('create', '--tenant', 'acme');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('create needs --tenant and --scopes');
    expect(result.stderr).toContain('npm run keys -- --help');
  });
});
