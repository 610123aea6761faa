import * as fs from 'node:fs';
import * as path from 'node:path';

import { probeCql } from './cql-probe';
import { getLocalNodeStatus, startLocalNode } from './local-node';
import type { LocalNodeOptions } from './options';
import { resolveLocalNodeOptions } from './options';
import { makeTempDir, removeTempDirs } from './test-helpers';

// Starts a real Cassandra on 127.0.0.2, beside any development node on
// 127.0.0.1. It shares the repository's jar cache, so only the first run
// in a clone pays for the fetch.
const options: LocalNodeOptions = {
  homeDir: makeTempDir('real-node'),
  libDir: resolveLocalNodeOptions().libDir,
  address: '127.0.0.2',
  nativePort: 9042,
  storagePort: 7000,
  jmxPort: 7299,
  heapMb: 512,
  log: () => {},
};

describe('a real local node', () => {
  it('starts, answers CQL, is reused by a second start and stops', async () => {
    const node = await startLocalNode(options);
    try {
      expect(node).toMatchObject({ address: '127.0.0.2', startedByUs: true });
      expect(await probeCql('127.0.0.2', 9042, 2_000)).toBe(true);
      expect(await getLocalNodeStatus(options)).toMatchObject({
        answering: true,
        pid: node.pid,
      });

      const again = await startLocalNode(options);
      await again.stop();
      expect(again).toMatchObject({ startedByUs: false, pid: node.pid });
      expect(await probeCql('127.0.0.2', 9042, 2_000)).toBe(true);
    } finally {
      await node.stop();
    }

    expect(await probeCql('127.0.0.2', 9042, 2_000)).toBe(false);
    const nodeDir = path.join(options.homeDir ?? '', 'nodes', '127.0.0.2');
    expect(fs.existsSync(path.join(nodeDir, 'cassandra.pid'))).toBe(false);
    const systemLog = path.join(nodeDir, 'logs', 'system.log');
    expect(fs.statSync(systemLog).size).toBeGreaterThan(0);

    // Only a passing run removes the node folder: a failing one keeps its
    // logs for whoever investigates.
    removeTempDirs();
  }, 180_000);
});
