import type { Client, types } from 'cassandra-driver';

import {
  generateApiKey,
  hashSecret,
  parseApiKey,
  sameHash,
} from './api-key-token';
import { scopesProblem, tenantProblem, type Principal } from './principal';

export interface NewApiKey {
  tenant: string;
  /** At least one of `SCOPES`. */
  scopes: readonly string[];
  /** When the key stops working; unset, it works until revoked. */
  expiresAt?: Date;
  /** A label for people, such as `ci`; up to 128 characters. */
  name?: string;
}

export interface CreatedApiKey {
  keyId: string;
  /** The whole key. Only its hash is stored: show it once, then drop it. */
  token: string;
}

/** What listing shows of a key: everything but its secret and hash. */
export interface ApiKeyInfo {
  keyId: string;
  tenant: string;
  scopes: string[];
  name?: string;
  createdAt: Date;
  expiresAt?: Date;
  revokedAt?: Date;
}

/** Why a key was refused; for the server's logs, never for the client. */
export type ApiKeyRefusal =
  'malformed' | 'unknown' | 'wrong-secret' | 'revoked' | 'expired';

export type ApiKeyCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: ApiKeyRefusal; keyId?: string };

/** What authentication needs of a key store. */
export interface ApiKeyChecker {
  check(token: string): Promise<ApiKeyCheck>;
}

/** A key to create was described wrongly; the message says how. */
export class InvalidApiKeyInput extends Error {
  override name = 'InvalidApiKeyInput';
}

export interface ApiKeyStoreOptions {
  /** The clock that creation, revocation and expiry go by. @default the system clock */
  now?: () => Date;
}

export const NAME_MAX_CHARS = 128;

// Every key sits in this one listing partition (see 0003_api_keys.cql).
const LISTING = 'all';

// Listing reads its partition a page at a time, however many keys exist.
const LIST_FETCH_SIZE = 500;

// Every statement here has fixed values, so the driver may safely retry it.
const READ = { prepare: true, isIdempotent: true };
const WRITE = { prepare: true, isIdempotent: true };

// Compared against when a key id is unknown, so that case does the same
// hashing work as a known one.
const NO_KEY_HASH = hashSecret('');

/**
 * API keys in Cassandra, stored as the sha256 of their secret. A key is
 * looked up by its id in one partition; listing reads one partition too.
 * This class does not cache: wrap it in `CachedApiKeyChecker` for serving.
 */
export class ApiKeyStore implements ApiKeyChecker {
  private readonly cql: ReturnType<typeof statements>;
  private readonly now: () => Date;

  constructor(
    private readonly client: Client,
    keyspace: string,
    options: ApiKeyStoreOptions = {},
  ) {
    this.cql = statements(keyspace);
    this.now = options.now ?? (() => new Date());
  }

  /** Stores a new key and returns it; the token cannot be recovered later. */
  async create(input: NewApiKey): Promise<CreatedApiKey> {
    const createdAt = this.now();
    this.validate(input, createdAt);
    const { keyId, secret, token } = generateApiKey();
    const scopes = [...new Set(input.scopes)];
    const described = [
      input.tenant,
      scopes,
      input.name ?? null,
      createdAt,
      input.expiresAt ?? null,
    ];

    // Listed first: a crash between the writes then leaves a listed key
    // that never works, never a working key that nobody can see.
    await this.client.execute(
      this.cql.insertListed,
      [LISTING, keyId, ...described],
      WRITE,
    );
    await this.client.execute(
      this.cql.insertKey,
      [keyId, hashSecret(secret), ...described],
      WRITE,
    );
    return { keyId, token };
  }

  /** Every key, or one tenant's, by tenant and then creation time. */
  async list(tenant?: string): Promise<ApiKeyInfo[]> {
    const [query, params] =
      tenant === undefined
        ? [this.cql.selectListed, [LISTING]]
        : [this.cql.selectListedForTenant, [LISTING, tenant]];
    const keys: ApiKeyInfo[] = [];
    let pageState: string | undefined;

    do {
      const result = await this.client.execute(query, params, {
        ...READ,
        fetchSize: LIST_FETCH_SIZE,
        ...(pageState ? { pageState } : {}),
      });
      keys.push(...result.rows.map(toInfo));
      pageState = result.pageState ?? undefined;
    } while (pageState);

    return keys.sort(byTenantThenAge);
  }

  /**
   * Marks a key revoked; false when no key has that id. Revoking again
   * keeps the first revocation time. Cached verifications may accept the
   * key until their cache entries expire.
   */
  async revoke(keyId: string): Promise<boolean> {
    const row = (
      await this.client.execute(this.cql.selectKey, [keyId], READ)
    ).first();
    if (!row) return false;

    const revokedAt = (row.get('revoked_at') as Date | null) ?? this.now();
    // The key's own row is what verification reads, so it changes first.
    await this.client.execute(this.cql.revokeKey, [revokedAt, keyId], WRITE);
    await this.client.execute(
      this.cql.revokeListed,
      [revokedAt, LISTING, row.get('tenant'), keyId],
      WRITE,
    );
    return true;
  }

  /** The caller a key stands for, or null when it does not authenticate. */
  async verify(token: string): Promise<Principal | null> {
    const result = await this.check(token);
    return result.ok ? result.principal : null;
  }

  /** Like `verify`, with the reason for a refusal. */
  async check(token: string): Promise<ApiKeyCheck> {
    const parts = parseApiKey(token);
    if (!parts) return { ok: false, reason: 'malformed' };
    const { keyId, secret } = parts;

    const row = (
      await this.client.execute(this.cql.selectKey, [keyId], READ)
    ).first();
    const offered = hashSecret(secret);
    if (!row) {
      sameHash(offered, NO_KEY_HASH);
      return { ok: false, reason: 'unknown', keyId };
    }

    // The secret is checked first, so a log that says revoked or expired
    // means the key's real holder tried it.
    if (!sameHash(offered, row.get('secret_sha256') as string)) {
      return { ok: false, reason: 'wrong-secret', keyId };
    }
    if (row.get('revoked_at') !== null) {
      return { ok: false, reason: 'revoked', keyId };
    }
    const expiresAt = row.get('expires_at') as Date | null;
    if (expiresAt !== null && expiresAt <= this.now()) {
      return { ok: false, reason: 'expired', keyId };
    }

    const principal: Principal = {
      tenant: row.get('tenant') as string,
      scopes: new Set((row.get('scopes') as string[] | null) ?? []),
      subject: keyId,
      via: 'api-key',
    };
    return { ok: true, principal };
  }

  private validate(input: NewApiKey, now: Date): void {
    const problems = [
      tenantProblem(input.tenant),
      scopesProblem(input.scopes),
      input.expiresAt && !(input.expiresAt > now)
        ? `expiresAt must be in the future, got ${input.expiresAt.toISOString()}`
        : undefined,
      input.name !== undefined && !isName(input.name)
        ? `a name must be 1 to ${NAME_MAX_CHARS} printable characters, got ${JSON.stringify(input.name)}`
        : undefined,
    ].filter((problem) => problem !== undefined);

    if (problems.length > 0) throw new InvalidApiKeyInput(problems.join('; '));
  }
}

// Names are printed in listings, so control characters are kept out.
function isName(name: string): boolean {
  const chars = [...name].length;
  return chars >= 1 && chars <= NAME_MAX_CHARS && !/\p{Cc}/u.test(name);
}

function toInfo(row: types.Row): ApiKeyInfo {
  const name = row.get('name') as string | null;
  const expiresAt = row.get('expires_at') as Date | null;
  const revokedAt = row.get('revoked_at') as Date | null;
  return {
    keyId: row.get('key_id') as string,
    tenant: row.get('tenant') as string,
    scopes: [...((row.get('scopes') as string[] | null) ?? [])].sort(),
    ...(name !== null ? { name } : {}),
    createdAt: row.get('created_at') as Date,
    ...(expiresAt !== null ? { expiresAt } : {}),
    ...(revokedAt !== null ? { revokedAt } : {}),
  };
}

function byTenantThenAge(a: ApiKeyInfo, b: ApiKeyInfo): number {
  if (a.tenant !== b.tenant) return a.tenant < b.tenant ? -1 : 1;
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  // Keys made in the same millisecond still list in one fixed order.
  return age !== 0 ? age : a.keyId.localeCompare(b.keyId);
}

function statements(keyspace: string) {
  const described = 'tenant, scopes, name, created_at, expires_at';
  const selectListed = `SELECT key_id, ${described}, revoked_at
    FROM ${keyspace}.api_keys_by_tenant WHERE listing = ?`;
  return {
    insertKey: `INSERT INTO ${keyspace}.api_keys
      (key_id, secret_sha256, ${described}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    insertListed: `INSERT INTO ${keyspace}.api_keys_by_tenant
      (listing, key_id, ${described}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    selectKey: `SELECT secret_sha256, ${described}, revoked_at
      FROM ${keyspace}.api_keys WHERE key_id = ?`,
    selectListed,
    selectListedForTenant: `${selectListed} AND tenant = ?`,
    revokeKey: `UPDATE ${keyspace}.api_keys SET revoked_at = ?
      WHERE key_id = ?`,
    revokeListed: `UPDATE ${keyspace}.api_keys_by_tenant SET revoked_at = ?
      WHERE listing = ? AND tenant = ? AND key_id = ?`,
  };
}
