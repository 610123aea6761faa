// Disposable folders, fake tools and fake servers for this package's tests.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const tempDirs: string[] = [];

/** A new empty folder under the system's temporary folder. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cassette-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder `makeTempDir` made; for `afterAll`. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes an executable shell script and returns its path. */
export function writeScript(dir: string, name: string, body: string): string {
  fs.mkdirSync(dir, { recursive: true });

  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A `java` that reports `version` like OpenJDK and otherwise runs `body`. */
export function writeFakeJava(dir: string, version: string, body = 'exit 0') {
  return writeScript(
    dir,
    'java',
    `if [ "$1" = "-version" ]; then
  echo 'openjdk version "${version}" 2024-01-16' >&2
  exit 0
fi
${body}`,
  );
}

/** An `mvn` that puts two small jars where it was told to, then runs `body`. */
export function writeFakeMaven(dir: string, body = 'exit 0'): string {
  return writeScript(
    dir,
    'mvn',
    `for arg in "$@"; do
  case "$arg" in -DoutputDirectory=*) out="\${arg#-DoutputDirectory=}";; esac
done
mkdir -p "$out"
printf 'jamm' > "$out/jamm-0.4.0.jar"
printf 'cassandra' > "$out/cassandra-all-5.0.7.jar"
${body}`,
  );
}

/** A port on `host` that nothing listens on right now. */
export async function freePort(host: string): Promise<number> {
  const server = await listen(net.createServer(), host, 0);
  const { port } = server.address() as net.AddressInfo;

  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `server` on `host:port` (0 picks a free port). */
export function listen(
  server: net.Server,
  host: string,
  port: number,
): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** A server that answers every request with `reply`, split into `chunks`. */
export async function fakeServer(
  host: string,
  reply: Buffer | undefined,
  chunks = 1,
): Promise<net.Server & { requests: Buffer[] }> {
  const requests: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (data) => {
      requests.push(data);
      if (reply) writeInChunks(socket, reply, chunks);
    });
  });

  await listen(server, host, 0);
  return Object.assign(server, { requests });
}

/** A CQL v4 SUPPORTED frame with an empty body. */
export const SUPPORTED_FRAME = Buffer.from([
  0x84, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
]);

export function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.unref();
  });
}

function writeInChunks(socket: net.Socket, data: Buffer, chunks: number) {
  const size = Math.ceil(data.length / chunks);
  for (let start = 0; start < data.length; start += size) {
    const piece = data.subarray(start, start + size);
    setTimeout(() => socket.write(piece), start);
  }
}
