import {
  CassetteError,
  ErrorCode,
  isCassandraUnavailable,
  type Logger,
} from '@cassette/common';

import { CachedApiKeyChecker } from './api-key-cache';
import { API_KEY_PREFIX } from './api-key-token';
import type { ApiKeyChecker } from './api-keys';
import type { AuthConfig } from './config';
import { JwtKeysUnavailableError, JwtVerifier } from './jwt';
import type { Principal, Scope } from './principal';

export type { Principal, Scope } from './principal';

/** Refusals are logged at debug, outages of what checks them at warn. */
export type AuthLogger = Pick<Logger, 'debug' | 'warn'>;

/**
 * Tells who sent a request from its `Authorization` header. Throws
 * UNAUTHENTICATED, ending the request, for anything but a valid bearer
 * credential, and a retryable UNAVAILABLE when the credential cannot be
 * checked right now. `logger` replaces the one the authenticator was
 * created with, so a request's child logger can carry its request id.
 */
export type Authenticate = (
  authorization: string | undefined,
  logger?: AuthLogger,
) => Promise<Principal>;

export interface AuthenticatorOptions {
  /** The API key cache's clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

// One answer for every refusal, so a client learns nothing about which
// key ids or tenants exist; the specific reason goes to the debug log.
const NO_CREDENTIAL =
  'Send Authorization: Bearer <API key or JWT>; the request carried no bearer credential.';
const REFUSED =
  'Send Authorization: Bearer <API key or JWT>; the credential given is invalid, expired or revoked.';

const BEARER = /^Bearer +(\S+)$/i;
// Three base64url segments; an empty signature still goes to jose, which
// refuses `alg: none` and says so in the log.
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

// What each scope unlocks, so a refusal can say what the caller tried.
const NEEDED_FOR: Readonly<Record<Scope, string>> = {
  'items:read': 'queries',
  'items:write': 'mutations',
};

type Outcome =
  | { ok: true; principal: Principal }
  | { ok: false; via?: Principal['via']; reason: string; keyId?: string };

/**
 * Builds the function that authenticates each request: tokens starting
 * with `cas_` are API keys, checked against `store` through a cache of
 * `config.apiKeyCacheMs`; three dot-separated segments are a JWT, checked
 * against `config.jwt`.
 */
export function createAuthenticator(
  config: AuthConfig,
  store: ApiKeyChecker,
  logger: AuthLogger,
  options: AuthenticatorOptions = {},
): Authenticate {
  const apiKeys = new CachedApiKeyChecker(store, {
    ttlMs: config.apiKeyCacheMs,
    ...(options.now ? { now: options.now } : {}),
  });
  const jwt = config.jwt ? new JwtVerifier(config.jwt) : undefined;

  const check = async (token: string): Promise<Outcome> => {
    if (token.startsWith(API_KEY_PREFIX)) {
      const result = await apiKeys.check(token);
      return result.ok ? result : { ...result, via: 'api-key' };
    }
    if (!JWT_SHAPE.test(token)) {
      return { ok: false, reason: 'neither an API key nor a JWT' };
    }
    if (!jwt) {
      return { ok: false, via: 'jwt', reason: 'no JWT key source is set' };
    }
    const result = await jwt.check(token);
    return result.ok ? result : { ...result, via: 'jwt' };
  };

  return async (authorization, log = logger) => {
    const token = BEARER.exec(authorization?.trim() ?? '')?.[1];
    if (token === undefined) {
      const reason = authorization ? 'not a Bearer credential' : 'no header';
      log.debug({ reason }, 'request refused: no bearer credential');
      throw unauthenticated(NO_CREDENTIAL);
    }

    const outcome = await checkOrExplainOutage(() => check(token), log);
    if (outcome.ok) return outcome.principal;

    const { ok: _ok, ...refusal } = outcome;
    log.debug(refusal, 'request refused: credential not accepted');
    throw unauthenticated(REFUSED);
  };
}

/** Throws FORBIDDEN, ending the request, unless the principal holds `scope`. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (principal.scopes.has(scope)) return;

  throw new CassetteError(
    ErrorCode.Forbidden,
    `This credential lacks the ${scope} scope needed for ${NEEDED_FOR[scope]}.`,
    { endsRequest: true },
  );
}

async function checkOrExplainOutage(
  check: () => Promise<Outcome>,
  log: AuthLogger,
): Promise<Outcome> {
  try {
    return await check();
  } catch (error) {
    if (isCassandraUnavailable(error)) {
      log.warn({ err: error }, 'API key not checked: Cassandra unavailable');
      throw unavailable('the database is unavailable');
    }
    if (error instanceof JwtKeysUnavailableError) {
      log.warn({ err: error }, 'JWT not checked: signing keys unavailable');
      throw unavailable('the JWT signing keys could not be fetched');
    }
    throw error;
  }
}

function unauthenticated(message: string): CassetteError {
  return new CassetteError(ErrorCode.Unauthenticated, message, {
    endsRequest: true,
  });
}

function unavailable(why: string): CassetteError {
  return new CassetteError(
    ErrorCode.Unavailable,
    `The credential could not be checked because ${why}; retry shortly.`,
    { endsRequest: true },
  );
}
