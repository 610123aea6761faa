import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  renderCassandraYaml,
  renderLogbackXml,
  writeNodeConfig,
} from './node-config';
import { resolveLocalNodeOptions } from './options';
import { makeTempDir, removeTempDirs } from './test-helpers';

afterAll(removeTempDirs);

describe('renderCassandraYaml', () => {
  const secondNode = resolveLocalNodeOptions({
    homeDir: '/home/dev/.cassette',
    address: '127.0.0.2',
    nativePort: 9142,
    storagePort: 7100,
    jmxPort: 7299,
    seeds: ['127.0.0.1', '127.0.0.2'],
  });

  it('listens on the loopback address and ports it is given', () => {
    const yaml = renderCassandraYaml(secondNode);

    expect(yaml).toContain('\nlisten_address: 127.0.0.2\n');
    expect(yaml).toContain('\nrpc_address: 127.0.0.2\n');
    expect(yaml).toContain('\nstorage_port: 7100\n');
    expect(yaml).toContain('\nnative_transport_port: 9142\n');
  });

  it('lists every seed with the storage port', () => {
    expect(renderCassandraYaml(secondNode)).toContain(
      '      - seeds: "127.0.0.1:7100,127.0.0.2:7100"\n',
    );
  });

  it('keeps all data in the node folder, where it survives restarts', () => {
    const yaml = renderCassandraYaml(secondNode);
    const dataDir = '/home/dev/.cassette/nodes/127.0.0.2/data';

    expect(yaml).toContain(`data_file_directories:\n  - "${dataDir}/data"\n`);
    expect(yaml).toContain(`commitlog_directory: "${dataDir}/commitlog"\n`);
    expect(yaml).toContain(`hints_directory: "${dataDir}/hints"\n`);
    expect(yaml).toContain(`saved_caches_directory: "${dataDir}/saved_caches"`);
    expect(yaml).toContain(`cdc_raw_directory: "${dataDir}/cdc_raw"\n`);
  });

  it('allows everyone by default', () => {
    const yaml = renderCassandraYaml(secondNode);

    expect(yaml).toContain('\nauthenticator: AllowAllAuthenticator\n');
    expect(yaml).toContain('\nauthorizer: AllowAllAuthorizer\n');
  });

  it('requires a login when password authentication is asked for', () => {
    const options = resolveLocalNodeOptions({ passwordAuth: true });
    const yaml = renderCassandraYaml(options);

    expect(yaml).toContain('\nauthenticator: PasswordAuthenticator\n');
    expect(yaml).toContain('\nauthorizer: CassandraAuthorizer\n');
  });

  it('makes concurrent table creation agree on table ids', () => {
    expect(renderCassandraYaml(secondNode)).toContain(
      '\nuse_deterministic_table_id: true\n',
    );
  });

  it('quotes the cluster name and paths so that YAML reads them as text', () => {
    const options = resolveLocalNodeOptions({
      homeDir: '/tmp/a: b #c',
      clusterName: 'dev cluster',
    });
    const yaml = renderCassandraYaml(options);

    expect(yaml).toContain('cluster_name: "dev cluster"\n');
    expect(yaml).toContain('commitlog_directory: "/tmp/a: b #c/nodes/');
  });

  it('writes only keys, comments and blank lines, never tabs', () => {
    const lines = renderCassandraYaml(secondNode).split('\n');

    expect(lines.filter((line) => line.includes('\t'))).toEqual([]);
    expect(
      lines.filter((l) => l !== '' && !/^( *#| *- |\s*[a-z_]+:)/.test(l)),
    ).toEqual([]);
  });
});

describe('renderLogbackXml', () => {
  it('sends the log to the given file, rolled at 20 MB', () => {
    const xml = renderLogbackXml('/nodes/127.0.0.1/logs/system.log');

    expect(xml).toContain('<file>/nodes/127.0.0.1/logs/system.log</file>');
    expect(xml).toContain(
      '<fileNamePattern>/nodes/127.0.0.1/logs/system.log.%i.zip</fileNamePattern>',
    );
    expect(xml).toContain('<maxFileSize>20MB</maxFileSize>');
  });

  it('escapes characters that are special in XML', () => {
    expect(renderLogbackXml('/tmp/R&D <x>/system.log')).toContain(
      '<file>/tmp/R&amp;D &lt;x&gt;/system.log</file>',
    );
  });
});

describe('writeNodeConfig', () => {
  it('writes both files and creates the data and log folders', () => {
    const homeDir = makeTempDir('config');
    const options = resolveLocalNodeOptions({ homeDir, address: '127.0.0.4' });

    const paths = writeNodeConfig(options);

    const nodeDir = path.join(homeDir, 'nodes', '127.0.0.4');
    expect(paths.nodeDir).toBe(nodeDir);
    expect(
      fs.readFileSync(path.join(nodeDir, 'conf/cassandra.yaml'), 'utf8'),
    ).toBe(renderCassandraYaml(options));
    expect(
      fs.readFileSync(path.join(nodeDir, 'conf/logback.xml'), 'utf8'),
    ).toBe(renderLogbackXml(path.join(nodeDir, 'logs/system.log')));
    expect(fs.statSync(path.join(nodeDir, 'data')).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(nodeDir, 'logs')).isDirectory()).toBe(true);
    expect(paths.pidPath).toBe(path.join(nodeDir, 'cassandra.pid'));
  });
});
