import { createLogger } from '../logging/logger';
import { ServiceShell, type ReadinessCheck } from './service-shell';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const logger = createLogger('test', { level: 'silent', format: 'json' });

const passes = (name: string): ReadinessCheck => ({
  name,
  check: async () => {},
});

const fails = (name: string, reason: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(reason);
  },
});

const hangs = (name: string): ReadinessCheck => ({
  name,
  check: () => new Promise<void>(() => {}),
});

describe('ServiceShell', () => {
  let shell: ServiceShell | undefined;

  // Starts a shell on a free loopback port and returns its base URL.
  async function start(
    checks: ReadinessCheck[],
    checkTimeoutMs?: number,
  ): Promise<string> {
    shell = new ServiceShell({
      name: 'upload',
      logger,
      checks,
      ...(checkTimeoutMs === undefined ? {} : { checkTimeoutMs }),
    });
    const { port } = await shell.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${port}`;
  }

  afterEach(async () => {
    const server = shell?.httpServer;
    shell = undefined;
    if (!server?.listening) return;

    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('/healthz', () => {
    it('answers 200 with the service name, whatever the checks say', async () => {
      const url = await start([fails('cassandra', 'down')]);

      const response = await fetch(`${url}/healthz`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        service: 'upload',
      });
    });

    it('does not announce the framework', async () => {
      const url = await start([]);

      const response = await fetch(`${url}/healthz`);

      expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('/readyz', () => {
    it('answers 200 when every check passes', async () => {
      const url = await start([passes('cassandra'), passes('schema')]);

      const response = await fetch(`${url}/readyz`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ready: true,
        service: 'upload',
        checks: { cassandra: { ok: true }, schema: { ok: true } },
      });
    });

    it('answers 503 with the reason of the check that failed', async () => {
      const url = await start([
        passes('cassandra'),
        fails('schema', 'schema version 1, expected 2'),
      ]);

      const response = await fetch(`${url}/readyz`);

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        service: 'upload',
        checks: {
          cassandra: { ok: true },
          schema: { ok: false, reason: 'schema version 1, expected 2' },
        },
      });
    });

    it('answers 503 with a timeout reason when a check hangs', async () => {
      const url = await start([passes('cassandra'), hangs('schema')], 100);
      const started = Date.now();

      const response = await fetch(`${url}/readyz`);

      expect(Date.now() - started).toBeLessThan(2_000);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        service: 'upload',
        checks: {
          cassandra: { ok: true },
          schema: { ok: false, reason: 'no answer within 100 ms' },
        },
      });
    });

    it('answers 200 when there is nothing to check', async () => {
      const url = await start([]);

      const response = await fetch(`${url}/readyz`);

      expect(response.status).toBe(200);
    });
  });

  describe('request ids', () => {
    it.each([
      'req-42',
      'a1b2.c3:d4_e5',
      'x'.repeat(128),
      'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    ])('echoes the acceptable id %s', async (id) => {
      const url = await start([]);

      const response = await fetch(`${url}/healthz`, {
        headers: { 'x-request-id': id },
      });

      expect(response.headers.get('x-request-id')).toBe(id);
    });

    it.each([
      ['contains spaces', 'id with spaces'],
      ['is over 128 characters', 'x'.repeat(129)],
      ['contains a slash', 'a/b'],
      ['contains non-ASCII letters', 'id-\u00e9'],
    ])('replaces an id that %s with a fresh uuid', async (_, id) => {
      const url = await start([]);

      const response = await fetch(`${url}/healthz`, {
        headers: { 'x-request-id': id },
      });

      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it('gives each request without an id its own uuid', async () => {
      const url = await start([]);

      const first = await fetch(`${url}/healthz`);
      const second = await fetch(`${url}/healthz`);

      const ids = [first, second].map((r) => r.headers.get('x-request-id'));
      expect(ids[0]).toMatch(UUID);
      expect(ids[1]).toMatch(UUID);
      expect(ids[1]).not.toBe(ids[0]);
    });
  });
});
