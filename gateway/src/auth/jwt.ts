import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { ConfigError } from '@cassette/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';

import type { JwtConfig, JwtKeySource } from './config';
import { tenantProblem, type Principal } from './principal';

/** A refusal's `reason` is for the server's logs, never for the client. */
export type JwtCheck =
  { ok: true; principal: Principal } | { ok: false; reason: string };

/** The JWKS URL did not answer with usable keys; no fault of the client. */
export class JwtKeysUnavailableError extends Error {
  override name = 'JwtKeysUnavailableError';

  constructor(url: URL, cause: unknown) {
    super(`the JWT signing keys could not be fetched from ${url}`, { cause });
  }
}

// Algorithms are pinned by the kind of key, so a token cannot pick a
// weaker one, `none`, or HMAC keyed with a public key.
const HMAC = ['HS256', 'HS384', 'HS512'];
const RSA_PSS = ['PS256', 'PS384', 'PS512'];
const RSA = ['RS256', 'RS384', 'RS512', ...RSA_PSS];
const EC_BY_CURVE: Readonly<Record<string, string>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};
const ASYMMETRIC = [...RSA, ...Object.values(EC_BY_CURVE), 'EdDSA'];

// jose's errors that mean the token is at fault. Any other failure, such
// as a JWKS URL timing out, is the server's problem.
const REFUSALS = new Set<string>([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

/**
 * Verifies JWTs against the configured keys, issuer and audience, and
 * reads the caller from their claims. Key files are read when this is
 * built, so a bad one stops the gateway at start.
 */
export class JwtVerifier {
  private readonly getKey: JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;

  constructor(private readonly config: JwtConfig) {
    const { getKey, algorithms } = loadKeys(config.keys);
    this.getKey = getKey;
    this.options = {
      algorithms,
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceS,
      // A JWT without an expiry would be good forever once leaked, and
      // one without a subject could not be told apart in the logs.
      requiredClaims: ['exp', 'sub'],
    };
  }

  async check(token: string): Promise<JwtCheck> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, this.options));
    } catch (error) {
      if (error instanceof errors.JOSEError && REFUSALS.has(error.code)) {
        return { ok: false, reason: `${error.code}: ${error.message}` };
      }
      const { keys } = this.config;
      if (keys.kind === 'jwks-url') {
        throw new JwtKeysUnavailableError(keys.url, error);
      }
      throw error;
    }

    return this.principalOf(payload);
  }

  private principalOf(payload: JWTPayload): JwtCheck {
    const { tenantClaim, scopesClaim } = this.config;
    const tenant = payload[tenantClaim];
    if (tenant === undefined) {
      return { ok: false, reason: `the ${tenantClaim} claim is missing` };
    }
    if (typeof tenant !== 'string' || tenantProblem(tenant)) {
      return { ok: false, reason: `the ${tenantClaim} claim is malformed` };
    }

    const scopes = scopesOf(payload[scopesClaim]);
    if (!scopes) {
      return {
        ok: false,
        reason: `the ${scopesClaim} claim must be a space-separated string or an array of strings`,
      };
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      return { ok: false, reason: 'the sub claim is not a non-empty string' };
    }

    const principal: Principal = {
      tenant,
      scopes,
      subject: payload.sub,
      via: 'jwt',
    };
    return { ok: true, principal };
  }
}

/** Scopes from a space-separated string or a string array; none when absent. */
function scopesOf(claim: unknown): Set<string> | undefined {
  if (claim === undefined) return new Set();
  if (typeof claim === 'string') {
    return new Set(claim.split(/\s+/).filter((scope) => scope !== ''));
  }
  const isStrings =
    Array.isArray(claim) &&
    claim.every((scope): scope is string => typeof scope === 'string');
  return isStrings ? new Set(claim) : undefined;
}

function loadKeys(source: JwtKeySource): {
  getKey: JWTVerifyGetKey;
  algorithms: string[];
} {
  switch (source.kind) {
    case 'secret': {
      const key = new TextEncoder().encode(source.secret);
      return { getKey: () => key, algorithms: HMAC };
    }
    case 'public-key': {
      const key = readKeyFile('JWT_PUBLIC_KEY_PATH', source.path, (text) =>
        createPublicKey(text),
      );
      return {
        getKey: () => key,
        algorithms: algorithmsFor(key, source.path),
      };
    }
    case 'jwks-file': {
      const jwks = readKeyFile('JWKS_PATH', source.path, (text) =>
        createLocalJWKSet(JSON.parse(text) as JSONWebKeySet),
      );
      return { getKey: jwks, algorithms: ASYMMETRIC };
    }
    case 'jwks-url':
      // jose caches the set, refetching at most every 30 s when a token
      // names an unknown key, and every 10 minutes regardless.
      return {
        getKey: createRemoteJWKSet(source.url),
        algorithms: ASYMMETRIC,
      };
  }
}

function readKeyFile<T>(
  variable: string,
  file: string,
  parse: (text: string) => T,
): T {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      `${variable}: cannot use ${file}: ${messageOf(error)}`,
    ]);
  }
}

// Read by shape: errors from another realm (a test sandbox) fail
// `instanceof Error` yet carry a message all the same.
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function algorithmsFor(key: KeyObject, file: string): string[] {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return RSA;
  if (type === 'rsa-pss') return RSA_PSS;
  if (type === 'ed25519' || type === 'ed448') return ['EdDSA'];

  const curve = key.asymmetricKeyDetails?.namedCurve;
  const algorithm = type === 'ec' && curve ? EC_BY_CURVE[curve] : undefined;
  if (algorithm) return [algorithm];

  const kind = [type, curve].filter(Boolean).join(' ');
  throw new ConfigError([
    `JWT_PUBLIC_KEY_PATH: ${file} holds a ${kind} key; use an RSA, EC (P-256, P-384 or P-521), Ed25519 or Ed448 public key`,
  ]);
}
