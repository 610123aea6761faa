import { CassetteError } from '@cassette/common';
import { errors as driverErrors } from 'cassandra-driver';
import { SignJWT } from 'jose';

import type { ApiKeyCheck, ApiKeyChecker } from './api-keys';
import {
  createAuthenticator,
  requireScope,
  type AuthLogger,
  type Principal,
} from './authenticate';
import type { AuthConfig } from './config';

const API_KEY = `cas_0123456789abcdef_${'s'.repeat(43)}`;
const SECRET = 'a-shared-secret-of-32-characters!';
const ISSUER = 'https://auth.example.test/';
const AUDIENCE = 'https://api.example.test/';

const NO_CREDENTIAL =
  'Send Authorization: Bearer <API key or JWT>; the request carried no bearer credential.';
const REFUSED =
  'Send Authorization: Bearer <API key or JWT>; the credential given is invalid, expired or revoked.';

const KEY_PRINCIPAL: Principal = {
  tenant: 'acme',
  scopes: new Set(['items:read']),
  subject: '0123456789abcdef',
  via: 'api-key',
};

const JWT_CONFIG: AuthConfig = {
  apiKeyCacheMs: 5_000,
  jwt: {
    keys: { kind: 'secret', secret: SECRET },
    issuer: ISSUER,
    audience: AUDIENCE,
    tenantClaim: 'tenant',
    scopesClaim: 'scope',
    clockToleranceS: 5,
  },
};

/** A key store whose answer the test sets, counting the reads it serves. */
class FakeStore implements ApiKeyChecker {
  answer: ApiKeyCheck | Error = { ok: true, principal: KEY_PRINCIPAL };
  reads = 0;

  async check(): Promise<ApiKeyCheck> {
    this.reads += 1;
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

/** A logger that keeps what it was given. */
function recordingLogger() {
  const lines: Array<{ level: string; args: unknown[] }> = [];
  const logger: AuthLogger = {
    debug: (...args: unknown[]) => void lines.push({ level: 'debug', args }),
    warn: (...args: unknown[]) => void lines.push({ level: 'warn', args }),
  };
  return { logger, lines };
}

function setUp(config: AuthConfig = JWT_CONFIG) {
  const store = new FakeStore();
  const { logger, lines } = recordingLogger();
  const clock = { ms: 1_000_000 };
  const authenticate = createAuthenticator(config, store, logger, {
    now: () => clock.ms,
  });
  return { authenticate, store, lines, clock };
}

async function refusal(promise: Promise<unknown>): Promise<CassetteError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CassetteError)) {
    throw new Error(`expected a CassetteError, got ${String(error)}`);
  }
  return error;
}

function jwt(payload: Record<string, unknown> = { tenant: 'acme' }) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('user-1')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

describe('authenticate', () => {
  it('accepts an API key the store accepts', async () => {
    const { authenticate } = setUp();

    expect(await authenticate(`Bearer ${API_KEY}`)).toBe(KEY_PRINCIPAL);
  });

  it('accepts the scheme in any case', async () => {
    const { authenticate } = setUp();

    expect(await authenticate(`bearer ${API_KEY}`)).toBe(KEY_PRINCIPAL);
  });

  it('accepts a valid JWT', async () => {
    const { authenticate } = setUp();

    const principal = await authenticate(`Bearer ${await jwt()}`);

    expect(principal).toMatchObject({ tenant: 'acme', via: 'jwt' });
  });

  it.each([
    ['no header', undefined, 'no header'],
    ['an empty header', '', 'no header'],
    ['another scheme', `Basic ${API_KEY}`, 'not a Bearer credential'],
    ['Bearer with nothing after it', 'Bearer ', 'not a Bearer credential'],
    ['two tokens', `Bearer ${API_KEY} ${API_KEY}`, 'not a Bearer credential'],
  ])(
    'refuses %s with a 401 that says what to send',
    async (_, header, reason) => {
      const { authenticate, lines } = setUp();

      const error = await refusal(authenticate(header));

      expect(error.message).toBe(NO_CREDENTIAL);
      expect(error.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        http: { status: 401 },
      });
      expect(lines).toEqual([
        {
          level: 'debug',
          args: [{ reason }, 'request refused: no bearer credential'],
        },
      ]);
    },
  );

  it.each([
    'malformed',
    'unknown',
    'wrong-secret',
    'revoked',
    'expired',
  ] as const)(
    'gives an API key refused as %s the same message as any other',
    async (reason) => {
      const { authenticate, store, lines } = setUp();
      store.answer = { ok: false, reason, keyId: '0123456789abcdef' };

      const error = await refusal(authenticate(`Bearer ${API_KEY}`));

      expect(error.message).toBe(REFUSED);
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
      expect(lines).toEqual([
        {
          level: 'debug',
          args: [
            { via: 'api-key', reason, keyId: '0123456789abcdef' },
            'request refused: credential not accepted',
          ],
        },
      ]);
    },
  );

  it('never logs the token it refused', async () => {
    const { authenticate, store, lines } = setUp();
    store.answer = { ok: false, reason: 'wrong-secret' };
    const token = await jwt({ tenant: 'Not A Tenant' });

    await refusal(authenticate(`Bearer ${API_KEY}`));
    await refusal(authenticate(`Bearer ${token}`));
    await refusal(authenticate(`Basic ${API_KEY}`));

    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('s'.repeat(43));
    expect(logged).not.toContain(token.split('.')[2]);
  });

  it('refuses a token that is neither an API key nor a JWT', async () => {
    const { authenticate, lines } = setUp();

    const error = await refusal(authenticate('Bearer abc.def'));

    expect(error.message).toBe(REFUSED);
    expect(lines[0]?.args[0]).toEqual({
      reason: 'neither an API key nor a JWT',
    });
  });

  it('refuses a JWT when no JWT key source is configured', async () => {
    const { authenticate, lines } = setUp({ apiKeyCacheMs: 5_000 });

    const error = await refusal(authenticate(`Bearer ${await jwt()}`));

    expect(error.message).toBe(REFUSED);
    expect(lines[0]?.args[0]).toEqual({
      via: 'jwt',
      reason: 'no JWT key source is set',
    });
  });

  it('refuses a JWT that fails verification, logging why', async () => {
    const { authenticate, lines } = setUp();
    const token = await jwt({ scope: 'items:read' });

    const error = await refusal(authenticate(`Bearer ${token}`));

    expect(error.message).toBe(REFUSED);
    expect(lines[0]?.args[0]).toEqual({
      via: 'jwt',
      reason: 'the tenant claim is missing',
    });
  });

  it('logs through the logger given with the request', async () => {
    const { authenticate, lines } = setUp();
    const request = recordingLogger();

    await refusal(authenticate(undefined, request.logger));

    expect(lines).toEqual([]);
    expect(request.lines).toHaveLength(1);
  });

  it('answers a retryable 503, not a refusal, when Cassandra is unavailable', async () => {
    const { authenticate, store, lines } = setUp();
    store.answer = new driverErrors.NoHostAvailableError({});

    const error = await refusal(authenticate(`Bearer ${API_KEY}`));

    expect(error.message).toBe(
      'The credential could not be checked because the database is unavailable; retry shortly.',
    );
    expect(error.extensions).toEqual({
      code: 'UNAVAILABLE',
      retryable: true,
      http: { status: 503 },
    });
    expect(lines.map((line) => line.level)).toEqual(['warn']);
  });

  it('lets an unexpected error through to be masked', async () => {
    const { authenticate, store } = setUp();
    store.answer = new TypeError('a bug');

    await expect(authenticate(`Bearer ${API_KEY}`)).rejects.toThrow('a bug');
  });
});

describe('the API key cache', () => {
  const REVOKED: ApiKeyCheck = { ok: false, reason: 'revoked' };

  it('keeps accepting a revoked key until API_KEY_CACHE_MS has passed', async () => {
    const { authenticate, store, clock } = setUp();
    await authenticate(`Bearer ${API_KEY}`);
    store.answer = REVOKED;

    clock.ms += 4_999;
    expect(await authenticate(`Bearer ${API_KEY}`)).toBe(KEY_PRINCIPAL);

    clock.ms += 1;
    await expect(authenticate(`Bearer ${API_KEY}`)).rejects.toThrow(REFUSED);
    expect(store.reads).toBe(2);
  });

  it('reads the store on every request when API_KEY_CACHE_MS is 0', async () => {
    const { authenticate, store } = setUp({ apiKeyCacheMs: 0 });
    await authenticate(`Bearer ${API_KEY}`);
    store.answer = REVOKED;

    await expect(authenticate(`Bearer ${API_KEY}`)).rejects.toThrow(REFUSED);
    expect(store.reads).toBe(2);
  });
});

describe('requireScope', () => {
  it('lets a principal with the scope through', () => {
    expect(() => requireScope(KEY_PRINCIPAL, 'items:read')).not.toThrow();
  });

  it.each([
    ['items:write', 'mutations'],
    ['items:read', 'queries'],
  ] as const)(
    'refuses a principal without %s, naming it, with a 403',
    (scope, purpose) => {
      const principal = { ...KEY_PRINCIPAL, scopes: new Set<string>() };

      let error: unknown;
      try {
        requireScope(principal, scope);
      } catch (thrown) {
        error = thrown;
      }

      expect(error).toBeInstanceOf(CassetteError);
      expect((error as CassetteError).message).toBe(
        `This credential lacks the ${scope} scope needed for ${purpose}.`,
      );
      expect((error as CassetteError).extensions).toEqual({
        code: 'FORBIDDEN',
        http: { status: 403 },
      });
    },
  );
});
