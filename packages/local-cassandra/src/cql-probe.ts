import * as net from 'node:net';

// CQL native protocol v4 frame header: version, flags, stream (int16),
// opcode, body length (int32). OPTIONS has no body.
const HEADER_BYTES = 9;
const PROTOCOL_V4_REQUEST = 0x04;
const OPCODE_OPTIONS = 0x05;
const OPCODE_SUPPORTED = 0x06;
const RESPONSE_FLAG = 0x80;

const OPTIONS_FRAME = Buffer.from([
  PROTOCOL_V4_REQUEST,
  0x00,
  0x00,
  0x00,
  OPCODE_OPTIONS,
  0x00,
  0x00,
  0x00,
  0x00,
]);

/**
 * Whether a CQL server answers at `host:port`: sends an OPTIONS request and
 * waits for SUPPORTED. Never rejects; a refused connection, a timeout or
 * any other reply gives `false`.
 * @param timeoutMs limit for connecting and answering together
 */
export function probeCql(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);

    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);

    socket.once('connect', () => socket.write(OPTIONS_FRAME));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= HEADER_BYTES) finish(isSupported(received));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

function isSupported(header: Buffer): boolean {
  const isResponse = (header[0] & RESPONSE_FLAG) !== 0;
  return isResponse && header[4] === OPCODE_SUPPORTED;
}
