import * as path from 'node:path';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import { resolveLocalNodeOptions } from './options';

describe('resolveLocalNodeOptions', () => {
  it('fills every default once', () => {
    const options = resolveLocalNodeOptions();

    expect(options).toMatchObject({
      homeDir: path.resolve(__dirname, '../../../.cassette/cassandra'),
      libDir: path.resolve(__dirname, '../../../.cassette/cassandra/lib'),
      address: '127.0.0.1',
      nativePort: 9042,
      storagePort: 7000,
      jmxPort: 7199,
      heapMb: 1024,
      clusterName: 'cassette-local',
      seeds: ['127.0.0.1'],
      cassandraVersion: '5.0.7',
      passwordAuth: false,
      startTimeoutMs: 180_000,
      env: process.env,
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('seeds a node with its own address unless seeds are given', () => {
    expect(resolveLocalNodeOptions({ address: '127.0.0.3' }).seeds).toEqual([
      '127.0.0.3',
    ]);
    expect(
      resolveLocalNodeOptions({ address: '127.0.0.3', seeds: ['127.0.0.1'] })
        .seeds,
    ).toEqual(['127.0.0.1']);
  });

  it('keeps the jars under the home folder unless told otherwise', () => {
    const options = resolveLocalNodeOptions({ homeDir: '/tmp/home' });

    expect(options.libDir).toBe('/tmp/home/lib');
  });

  it.each(['10.0.0.5', '0.0.0.0', 'localhost', '::1', '127.0.0.256'])(
    'refuses the non-loopback address %s and says why',
    (address) => {
      const attempt = () => resolveLocalNodeOptions({ address });

      expect(attempt).toThrow(LocalNodeError);
      expect(attempt).toThrow(
        `address must be a loopback IPv4 address in 127.0.0.0/8, because a local node must not be reachable from other machines; got '${address}'`,
      );
      expect(attempt).toThrow('set CASSANDRA_CONTACT_POINTS instead');
    },
  );

  it('refuses seeds outside the loopback range', () => {
    expect(() =>
      resolveLocalNodeOptions({ seeds: ['127.0.0.1', '192.168.1.9'] }),
    ).toThrow(
      "seeds must be a non-empty list of loopback IPv4 addresses in 127.0.0.0/8 (without ports; every node uses storagePort); got [ '127.0.0.1', '192.168.1.9' ]",
    );
  });

  it('reports every invalid option at once, with the value received', () => {
    let caught: unknown;
    try {
      resolveLocalNodeOptions({
        nativePort: 70_000,
        jmxPort: 7000,
        heapMb: 100,
        cassandraVersion: '4.1.5',
        startTimeoutMs: 0,
      });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(LocalNodeError);
    expect((caught as LocalNodeError).code).toBe(
      LocalNodeErrorCode.InvalidOptions,
    );
    expect((caught as LocalNodeError).message).toBe(
      [
        'Invalid local Cassandra options:',
        '  - nativePort must be an integer from 1 to 65535, got 70000',
        '  - nativePort, storagePort and jmxPort must differ, got 70000, 7000, 7000',
        "  - heapMb must be an integer from 256 (Cassandra's minimum in practice) to 65536, got 100",
        "  - cassandraVersion must be a 5.0.x release (the generated configuration and JVM flags are for Cassandra 5.0 on Java 17), got '4.1.5'",
        '  - startTimeoutMs must be a positive integer (milliseconds), got 0',
      ].join('\n'),
    );
  });

  it('refuses a cluster name that could break the configuration', () => {
    expect(() => resolveLocalNodeOptions({ clusterName: 'a"\nb: c' })).toThrow(
      "clusterName must be 1 to 64 letters, digits, spaces, '_', '.' or '-'",
    );
  });
});
