import { probeCql } from './cql-probe';
import {
  SUPPORTED_FRAME,
  closeServer,
  fakeServer,
  freePort,
  portOf,
} from './test-helpers';

const HOST = '127.0.0.1';

describe('probeCql', () => {
  it('sends a v4 OPTIONS frame and answers true on SUPPORTED', async () => {
    const server = await fakeServer(HOST, SUPPORTED_FRAME);

    const answered = await probeCql(HOST, portOf(server), 2_000);

    expect(answered).toBe(true);
    expect(server.requests).toEqual([Buffer.from([4, 0, 0, 0, 5, 0, 0, 0, 0])]);
    await closeServer(server);
  });

  it('waits for a reply that arrives in pieces', async () => {
    const server = await fakeServer(HOST, SUPPORTED_FRAME, 3);

    expect(await probeCql(HOST, portOf(server), 2_000)).toBe(true);
    await closeServer(server);
  });

  it('answers false on a CQL ERROR reply', async () => {
    const error = Buffer.from([0x84, 0, 0, 0, 0x00, 0, 0, 0, 0]);
    const server = await fakeServer(HOST, error);

    expect(await probeCql(HOST, portOf(server), 2_000)).toBe(false);
    await closeServer(server);
  });

  it('answers false when something other than CQL replies', async () => {
    const server = await fakeServer(
      HOST,
      Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'),
    );

    expect(await probeCql(HOST, portOf(server), 2_000)).toBe(false);
    await closeServer(server);
  });

  it('answers false when a server hangs up after a partial header', async () => {
    const server = await fakeServer(HOST, SUPPORTED_FRAME.subarray(0, 4));
    server.on('connection', (socket) => setTimeout(() => socket.end(), 50));

    expect(await probeCql(HOST, portOf(server), 2_000)).toBe(false);
    await closeServer(server);
  });

  it('answers false once the timeout passes without a reply', async () => {
    const server = await fakeServer(HOST, undefined);
    const startedAt = Date.now();

    expect(await probeCql(HOST, portOf(server), 300)).toBe(false);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await closeServer(server);
  });

  it('answers false when nothing listens on the port', async () => {
    const port = await freePort(HOST);

    expect(await probeCql(HOST, port, 2_000)).toBe(false);
  });
});
