import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import { startLocalNode, stopLocalNode } from './local-node';
import { isRunning } from './node-process';
import type { LocalNodeOptions } from './options';
import {
  SUPPORTED_FRAME,
  closeServer,
  fakeServer,
  freePort,
  listen,
  makeTempDir,
  portOf,
  removeTempDirs,
  writeFakeJava,
  writeFakeMaven,
} from './test-helpers';

// These tests run a shell script in place of Java, so no JVM is needed;
// local-node-real.test.ts starts a real Cassandra.
const ADDRESS = '127.0.0.3';

afterAll(removeTempDirs);

async function fakeNodeOptions(javaBody: string) {
  const homeDir = makeTempDir('node');
  const javaHome = path.join(homeDir, 'jdk');
  writeFakeJava(path.join(javaHome, 'bin'), '17.0.15', javaBody);
  const bin = path.join(homeDir, 'bin');
  writeFakeMaven(bin);

  const lines: string[] = [];
  const options: LocalNodeOptions = {
    homeDir,
    address: ADDRESS,
    nativePort: await freePort(ADDRESS),
    storagePort: await freePort(ADDRESS),
    jmxPort: await freePort('127.0.0.1'),
    env: { JAVA_HOME: javaHome, PATH: `${bin}:/usr/bin:/bin` },
    log: (line) => lines.push(line),
  };
  const pidPath = path.join(homeDir, 'nodes', ADDRESS, 'cassandra.pid');
  return { options, lines, pidPath };
}

async function rejection(promise: Promise<unknown>): Promise<LocalNodeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LocalNodeError);
  return error as LocalNodeError;
}

function launchedPid(lines: string[]): number {
  const line = lines.find((l) => l.startsWith('starting Cassandra'));
  return Number(/\(pid (\d+),/.exec(line ?? '')?.[1]);
}

describe('startLocalNode', () => {
  it('shows the last lines the node printed when it exits during start', async () => {
    const { options, lines, pidPath } = await fakeNodeOptions(
      'echo "INFO  starting"; echo "ERROR Exception encountered during startup: no space left"; exit 3',
    );

    const error = await rejection(startLocalNode(options));

    expect(error.code).toBe(LocalNodeErrorCode.StartFailed);
    expect(error.message).toMatch(
      new RegExp(
        `^Cassandra 5\\.0\\.7 on ${ADDRESS}:${options.nativePort} exited with code 3 [\\d.]+ s after launch, before accepting CQL connections\\.\\n`,
      ),
    );
    expect(error.message).toContain(
      'output.log:\n    INFO  starting\n    ERROR Exception encountered during startup: no space left',
    );
    expect(fs.existsSync(pidPath)).toBe(false);
    expect(lines).toContain(
      'fetching Apache Cassandra 5.0.7 from Maven Central (once, ~67 MB)…',
    );
  });

  it('kills a node that does not answer within startTimeoutMs and says so', async () => {
    const { options, lines, pidPath } = await fakeNodeOptions(
      'echo "INFO  still thinking"; exec sleep 30',
    );

    const error = await rejection(
      startLocalNode({ ...options, startTimeoutMs: 4_000 }),
    );

    expect(error.code).toBe(LocalNodeErrorCode.StartTimeout);
    expect(error.message).toContain(
      `Cassandra 5.0.7 on ${ADDRESS}:${options.nativePort} did not accept CQL connections within 4 s (startTimeoutMs), so it was killed.`,
    );
    expect(error.message).toContain('    INFO  still thinking');
    expect(isRunning(launchedPid(lines))).toBe(false);
    expect(fs.existsSync(pidPath)).toBe(false);
    expect(lines).toContain(
      `waiting for Cassandra on ${ADDRESS}:${options.nativePort}… 3 s`,
    );
  });

  it('refuses to start when a port it needs is taken, naming the port', async () => {
    const { options } = await fakeNodeOptions('exit 0');
    const squatter = await listen(net.createServer(), ADDRESS, 0);

    const error = await rejection(
      startLocalNode({ ...options, storagePort: portOf(squatter) }),
    );

    expect(error.code).toBe(LocalNodeErrorCode.PortInUse);
    expect(error.message).toContain(
      `Cannot start Cassandra on ${ADDRESS}: another process already listens on\n  - ${ADDRESS}:${portOf(squatter)} for traffic between nodes (storagePort)`,
    );
    expect(error.message).toContain(
      `lsof -nP -iTCP:${portOf(squatter)} -sTCP:LISTEN`,
    );
    await closeServer(squatter);
  });

  it('reuses a node that already answers CQL and leaves it running', async () => {
    const { options, lines } = await fakeNodeOptions('exit 1');
    const running = await fakeServer(ADDRESS, SUPPORTED_FRAME);

    const node = await startLocalNode({
      ...options,
      nativePort: portOf(running),
    });
    await node.stop();

    expect(node).toMatchObject({
      address: ADDRESS,
      nativePort: portOf(running),
      startedByUs: false,
    });
    expect(lines).toEqual([
      `reusing the Cassandra node already running on ${ADDRESS}:${portOf(running)}`,
    ]);
    expect(running.listening).toBe(true);
    await closeServer(running);
  });
});

describe('stopLocalNode', () => {
  it('removes a pid file whose process is gone', async () => {
    const { options, lines, pidPath } = await fakeNodeOptions('exit 0');
    const gone = spawnSync('true').pid;
    fs.mkdirSync(path.dirname(pidPath), { recursive: true });
    fs.writeFileSync(pidPath, `${gone}\n`);

    expect(await stopLocalNode(options)).toBe(false);

    expect(fs.existsSync(pidPath)).toBe(false);
    expect(lines[0]).toBe(
      `removed the stale pid file ${pidPath} (pid ${gone} no longer runs Cassandra)`,
    );
    expect(lines[1]).toBe(
      `no Cassandra node is running on ${ADDRESS}:${options.nativePort}`,
    );
  });
});
