import type { Env } from '@cassette/common';

import { configProblems, readWith } from '../../../tests/support/config';
import { readAuthConfig, type AuthConfig } from './config';

const SECRET = 's'.repeat(32);
const ISSUER_AUDIENCE = {
  JWT_ISSUER: 'https://auth.example.test/',
  JWT_AUDIENCE: 'https://api.example.test/',
};

function read(env: Env): AuthConfig {
  return readWith(env, readAuthConfig);
}

function problemsOf(env: Env): readonly string[] {
  return configProblems(() => read(env));
}

describe('readAuthConfig', () => {
  it('caches API key results for 5 seconds and leaves JWTs off by default', () => {
    expect(read({})).toEqual({ apiKeyCacheMs: 5_000 });
  });

  it('turns the API key cache off with 0', () => {
    expect(read({ API_KEY_CACHE_MS: '0' }).apiKeyCacheMs).toBe(0);
  });

  it('refuses an API key cache longer than a minute', () => {
    expect(problemsOf({ API_KEY_CACHE_MS: '600000' })).toEqual([
      'API_KEY_CACHE_MS must be an integer from 0 to 60000, got "600000"',
    ]);
  });

  it('reads a shared secret with its defaults', () => {
    const config = read({ JWT_SECRET: SECRET, ...ISSUER_AUDIENCE });

    expect(config.jwt).toEqual({
      keys: { kind: 'secret', secret: SECRET },
      issuer: 'https://auth.example.test/',
      audience: 'https://api.example.test/',
      tenantClaim: 'tenant',
      scopesClaim: 'scope',
      clockToleranceS: 5,
    });
  });

  it('reads each other key source and the claim settings', () => {
    const settings = {
      ...ISSUER_AUDIENCE,
      JWT_TENANT_CLAIM: 'org',
      JWT_SCOPES_CLAIM: 'scp',
      JWT_CLOCK_TOLERANCE_S: '0',
    };

    expect(read({ ...settings, JWT_PUBLIC_KEY_PATH: '/k.pem' }).jwt).toEqual(
      expect.objectContaining({
        keys: { kind: 'public-key', path: '/k.pem' },
        tenantClaim: 'org',
        scopesClaim: 'scp',
        clockToleranceS: 0,
      }),
    );
    expect(read({ ...settings, JWKS_PATH: '/jwks.json' }).jwt?.keys).toEqual({
      kind: 'jwks-file',
      path: '/jwks.json',
    });
    expect(
      read({ ...settings, JWKS_URL: 'https://auth.example.test/jwks' }).jwt
        ?.keys,
    ).toEqual({
      kind: 'jwks-url',
      url: new URL('https://auth.example.test/jwks'),
    });
  });

  it('requires the issuer and the audience with any key source, saying why', () => {
    expect(problemsOf({ JWKS_PATH: '/jwks.json' })).toEqual([
      'JWT_ISSUER is required: JWTs are verified (JWKS_PATH is set), and one is accepted only when its iss claim names the expected issuer, such as https://auth.example.com/',
      'JWT_AUDIENCE is required: JWTs are verified (JWKS_PATH is set), and one is accepted only when its aud claim names this API, such as https://api.example.com/',
    ]);
  });

  it('refuses a short secret without showing it', () => {
    const problems = problemsOf({ JWT_SECRET: 'short', ...ISSUER_AUDIENCE });

    expect(problems).toEqual([
      'JWT_SECRET must be at least 32 characters, got 5',
    ]);
  });

  it('refuses two key sources at once', () => {
    expect(
      problemsOf({
        JWT_SECRET: SECRET,
        JWKS_PATH: '/jwks.json',
        ...ISSUER_AUDIENCE,
      }),
    ).toEqual([
      'JWTs are verified with keys from one source; set only one of JWT_SECRET, JWT_PUBLIC_KEY_PATH, JWKS_PATH, JWKS_URL, got JWT_SECRET and JWKS_PATH',
    ]);
  });

  it.each([
    'http://auth.example.test/jwks',
    'ftp://auth.example.test/jwks',
    'not a url',
  ])('refuses the JWKS URL %s', (url) => {
    expect(problemsOf({ JWKS_URL: url, ...ISSUER_AUDIENCE })).toEqual([
      `JWKS_URL must be an https URL (http only to localhost), got "${url}"`,
    ]);
  });

  it('allows a plain http JWKS URL on the loopback interface', () => {
    const url = 'http://127.0.0.1:9999/jwks';

    expect(read({ JWKS_URL: url, ...ISSUER_AUDIENCE }).jwt?.keys).toEqual({
      kind: 'jwks-url',
      url: new URL(url),
    });
  });

  it('refuses JWT settings when no key source would use them', () => {
    expect(problemsOf({ ...ISSUER_AUDIENCE })).toEqual([
      'JWT_ISSUER is set, but JWTs are off because no key source is: set one of JWT_SECRET, JWT_PUBLIC_KEY_PATH, JWKS_PATH, JWKS_URL, or unset JWT_ISSUER',
      'JWT_AUDIENCE is set, but JWTs are off because no key source is: set one of JWT_SECRET, JWT_PUBLIC_KEY_PATH, JWKS_PATH, JWKS_URL, or unset JWT_AUDIENCE',
    ]);
  });

  it('refuses a clock tolerance over five minutes', () => {
    expect(
      problemsOf({
        JWT_SECRET: SECRET,
        ...ISSUER_AUDIENCE,
        JWT_CLOCK_TOLERANCE_S: '301',
      }),
    ).toEqual([
      'JWT_CLOCK_TOLERANCE_S must be an integer from 0 to 300, got "301"',
    ]);
  });
});
