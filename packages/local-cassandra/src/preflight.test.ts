import * as fs from 'node:fs';
import * as path from 'node:path';

import { MissingToolError } from './errors';
import { preflight } from './preflight';
import {
  makeTempDir,
  removeTempDirs,
  writeFakeJava,
  writeFakeMaven,
  writeScript,
} from './test-helpers';

// Each test builds its own PATH and JVM folder, so what this machine has
// installed never leaks in.
function emptyJvmDirs(): string[] {
  return [makeTempDir('jvm')];
}

async function failure(promise: Promise<unknown>): Promise<MissingToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MissingToolError);
  return error as MissingToolError;
}

afterAll(removeTempDirs);

describe('preflight', () => {
  it('names both tools, how to install them and the cluster alternative when PATH has neither', async () => {
    const bin = makeTempDir('bin');

    const error = await failure(
      preflight({ env: { PATH: bin }, jvmDirs: emptyJvmDirs() }),
    );

    expect(error.missing).toEqual(['java', 'mvn']);
    expect(error.message).toContain(
      'Cannot run a local Cassandra node: Java 17 and Maven were not found.',
    );
    expect(error.message).toContain('found no Java at all.');
    expect(error.message).toContain(`\`mvn\` is not on PATH (${bin})`);
    expect(error.message).toContain(
      'Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless maven',
    );
    expect(error.message).toContain('brew install openjdk@17 maven');
    expect(error.message).toContain('https://adoptium.net');
    expect(error.message).toContain(
      'CASSANDRA_CONTACT_POINTS=host1:9042,host2:9042',
    );
    expect(error.message).toContain('CASSANDRA_LOCAL_DC=');
    expect(error.message).toContain('CASSANDRA_USERNAME=');
    expect(error.message).toContain('CASSANDRA_PASSWORD=');
  });

  it('asks only for Maven when Java 17 is on PATH', async () => {
    const bin = makeTempDir('bin');
    writeFakeJava(bin, '17.0.15');

    const error = await failure(
      preflight({ env: { PATH: bin }, jvmDirs: emptyJvmDirs() }),
    );

    expect(error.missing).toEqual(['mvn']);
    expect(error.message).toContain('Maven was not found.');
    expect(error.message).toContain('sudo apt-get install maven\n');
    expect(error.message).not.toContain('openjdk');
  });

  it('refuses Java 11 and says where it found it', async () => {
    const bin = makeTempDir('bin');
    const java = writeFakeJava(bin, '11.0.22');
    writeFakeMaven(bin);

    const error = await failure(
      preflight({ env: { PATH: bin }, jvmDirs: emptyJvmDirs() }),
    );

    expect(error.missing).toEqual(['java']);
    expect(error.message).toContain('Java 17 was not found.');
    expect(error.message).toContain(
      'Cassandra 5.0 is run here on Java 17 only.',
    );
    expect(error.message).toContain(`Java 11.0.22 at ${java} (from PATH)`);
    expect(error.message).toContain(
      'sudo apt-get install openjdk-17-jre-headless\n',
    );
    expect(error.message).toContain('set JAVA_HOME to Java 17');
  });

  it('reads the old 1.x version style of Java 8', async () => {
    const bin = makeTempDir('bin');
    writeFakeJava(bin, '1.8.0_392');
    writeFakeMaven(bin);

    const error = await failure(
      preflight({ env: { PATH: bin }, jvmDirs: emptyJvmDirs() }),
    );

    expect(error.message).toContain('Java 1.8.0_392 at');
  });

  it('explains a java that prints no version', async () => {
    const bin = makeTempDir('bin');
    writeScript(bin, 'java', 'echo "segmentation fault" >&2; exit 139');

    const error = await failure(
      preflight({
        env: { PATH: bin },
        jvmDirs: emptyJvmDirs(),
        needMaven: false,
      }),
    );

    expect(error.message).toContain(
      '`java -version` printed no version: "segmentation fault"',
    );
  });

  it('says when JAVA_HOME holds no java', async () => {
    const javaHome = makeTempDir('jdk');

    const error = await failure(
      preflight({
        env: { JAVA_HOME: javaHome, PATH: makeTempDir('bin') },
        jvmDirs: emptyJvmDirs(),
        needMaven: false,
      }),
    );

    expect(error.message).toContain(`JAVA_HOME (${javaHome})`);
    expect(error.message).toContain(
      `${javaHome}/bin/java (from JAVA_HOME): not an executable file`,
    );
  });

  it('prefers JAVA_HOME to PATH', async () => {
    const javaHome = makeTempDir('jdk');
    const java = writeFakeJava(path.join(javaHome, 'bin'), '17.0.9');
    const bin = makeTempDir('bin');
    writeFakeJava(bin, '17.0.15');

    const tools = await preflight({
      env: { JAVA_HOME: javaHome, PATH: bin },
      jvmDirs: emptyJvmDirs(),
      needMaven: false,
    });

    expect(tools).toEqual({
      javaPath: java,
      javaHome: fs.realpathSync(javaHome),
      javaVersion: '17.0.9',
    });
  });

  it('falls back to a Java 17 under the JVM folder when PATH has Java 11', async () => {
    const bin = makeTempDir('bin');
    writeFakeJava(bin, '11.0.22');
    const mvn = writeFakeMaven(bin);
    const jvmDir = makeTempDir('jvm');
    writeFakeJava(path.join(jvmDir, 'temurin-21-jdk', 'bin'), '21.0.2');
    const java17 = writeFakeJava(
      path.join(jvmDir, 'java-17-openjdk-amd64', 'bin'),
      '17.0.15',
    );

    const tools = await preflight({ env: { PATH: bin }, jvmDirs: [jvmDir] });

    expect(tools).toEqual({
      javaPath: java17,
      javaHome: fs.realpathSync(path.join(jvmDir, 'java-17-openjdk-amd64')),
      javaVersion: '17.0.15',
      mvnPath: mvn,
    });
  });

  it('does not look for Maven when the jars are already fetched', async () => {
    const bin = makeTempDir('bin');
    writeFakeJava(bin, '17.0.15');

    const tools = await preflight({
      env: { PATH: bin },
      jvmDirs: emptyJvmDirs(),
      needMaven: false,
    });

    expect(tools.mvnPath).toBeUndefined();
  });
});
