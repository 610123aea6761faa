import * as fs from 'node:fs';
import * as path from 'node:path';

import { LocalNodeError } from './errors';
import { javaArgs } from './jvm-args';
import { nodePaths } from './node-paths';
import { resolveLocalNodeOptions } from './options';
import { makeTempDir, removeTempDirs } from './test-helpers';

afterAll(removeTempDirs);

describe('javaArgs', () => {
  const options = resolveLocalNodeOptions({
    homeDir: '/home/dev/.cassette',
    address: '127.0.0.2',
    heapMb: 512,
    jmxPort: 7299,
  });
  const paths = nodePaths(options);

  function jarsWith(...names: string[]): string {
    const dir = makeTempDir('jars');
    for (const name of names) fs.writeFileSync(path.join(dir, name), '');
    return dir;
  }

  it('runs the daemon with the heap, JMX port and configuration given', () => {
    const jars = jarsWith('jamm-0.4.0.jar', 'cassandra-all-5.0.7.jar');

    const args = javaArgs(options, paths, jars);

    expect(args).toEqual(
      expect.arrayContaining([
        '-Xms512m',
        '-Xmx512m',
        '-XX:+ExitOnOutOfMemoryError',
        `-javaagent:${jars}/jamm-0.4.0.jar`,
        '-Dcassandra.jmx.local.port=7299',
        `-Dcassandra.config=file://${paths.yamlPath}`,
        `-Dlogback.configurationFile=file://${paths.logbackPath}`,
        `-Dcassandra.storagedir=${paths.dataDir}`,
      ]),
    );
    expect(args.slice(-3)).toEqual([
      '-cp',
      `${paths.confDir}:${jars}/*`,
      'org.apache.cassandra.service.CassandraDaemon',
    ]);
  });

  it('opens the JDK internals Cassandra needs on Java 17', () => {
    const args = javaArgs(options, paths, jarsWith('jamm-0.4.0.jar'));

    expect(args.filter((arg) => arg === '--add-exports')).toHaveLength(9);
    expect(args.filter((arg) => arg === '--add-opens')).toHaveLength(14);
    expect(args).toContain('java.base/sun.nio.ch=ALL-UNNAMED');
  });

  it('says which jar is missing from an incomplete fetch', () => {
    const jars = jarsWith('cassandra-all-5.0.7.jar');

    expect(() => javaArgs(options, paths, jars)).toThrow(LocalNodeError);
    expect(() => javaArgs(options, paths, jars)).toThrow(
      `Expected a jamm-*.jar in ${jars}, found 1 files without one`,
    );
  });
});
