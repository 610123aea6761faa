import { CachedApiKeyChecker } from './api-key-cache';
import type { ApiKeyCheck, ApiKeyChecker } from './api-keys';

const ACCEPTED: ApiKeyCheck = {
  ok: true,
  principal: {
    tenant: 'acme',
    scopes: new Set(['items:read']),
    subject: '0123456789abcdef',
    via: 'api-key',
  },
};
const REVOKED: ApiKeyCheck = { ok: false, reason: 'revoked' };

/** A store whose answer the test changes, counting the reads it serves. */
class FakeStore implements ApiKeyChecker {
  answer: ApiKeyCheck | Error = ACCEPTED;
  reads = 0;

  async check(): Promise<ApiKeyCheck> {
    this.reads += 1;
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

function cachedOver(store: FakeStore, ttlMs: number, maxEntries?: number) {
  const clock = { ms: 1_000_000 };
  const cache = new CachedApiKeyChecker(store, {
    ttlMs,
    ...(maxEntries ? { maxEntries } : {}),
    now: () => clock.ms,
  });
  return { cache, clock };
}

describe('CachedApiKeyChecker', () => {
  it('reuses a result within the time it may be cached', async () => {
    const store = new FakeStore();
    const { cache, clock } = cachedOver(store, 5_000);

    await cache.check('token');
    store.answer = REVOKED;
    clock.ms += 4_999;

    expect(await cache.check('token')).toBe(ACCEPTED);
    expect(store.reads).toBe(1);
  });

  it('reads again once that time has passed, so a revocation lands', async () => {
    const store = new FakeStore();
    const { cache, clock } = cachedOver(store, 5_000);

    await cache.check('token');
    store.answer = REVOKED;
    clock.ms += 5_000;

    expect(await cache.check('token')).toBe(REVOKED);
    expect(store.reads).toBe(2);
  });

  it('caches refusals too, so repeated bad keys cost one read', async () => {
    const store = new FakeStore();
    store.answer = { ok: false, reason: 'unknown' };
    const { cache } = cachedOver(store, 5_000);

    for (let i = 0; i < 10; i += 1) await cache.check('wrong');

    expect(store.reads).toBe(1);
  });

  it('reads every time when the time is 0', async () => {
    const store = new FakeStore();
    const { cache } = cachedOver(store, 0);

    await cache.check('token');
    store.answer = REVOKED;

    expect(await cache.check('token')).toBe(REVOKED);
    expect(store.reads).toBe(2);
  });

  it('keeps each token apart', async () => {
    const store = new FakeStore();
    const { cache } = cachedOver(store, 5_000);

    await cache.check('one');
    store.answer = REVOKED;

    expect(await cache.check('two')).toBe(REVOKED);
    expect(await cache.check('one')).toBe(ACCEPTED);
  });

  it('shares one read among concurrent checks of the same token', async () => {
    const store = new FakeStore();
    const { cache } = cachedOver(store, 5_000);

    await Promise.all([1, 2, 3].map(() => cache.check('token')));

    expect(store.reads).toBe(1);
  });

  it('forgets a read that failed instead of repeating the failure', async () => {
    const store = new FakeStore();
    store.answer = new Error('Cassandra went away');
    const { cache } = cachedOver(store, 5_000);

    await expect(cache.check('token')).rejects.toThrow('Cassandra went away');
    store.answer = ACCEPTED;

    expect(await cache.check('token')).toBe(ACCEPTED);
  });

  it('gives up the oldest result when full', async () => {
    const store = new FakeStore();
    const { cache } = cachedOver(store, 5_000, 2);

    await cache.check('one');
    await cache.check('two');
    await cache.check('three');
    store.reads = 0;
    await cache.check('three');
    await cache.check('one');

    expect(store.reads).toBe(1);
  });
});
