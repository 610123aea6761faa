import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConfigError } from '@cassette/common';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type JWTPayload,
  type KeyLike,
} from 'jose';

import type { JwtConfig, JwtKeySource } from './config';
import { JwtKeysUnavailableError, JwtVerifier } from './jwt';

const ISSUER = 'https://auth.example.test/';
const AUDIENCE = 'https://api.example.test/';
const CLAIMS = { tenant: 'acme', scope: 'items:read items:write' };

type SigningKey = KeyLike | Uint8Array;

interface Signing {
  key: SigningKey;
  alg: string;
  kid?: string;
  payload?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Seconds since the epoch. @default five minutes from now */
  expiresAt?: number;
}

function sign({ key, alg, kid, ...claims }: Signing): Promise<string> {
  const expiresAt = claims.expiresAt ?? Math.floor(Date.now() / 1000) + 300;
  return new SignJWT(claims.payload ?? CLAIMS)
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setIssuer(claims.issuer ?? ISSUER)
    .setAudience(claims.audience ?? AUDIENCE)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
}

function configFor(keys: JwtKeySource, extra: Partial<JwtConfig> = {}) {
  return {
    keys,
    issuer: ISSUER,
    audience: AUDIENCE,
    tenantClaim: 'tenant',
    scopesClaim: 'scope',
    clockToleranceS: 5,
    ...extra,
  };
}

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jwt-')), name);
  writeFileSync(file, text);
  return file;
}

interface Fixture {
  keys: JwtKeySource;
  alg: string;
  kid?: string;
  signingKey: SigningKey;
  /** A key of the same kind that the verifier does not trust. */
  strangerKey: SigningKey;
}

const FIXTURES: Array<[string, () => Promise<Fixture>]> = [
  [
    'a shared secret (HS256)',
    async () => {
      const secret = 'a-shared-secret-of-32-characters!';
      return {
        keys: { kind: 'secret', secret },
        alg: 'HS256',
        signingKey: new TextEncoder().encode(secret),
        strangerKey: new TextEncoder().encode(`${secret}?`),
      };
    },
  ],
  [
    'a PEM public key (RS256)',
    async () => {
      const pair = await generateKeyPair('RS256');
      const stranger = await generateKeyPair('RS256');
      const pem = await exportSPKI(pair.publicKey);
      return {
        keys: { kind: 'public-key', path: tempFile('key.pem', pem) },
        alg: 'RS256',
        signingKey: pair.privateKey,
        strangerKey: stranger.privateKey,
      };
    },
  ],
  [
    'a JWKS file (RS256)',
    async () => {
      const pair = await generateKeyPair('RS256');
      const stranger = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1' };
      const jwks = JSON.stringify({ keys: [jwk] });
      return {
        keys: { kind: 'jwks-file', path: tempFile('jwks.json', jwks) },
        alg: 'RS256',
        kid: 'k1',
        signingKey: pair.privateKey,
        strangerKey: stranger.privateKey,
      };
    },
  ],
];

describe.each(FIXTURES)('JWTs verified with %s', (_, makeFixture) => {
  let fixture: Fixture;
  let verifier: JwtVerifier;
  const signed = (extra: Partial<Signing> = {}) =>
    sign({
      key: fixture.signingKey,
      alg: fixture.alg,
      ...(fixture.kid ? { kid: fixture.kid } : {}),
      ...extra,
    });

  beforeAll(async () => {
    fixture = await makeFixture();
    verifier = new JwtVerifier(configFor(fixture.keys));
  });

  it('accepts a valid token and reads the caller from its claims', async () => {
    const result = await verifier.check(await signed());

    expect(result).toEqual({
      ok: true,
      principal: {
        tenant: 'acme',
        scopes: new Set(['items:read', 'items:write']),
        subject: 'user-1',
        via: 'jwt',
      },
    });
  });

  it('refuses an expired token', async () => {
    const anHourAgo = Math.floor(Date.now() / 1000) - 3_600;

    const result = await verifier.check(await signed({ expiresAt: anHourAgo }));

    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JWT_EXPIRED/),
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await signed({ issuer: 'https://evil.example.test/' });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JWT_CLAIM_VALIDATION_FAILED.*iss/),
    });
  });

  it('refuses a token meant for another audience', async () => {
    const token = await signed({ audience: 'https://other.example.test/' });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JWT_CLAIM_VALIDATION_FAILED.*aud/),
    });
  });

  it('refuses a token signed with a key it does not trust', async () => {
    const token = await signed({ key: fixture.strangerKey });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/),
    });
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT(CLAIMS)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setExpirationTime('5m')
      .encode();

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JOSE_ALG_NOT_ALLOWED/),
    });
  });
});

describe('JWT claims', () => {
  const secret = 'a-shared-secret-of-32-characters!';
  const key = new TextEncoder().encode(secret);
  const keys: JwtKeySource = { kind: 'secret', secret };
  const verifier = new JwtVerifier(configFor(keys));
  const withPayload = (payload: JWTPayload) =>
    sign({ key, alg: 'HS256', payload });

  it('reads scopes from a space-separated string', async () => {
    const token = await withPayload({ tenant: 'acme', scope: ' items:read ' });

    const result = await verifier.check(token);

    expect(result.ok && [...result.principal.scopes]).toEqual(['items:read']);
  });

  it('reads scopes from an array of strings', async () => {
    const token = await withPayload({
      tenant: 'acme',
      scope: ['items:read', 'items:write'],
    });

    const result = await verifier.check(token);

    expect(result.ok && [...result.principal.scopes]).toEqual([
      'items:read',
      'items:write',
    ]);
  });

  it('grants no scopes when the claim is absent', async () => {
    const result = await verifier.check(await withPayload({ tenant: 'acme' }));

    expect(result.ok && result.principal.scopes.size).toBe(0);
  });

  it('refuses scopes of another type', async () => {
    const token = await withPayload({ tenant: 'acme', scope: [1, 2] });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason:
        'the scope claim must be a space-separated string or an array of strings',
    });
  });

  it('refuses a token without the tenant claim', async () => {
    const token = await withPayload({ scope: 'items:read' });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: 'the tenant claim is missing',
    });
  });

  it.each([['Acme'], [''], [42], [['acme']]])(
    'refuses the malformed tenant claim %j',
    async (tenant) => {
      const token = await withPayload({ tenant, scope: 'items:read' });

      expect(await verifier.check(token)).toEqual({
        ok: false,
        reason: 'the tenant claim is malformed',
      });
    },
  );

  it('reads the tenant and scopes from the claims it is told to', async () => {
    const custom = new JwtVerifier(
      configFor(keys, { tenantClaim: 'org', scopesClaim: 'scp' }),
    );
    const token = await withPayload({ org: 'beta', scp: ['items:read'] });

    const result = await custom.check(token);

    expect(result.ok && result.principal.tenant).toBe('beta');
    expect(result.ok && [...result.principal.scopes]).toEqual(['items:read']);
  });

  it('refuses a token without an expiry', async () => {
    const token = await new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .sign(key);

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JWT_CLAIM_VALIDATION_FAILED.*exp/),
    });
  });

  it('accepts a token expired within the clock tolerance', async () => {
    const justNow = Math.floor(Date.now() / 1000) - 2;
    const token = await sign({ key, alg: 'HS256', expiresAt: justNow });

    expect((await verifier.check(token)).ok).toBe(true);
  });
});

describe('algorithms pinned by the kind of key', () => {
  it('refuses an HMAC token keyed with the PEM public key itself', async () => {
    const pair = await generateKeyPair('RS256');
    const pem = await exportSPKI(pair.publicKey);
    const file = tempFile('key.pem', pem);
    const verifier = new JwtVerifier(
      configFor({ kind: 'public-key', path: file }),
    );

    const token = await sign({
      key: new TextEncoder().encode(pem),
      alg: 'HS256',
    });

    expect(await verifier.check(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^ERR_JOSE_ALG_NOT_ALLOWED/),
    });
  });

  it('accepts only ES256 for a P-256 public key', async () => {
    const pair = await generateKeyPair('ES256');
    const file = tempFile('key.pem', await exportSPKI(pair.publicKey));
    const verifier = new JwtVerifier(
      configFor({ kind: 'public-key', path: file }),
    );

    const token = await sign({ key: pair.privateKey, alg: 'ES256' });

    expect((await verifier.check(token)).ok).toBe(true);
  });

  it('stops at start when the key file cannot be read', () => {
    const keys: JwtKeySource = { kind: 'public-key', path: '/no/such.pem' };

    expect(() => new JwtVerifier(configFor(keys))).toThrow(ConfigError);
    expect(() => new JwtVerifier(configFor(keys))).toThrow(
      /JWT_PUBLIC_KEY_PATH: cannot use \/no\/such\.pem: ENOENT/,
    );
  });

  it('stops at start when the JWKS file is not a key set', () => {
    const file = tempFile('jwks.json', '{"keys": "none"}');

    expect(
      () => new JwtVerifier(configFor({ kind: 'jwks-file', path: file })),
    ).toThrow(/JWKS_PATH: cannot use .*jwks\.json: JSON Web Key Set malformed/);
  });
});

describe('a JWKS URL that fails', () => {
  let server: Server;
  let url: URL;

  beforeAll(async () => {
    server = createServer((_, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    url = new URL(`http://127.0.0.1:${port}/jwks`);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is reported as the keys being unavailable, not as a bad token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const verifier = new JwtVerifier(configFor({ kind: 'jwks-url', url }));
    const token = await sign({ key: privateKey, alg: 'RS256', kid: 'k1' });

    await expect(verifier.check(token)).rejects.toThrow(
      JwtKeysUnavailableError,
    );
  });
});
