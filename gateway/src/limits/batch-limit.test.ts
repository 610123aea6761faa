import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import express from 'express';

import { allowBatchedHttpRequests, batchLimit } from './batch-limit';
import { DEFAULT_QUERY_LIMITS } from './config';

describe('batchLimit', () => {
  let server: Server | undefined;
  let passed: unknown[];

  // An app whose only handler records the bodies that got past the limit.
  async function start(maxBatchOperations: number): Promise<string> {
    const app = express();
    app.use(
      express.json(),
      batchLimit({ ...DEFAULT_QUERY_LIMITS, maxBatchOperations }),
    );
    app.post('/graphql', (req, res) => {
      passed.push(req.body);
      res.json({ data: {} });
    });

    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/graphql`;
  }

  function post(url: string, body: unknown) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  beforeEach(() => {
    passed = [];
  });

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  const operations = (count: number) =>
    Array.from({ length: count }, () => ({ query: '{ __typename }' }));

  it('refuses a batch over BATCH_MAX_OPERATIONS with HTTP 400', async () => {
    const url = await start(3);

    const response = await post(url, operations(4));

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'This request batches 4 operations; the limit is 3 (BATCH_MAX_OPERATIONS).',
          extensions: {
            code: 'BAD_USER_INPUT',
            exceeded: 'batchOperations',
            limit: 3,
            actual: 4,
          },
        },
      ],
    });
    expect(passed).toEqual([]);
  });

  it('passes a batch of exactly the limit on', async () => {
    const url = await start(3);

    const response = await post(url, operations(3));

    expect(response.status).toBe(200);
    expect(passed).toEqual([operations(3)]);
  });

  it('passes a single operation on, whatever the limit', async () => {
    const url = await start(1);

    await post(url, { query: '{ __typename }' });

    expect(passed).toEqual([{ query: '{ __typename }' }]);
  });

  it('refuses two operations when batching is off', async () => {
    const url = await start(1);

    const response = await post(url, operations(2));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [
        {
          message:
            'This request batches 2 operations; the limit is 1 (BATCH_MAX_OPERATIONS).',
        },
      ],
    });
    expect(passed).toEqual([]);
  });
});

describe('allowBatchedHttpRequests', () => {
  it.each([
    [false, 1],
    [true, 2],
    [true, 10],
  ])('is %s for a limit of %s', (allowed, maxBatchOperations) => {
    expect(
      allowBatchedHttpRequests({ ...DEFAULT_QUERY_LIMITS, maxBatchOperations }),
    ).toBe(allowed);
  });
});
