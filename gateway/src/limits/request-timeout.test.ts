import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import express from 'express';

import { DEFAULT_QUERY_LIMITS } from './config';
import { deadlineOf, requestTimeout } from './request-timeout';

const TIMEOUT_MS = 100;

describe('requestTimeout', () => {
  let server: Server | undefined;
  let signals: Array<AbortSignal | undefined>;
  let lateErrors: unknown[];
  let handlersDone: Promise<void>[];

  // Each handler runs `answer` after `delayMs`, recording its deadline
  // signal and anything the late answer threw.
  async function start(): Promise<string> {
    const app = express();
    app.use(
      requestTimeout({ ...DEFAULT_QUERY_LIMITS, requestTimeoutMs: TIMEOUT_MS }),
    );

    const after = (
      delayMs: number,
      answer: (res: express.Response) => void,
    ): express.RequestHandler => {
      return (_req, res) => {
        signals.push(deadlineOf(res));
        const done = sleep(delayMs).then(() => {
          try {
            answer(res);
          } catch (error) {
            lateErrors.push(error);
          }
        });
        handlersDone.push(done);
      };
    };
    app.get(
      '/fast',
      after(0, (res) => res.json({ data: 'fast' })),
    );
    app.get(
      '/slow',
      after(300, (res) => res.json({ data: 'late' })),
    );
    app.get(
      '/slow-stream',
      after(300, (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('late');
        res.end();
      }),
    );
    app.get(
      '/slow-write',
      after(300, (res) => {
        res.write('late');
        res.end();
      }),
    );
    app.get('/started', (_req, res) => {
      signals.push(deadlineOf(res));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('early ');
      handlersDone.push(sleep(300).then(() => void res.end('and late')));
    });

    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  beforeEach(() => {
    signals = [];
    lateErrors = [];
    handlersDone = [];
  });

  afterEach(async () => {
    await Promise.all(handlersDone);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('answers 503 with a retryable TIMEOUT once the deadline passes', async () => {
    const url = await start();
    const started = Date.now();

    const response = await fetch(`${url}/slow`);

    expect(Date.now() - started).toBeLessThan(300);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'The request took longer than 100 ms (REQUEST_TIMEOUT_MS) and was stopped.',
          extensions: { code: 'TIMEOUT', retryable: true },
        },
      ],
    });
  });

  it('aborts the request’s deadline signal at the deadline', async () => {
    const url = await start();

    await fetch(`${url}/slow`);

    const [deadline] = signals;
    expect(deadline?.aborted).toBe(true);
    expect(deadline?.reason).toMatchObject({
      name: 'TimeoutError',
      message:
        'The request took longer than 100 ms (REQUEST_TIMEOUT_MS) and was stopped.',
    });
  });

  it.each(['/slow', '/slow-stream', '/slow-write'])(
    'drops the late answer of %s and keeps serving',
    async (path) => {
      const url = await start();

      const timedOut = await fetch(`${url}${path}`);
      await timedOut.text();
      await Promise.all(handlersDone);
      await sleep(20);

      expect(timedOut.status).toBe(503);
      expect(lateErrors).toEqual([]);
      const next = await fetch(`${url}/fast`);
      expect(await next.json()).toEqual({ data: 'fast' });
    },
  );

  it('leaves a quick answer alone and never aborts its signal', async () => {
    const url = await start();

    const response = await fetch(`${url}/fast`);
    await sleep(TIMEOUT_MS * 2);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: 'fast' });
    expect(signals[0]?.aborted).toBe(false);
  });

  it('lets a response that started before the deadline finish', async () => {
    const url = await start();

    const response = await fetch(`${url}/started`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('early and late');
    expect(signals[0]?.aborted).toBe(true);
  });
});
