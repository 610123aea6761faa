import { createHash } from 'node:crypto';

import type { ApiKeyCheck, ApiKeyChecker } from './api-keys';

export interface ApiKeyCacheOptions {
  /** How long one result is reused, in milliseconds; 0 turns caching off. */
  ttlMs: number;
  /** The most results kept at once; the oldest go first. @default 10000 */
  maxEntries?: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

interface Entry {
  result: Promise<ApiKeyCheck>;
  expiresAtMs: number;
}

/**
 * Reuses each key's verification result, refusals included, for `ttlMs`
 * after the read that produced it began. A busy gateway then reads a key
 * once per period rather than once per request, and a flood of wrong keys
 * costs Cassandra no more than a trickle.
 *
 * The bound: an entry is never refreshed, only dropped and read again, so
 * a key revoked (or expired) at time T is refused by every replica from
 * T + `ttlMs` on. That assumes reads and writes at a consistency that
 * overlaps, such as the default LOCAL_QUORUM for both.
 */
export class CachedApiKeyChecker implements ApiKeyChecker {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: ApiKeyChecker,
    options: ApiKeyCacheOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  check(token: string): Promise<ApiKeyCheck> {
    if (this.ttlMs <= 0) return this.inner.check(token);

    const key = cacheKey(token);
    const startedMs = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAtMs > startedMs) return cached.result;
    this.entries.delete(key);

    // Concurrent requests with one key share the read in flight. A read
    // that fails (Cassandra unavailable) is forgotten, not reused.
    const result = this.inner.check(token);
    this.remember(key, { result, expiresAtMs: startedMs + this.ttlMs });
    result.catch(() => {
      if (this.entries.get(key)?.result === result) this.entries.delete(key);
    });
    return result;
  }

  private remember(key: string, entry: Entry): void {
    // Every entry lives equally long, so the first in the map is the one
    // closest to expiry and the right one to give up.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}

// Entries are keyed by a hash, so the cache holds no usable credential.
function cacheKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
