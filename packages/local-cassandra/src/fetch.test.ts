import * as fs from 'node:fs';
import * as path from 'node:path';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import { fetchCassandra, isCassandraFetched } from './fetch';
import { resolveLocalNodeOptions } from './options';
import type { Toolchain } from './preflight';
import { makeTempDir, removeTempDirs, writeFakeMaven } from './test-helpers';

function setUp(mavenBody?: string) {
  const homeDir = makeTempDir('fetch');
  const lines: string[] = [];
  const options = resolveLocalNodeOptions({
    homeDir,
    log: (line) => lines.push(line),
  });
  const tools: Toolchain = {
    javaPath: '/usr/bin/java',
    javaHome: '/usr/lib/jvm/java-17',
    javaVersion: '17.0.15',
    mvnPath: writeFakeMaven(path.join(homeDir, 'bin'), mavenBody),
  };
  const jarsDir = path.join(homeDir, 'lib', '5.0.7');
  return { homeDir, options, tools, jarsDir, lines };
}

afterAll(removeTempDirs);

describe('fetchCassandra', () => {
  it('fetches the jars once, saying what it does, then reuses them', async () => {
    const counter = 'echo run >> "$(dirname "$0")/runs"';
    const { homeDir, options, tools, jarsDir, lines } = setUp(counter);

    expect(await fetchCassandra(options, tools)).toBe(jarsDir);
    expect(await fetchCassandra(options, tools)).toBe(jarsDir);

    const runs = fs.readFileSync(path.join(homeDir, 'bin', 'runs'), 'utf8');
    expect(runs).toBe('run\n');
    expect(isCassandraFetched(options)).toBe(true);
    expect(lines[0]).toBe(
      'fetching Apache Cassandra 5.0.7 from Maven Central (once, ~67 MB)…',
    );
    expect(lines[1]).toMatch(
      new RegExp(`^fetched 2 jars \\(0 MB\\) in [\\d.]+ s into ${jarsDir}$`),
    );
    expect(lines).toHaveLength(2);
  });

  it('writes a POM naming the Cassandra version under <homeDir>/fetch', async () => {
    const { homeDir, options, tools } = setUp();

    await fetchCassandra(options, tools);

    const pom = fs.readFileSync(path.join(homeDir, 'fetch', 'pom.xml'), 'utf8');
    expect(pom).toContain('<artifactId>cassandra-all</artifactId>');
    expect(pom).toContain('<version>5.0.7</version>');
  });

  it('redoes a fetch that was interrupted, dropping what it left', async () => {
    const { options, tools, jarsDir } = setUp();
    fs.mkdirSync(jarsDir, { recursive: true });
    fs.writeFileSync(path.join(jarsDir, 'guava-32.0.1-jre.jar'), 'half');

    await fetchCassandra(options, tools);

    expect(fs.readdirSync(jarsDir).sort()).toEqual([
      '.fetched.json',
      'cassandra-all-5.0.7.jar',
      'jamm-0.4.0.jar',
    ]);
  });

  it("reports Maven's last output when it fails, and keeps no marker", async () => {
    const { options, tools } = setUp(
      'echo "[ERROR] Failed to collect dependencies: Connection refused"; exit 1',
    );

    const error = await fetchCassandra(options, tools).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LocalNodeError);
    expect((error as LocalNodeError).code).toBe(LocalNodeErrorCode.FetchFailed);
    expect((error as LocalNodeError).message).toMatch(
      /^Could not fetch Apache Cassandra 5\.0\.7: Maven exited with code 1 after [\d.]+ s\.\n {2}command: .*mvn -q -B -f .*pom\.xml dependency:copy-dependencies/,
    );
    expect((error as LocalNodeError).message).toContain(
      '  last lines of its output:\n    [ERROR] Failed to collect dependencies: Connection refused',
    );
    expect(isCassandraFetched(options)).toBe(false);
  });
});
