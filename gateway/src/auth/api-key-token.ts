import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys read `cas_<keyId>_<secret>`: the prefix lets people and secret
 * scanners recognise one, the key id finds its row, and only the secret's
 * sha256 is ever stored.
 */
export const API_KEY_PREFIX = 'cas_';

const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;

// 8 bytes are 16 hex digits; 32 bytes are 43 base64url characters with no
// padding. The secret's alphabet includes `_`, so the lengths, not the
// separator, tell the parts apart.
const TOKEN = /^cas_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyParts {
  keyId: string;
  secret: string;
}

/** A fresh key id and secret from the system's secure random source. */
export function generateApiKey(): ApiKeyParts & { token: string } {
  const keyId = randomBytes(KEY_ID_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { keyId, secret, token: formatApiKey({ keyId, secret }) };
}

export function formatApiKey({ keyId, secret }: ApiKeyParts): string {
  return `${API_KEY_PREFIX}${keyId}_${secret}`;
}

/** The key id and secret of a well-formed key, or undefined. */
export function parseApiKey(token: string): ApiKeyParts | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  return { keyId: match[1]!, secret: match[2]! };
}

/** What is stored in place of the secret: its sha256, in hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two sha256 hex digests in time that does not depend on them. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
