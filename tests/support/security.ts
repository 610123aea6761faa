import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  REQUEST_ID_HEADER,
  SIGNATURE_HEADERS,
  signSubgraphRequest,
} from '@cassette/common';
import { SignJWT } from 'jose';

import type { GraphQLResponse, StartedService } from './stack';

export interface JwtOptions {
  /** The HMAC secret; at least 32 characters for the gateway to accept it. */
  secret: string;
  issuer: string;
  audience: string;
  subject?: string;
  /** Custom claims such as `tenant` and `scope`. */
  claims?: Record<string, unknown>;
  /** Seconds since the epoch, or a jose time span such as `5m`; none when null. @default 5m */
  expiresAt?: number | string | null;
}

/** An HS256 JWT, minted as an identity provider would. */
export async function mintJwt(options: JwtOptions): Promise<string> {
  const { secret, issuer, audience, subject = 'tester' } = options;
  const jwt = new SignJWT(options.claims ?? {})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt();

  const expiresAt = options.expiresAt === undefined ? '5m' : options.expiresAt;
  if (expiresAt !== null) jwt.setExpirationTime(expiresAt);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A JWT with `alg: none` and an empty signature, which no verifier may accept. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (part: object) =>
    Buffer.from(JSON.stringify(part)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** A copy of an API key whose secret differs in its last character. */
export function withWrongSecret(token: string): string {
  return token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
}

/** A request to a subgraph: headers and the exact body string sent. */
export interface SubgraphRequest {
  headers: Record<string, string>;
  body: string;
}

export interface SignedCall {
  query: string;
  variables?: Record<string, unknown>;
  tenant: string;
  scopes: string[];
  /** When the signature says it was made, in epoch ms. @default now */
  issuedAtMs?: number;
}

/**
 * A subgraph request signed as the gateway signs one: POST to `/graphql`,
 * scopes sorted and space-joined, over the exact body. Tests alter the
 * result to play an attacker who does not hold the secret.
 */
export function signedRequest(
  secret: string,
  call: SignedCall,
): SubgraphRequest {
  const body = JSON.stringify({
    query: call.query,
    variables: call.variables ?? {},
  });
  const scopes = [...call.scopes].sort();
  const requestId = randomUUID();
  const issuedAtMs = call.issuedAtMs ?? Date.now();

  const signature = signSubgraphRequest(secret, {
    method: 'POST',
    path: '/graphql',
    tenant: call.tenant,
    scopes,
    requestId,
    issuedAtMs,
    body,
  });
  return {
    body,
    headers: {
      [REQUEST_ID_HEADER]: requestId,
      [SIGNATURE_HEADERS.tenant]: call.tenant,
      [SIGNATURE_HEADERS.scopes]: scopes.join(' '),
      [SIGNATURE_HEADERS.issuedAt]: String(issuedAtMs),
      [SIGNATURE_HEADERS.signature]: signature,
    },
  };
}

/** POSTs a body exactly as given and reads the JSON answer. */
export async function postRaw<TData = Record<string, unknown>>(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<TData>['body'],
  };
}

/**
 * Every Cassandra request a service has sent, whatever its outcome, from
 * its `/metrics`: a count that stands still shows the service did no work.
 */
export async function cassandraRequests(
  service: StartedService,
): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('cassette_cassandra_requests_total{'))
    .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
}

/**
 * Calls `attempt` every `intervalMs` until it returns true, and resolves
 * with the milliseconds that took; throws once `timeoutMs` has passed.
 */
export async function waitUntil(
  attempt: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await attempt()) return Date.now() - started;
    await sleep(intervalMs);
  }
  throw new Error(`the condition did not hold within ${timeoutMs} ms`);
}
