import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Headers the gateway sets on every subgraph request. */
export const SIGNATURE_HEADERS = {
  tenant: 'x-cassette-tenant',
  scopes: 'x-cassette-scopes',
  issuedAt: 'x-cassette-issued-at',
  signature: 'x-cassette-signature',
} as const;

/** Who the gateway says is calling, once its signature checks out. */
export interface Caller {
  tenant: string;
  scopes: string[];
}

export interface SignedParts {
  method: string;
  /** The URL path, e.g. `/graphql`. */
  path: string;
  tenant: string;
  scopes: string[];
  requestId: string;
  issuedAtMs: number;
  /** The exact request body bytes. */
  body: string | Buffer;
}

/**
 * HMAC-SHA256 over the method, path, caller, request id, time and a hash
 * of the body: a subgraph can tell the request came from a gateway holding
 * the secret, unchanged, and recently.
 */
export function signSubgraphRequest(
  secret: string,
  parts: SignedParts,
): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  const text = [
    'cassette-v1',
    parts.method.toUpperCase(),
    parts.path,
    parts.tenant,
    parts.scopes.join(' '),
    parts.requestId,
    String(parts.issuedAtMs),
    bodyHash,
  ].join('\n');
  return createHmac('sha256', secret).update(text).digest('base64url');
}

export interface VerifyOptions {
  secret: string;
  /** How far the signing time may lie from now, either way, in ms. */
  maxAgeMs: number;
  nowMs?: number;
}

export type VerifyResult =
  { ok: true; caller: Caller } | { ok: false; reason: string };

/** Checks a subgraph request's signature headers against its body. */
export function verifySubgraphRequest(
  request: {
    method: string;
    path: string;
    header: (name: string) => string | undefined;
    requestId: string;
    body: Buffer;
  },
  options: VerifyOptions,
): VerifyResult {
  const signature = request.header(SIGNATURE_HEADERS.signature);
  const tenant = request.header(SIGNATURE_HEADERS.tenant);
  const issuedAt = request.header(SIGNATURE_HEADERS.issuedAt);
  if (!signature || !tenant || !issuedAt) {
    return { ok: false, reason: 'unsigned' };
  }

  const issuedAtMs = Number(issuedAt);
  const now = options.nowMs ?? Date.now();
  if (!Number.isSafeInteger(issuedAtMs))
    return { ok: false, reason: 'bad time' };
  if (Math.abs(now - issuedAtMs) > options.maxAgeMs) {
    return { ok: false, reason: 'expired' };
  }

  const scopes = (request.header(SIGNATURE_HEADERS.scopes) ?? '')
    .split(' ')
    .filter(Boolean);
  const expected = signSubgraphRequest(options.secret, {
    method: request.method,
    path: request.path,
    tenant,
    scopes,
    requestId: request.requestId,
    issuedAtMs,
    body: request.body,
  });
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: 'bad signature' };
  }
  return { ok: true, caller: { tenant, scopes } };
}
