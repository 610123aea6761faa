import type { EnvReader } from '@cassette/common';

/** Where the keys that sign JWTs come from. */
export type JwtKeySource =
  | { kind: 'secret'; secret: string }
  | { kind: 'public-key'; path: string }
  | { kind: 'jwks-file'; path: string }
  | { kind: 'jwks-url'; url: URL };

export interface JwtConfig {
  /**
   * Exactly one of `JWT_SECRET` (HS256/384/512, at least 32 characters),
   * `JWT_PUBLIC_KEY_PATH` (a PEM public key: RS*, PS*, ES* or EdDSA by its
   * type), `JWKS_PATH` (a JSON Web Key Set file) or `JWKS_URL` (fetched and
   * cached; https, or http to a loopback address).
   */
  keys: JwtKeySource;
  /** `JWT_ISSUER`: the `iss` every JWT must carry. Required with any key source. */
  issuer: string;
  /** `JWT_AUDIENCE`: a value the JWT's `aud` must hold. Required with any key source. */
  audience: string;
  /** `JWT_TENANT_CLAIM`: the top-level claim naming the tenant. @default tenant */
  tenantClaim: string;
  /** `JWT_SCOPES_CLAIM`: a space-separated string or an array of strings. @default scope */
  scopesClaim: string;
  /** `JWT_CLOCK_TOLERANCE_S`: leeway for `exp` and `nbf`, in seconds. @default 5 */
  clockToleranceS: number;
}

export interface AuthConfig {
  /**
   * `API_KEY_CACHE_MS`: how long a gateway reuses an API key's verification
   * result, in milliseconds, and so the longest a revoked or expired key
   * keeps working on any replica. 0 reads Cassandra on every request.
   * @default 5000
   */
  apiKeyCacheMs: number;
  /** Set when a JWT key source is configured; otherwise JWTs are refused. */
  jwt?: JwtConfig;
}

export const JWT_SECRET_MIN_CHARS = 32;

const KEY_SOURCES = [
  'JWT_SECRET',
  'JWT_PUBLIC_KEY_PATH',
  'JWKS_PATH',
  'JWKS_URL',
] as const;

const JWT_SETTINGS = [
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_TENANT_CLAIM',
  'JWT_SCOPES_CLAIM',
  'JWT_CLOCK_TOLERANCE_S',
] as const;

/**
 * Reads the authentication settings, recording every problem on `reader`;
 * the caller's `reader.done()` reports them together.
 */
export function readAuthConfig(reader: EnvReader): AuthConfig {
  // Capped so that the revocation promise stays a matter of seconds.
  const apiKeyCacheMs = reader.int('API_KEY_CACHE_MS', 5_000, {
    min: 0,
    max: 60_000,
  });

  const jwt = readJwtConfig(reader);
  return { apiKeyCacheMs, ...(jwt ? { jwt } : {}) };
}

function readJwtConfig(reader: EnvReader): JwtConfig | undefined {
  const sources = KEY_SOURCES.filter((name) => reader.raw(name) !== undefined);
  const choices = KEY_SOURCES.join(', ');
  if (sources.length === 0) {
    for (const name of JWT_SETTINGS.filter((n) => reader.raw(n))) {
      reader.problem(
        `${name} is set, but JWTs are off because no key source is: set one of ${choices}, or unset ${name}`,
      );
    }
    return undefined;
  }
  if (sources.length > 1) {
    reader.problem(
      `JWTs are verified with keys from one source; set only one of ${choices}, got ${sources.join(' and ')}`,
    );
  }

  // Without both, any JWT the same keys signed would do, whoever it was
  // issued by or meant for.
  const why = `JWTs are verified (${sources[0]} is set), and one is accepted only when`;
  const config: JwtConfig = {
    keys: readKeySource(reader, sources[0]!),
    issuer: reader.required(
      'JWT_ISSUER',
      `${why} its iss claim names the expected issuer, such as https://auth.example.com/`,
    ),
    audience: reader.required(
      'JWT_AUDIENCE',
      `${why} its aud claim names this API, such as https://api.example.com/`,
    ),
    tenantClaim: reader.str('JWT_TENANT_CLAIM', 'tenant'),
    scopesClaim: reader.str('JWT_SCOPES_CLAIM', 'scope'),
    clockToleranceS: reader.int('JWT_CLOCK_TOLERANCE_S', 5, {
      min: 0,
      max: 300,
    }),
  };
  return config;
}

function readKeySource(
  reader: EnvReader,
  name: (typeof KEY_SOURCES)[number],
): JwtKeySource {
  const value = reader.raw(name) ?? '';
  switch (name) {
    case 'JWT_SECRET':
      // The length alone is reported: the value is a secret.
      if (value.length < JWT_SECRET_MIN_CHARS) {
        reader.problem(
          `JWT_SECRET must be at least ${JWT_SECRET_MIN_CHARS} characters, got ${value.length}`,
        );
      }
      return { kind: 'secret', secret: value };
    case 'JWT_PUBLIC_KEY_PATH':
      return { kind: 'public-key', path: value };
    case 'JWKS_PATH':
      return { kind: 'jwks-file', path: value };
    case 'JWKS_URL':
      return { kind: 'jwks-url', url: readJwksUrl(reader, value) };
  }
}

// Keys fetched over plain http could be replaced by anyone on the path,
// who could then sign their own JWTs; loopback is exempt for development.
function readJwksUrl(reader: EnvReader, value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const loopback = ['localhost', '127.0.0.1', '[::1]'];
  const acceptable =
    url?.protocol === 'https:' ||
    (url?.protocol === 'http:' && loopback.includes(url.hostname));

  if (!acceptable) {
    reader.problem(
      `JWKS_URL must be an https URL (http only to localhost), got "${value}"`,
    );
  }
  // The problem recorded stops the service, so this is never fetched.
  return url ?? new URL('https://invalid.invalid/');
}
