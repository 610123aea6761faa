import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { MissingTool } from './errors';
import { MissingToolError } from './errors';
import { findOnPath, isExecutableFile } from './find-executable';
import type { Env } from './options';

/** Where `preflight` looks for tools. */
export interface PreflightOptions {
  /**
   * Environment giving `JAVA_HOME` and `PATH`.
   * @default process.env
   */
  env?: Env;
  /**
   * Folders searched for a JDK whose folder name contains `17`, when
   * neither `JAVA_HOME` nor `PATH` leads to Java 17.
   * @default ['/usr/lib/jvm']
   */
  jvmDirs?: readonly string[];
  /**
   * Whether Maven must be found too; it is only needed to fetch the jars.
   * @default true
   */
  needMaven?: boolean;
}

/** The tools a local node needs, as found on this machine. */
export interface Toolchain {
  /** Absolute path of a Java 17 `java` executable. */
  javaPath: string;
  /** The Java home `javaPath` belongs to; Maven runs with it as JAVA_HOME. */
  javaHome: string;
  /** The full Java version, e.g. `17.0.15`. */
  javaVersion: string;
  /** Absolute path of `mvn`, when Maven was asked for. */
  mvnPath?: string;
}

interface JavaCandidate {
  javaPath: string;
  /** Where the candidate came from, for messages: `JAVA_HOME`, `PATH`... */
  source: string;
}

interface FoundJava extends JavaCandidate {
  version: string;
  major: number;
}

/** A candidate that printed a version, or why it could not be used. */
type InspectedJava = FoundJava | (JavaCandidate & { problem: string });

const VERSION_TIMEOUT_MS = 15_000;

/**
 * Finds Java 17 (from `JAVA_HOME`, else `java` on `PATH`, else a JDK under
 * /usr/lib/jvm) and Maven, without changing anything.
 * @throws MissingToolError naming what is missing and how to get it
 */
export async function preflight(
  options: PreflightOptions = {},
): Promise<Toolchain> {
  const env = options.env ?? process.env;
  const jvmDirs = options.jvmDirs ?? ['/usr/lib/jvm'];
  const needMaven = options.needMaven ?? true;

  // The first Java 17 wins; the others are kept to explain a failure.
  const inspected: InspectedJava[] = [];
  for (const candidate of javaCandidates(env, jvmDirs)) {
    inspected.push(await inspectJava(candidate));
    if (isJava17(inspected.at(-1))) break;
  }
  const java = inspected.find(isJava17);
  const mvnPath = needMaven ? findOnPath('mvn', env) : undefined;

  if (java && (mvnPath || !needMaven)) {
    return {
      javaPath: java.javaPath,
      javaHome: path.dirname(path.dirname(fs.realpathSync(java.javaPath))),
      javaVersion: java.version,
      ...(mvnPath ? { mvnPath } : {}),
    };
  }

  const missing: MissingTool[] = [];
  if (!java) missing.push('java');
  if (needMaven && !mvnPath) missing.push('mvn');
  throw new MissingToolError(
    missing,
    describeMissing(missing, inspected, env, jvmDirs),
  );
}

function isJava17(java: InspectedJava | undefined): java is FoundJava {
  return java !== undefined && 'major' in java && java.major === 17;
}

function javaCandidates(env: Env, jvmDirs: readonly string[]) {
  const candidates: JavaCandidate[] = [];
  if (env.JAVA_HOME) {
    const javaPath = path.join(env.JAVA_HOME, 'bin', 'java');
    candidates.push({ javaPath, source: 'JAVA_HOME' });
  }

  const onPath = findOnPath('java', env);
  if (onPath) candidates.push({ javaPath: onPath, source: 'PATH' });

  for (const dir of jvmDirs) {
    for (const entry of listFolder(dir).filter((e) => e.includes('17'))) {
      const javaPath = path.join(dir, entry, 'bin', 'java');
      if (isExecutableFile(javaPath)) {
        candidates.push({ javaPath, source: dir });
      }
    }
  }
  return dedupeByRealPath(candidates);
}

async function inspectJava(candidate: JavaCandidate): Promise<InspectedJava> {
  if (!isExecutableFile(candidate.javaPath)) {
    return { ...candidate, problem: 'not an executable file' };
  }

  const output = await runForOutput(candidate.javaPath, ['-version']);
  const version = /version "([^"]+)"/.exec(output)?.[1];
  if (!version) {
    const firstLine = output.trim().split('\n')[0] ?? '';
    return {
      ...candidate,
      problem: `\`java -version\` printed no version: ${JSON.stringify(firstLine)}`,
    };
  }
  return { ...candidate, version, major: javaMajor(version) };
}

/** Java 8 and older report `1.8.0_392`; newer ones `17.0.15`. */
function javaMajor(version: string): number {
  const [first, second] = version.split(/[.+_-]/);
  return Number(first === '1' ? second : first);
}

function runForOutput(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: VERSION_TIMEOUT_MS },
      (error, stdout, stderr) => {
        // `java -version` writes to stderr; a failure still explains itself.
        resolve(`${stdout}${stderr}` || String(error?.message ?? ''));
      },
    );
  });
}

function describeMissing(
  missing: readonly MissingTool[],
  inspected: readonly InspectedJava[],
  env: Env,
  jvmDirs: readonly string[],
): string {
  const names = missing.map((tool) => (tool === 'java' ? 'Java 17' : 'Maven'));
  const lines = [
    `Cannot run a local Cassandra node: ${names.join(' and ')} ${missing.length > 1 ? 'were' : 'was'} not found.`,
  ];

  if (missing.includes('java')) {
    const searched = [
      `JAVA_HOME (${env.JAVA_HOME ? env.JAVA_HOME : 'not set'})`,
      '`java` on PATH',
      ...jvmDirs.map((dir) => `${dir}/*17*`),
    ];
    lines.push(
      `  - Java 17: Cassandra 5.0 is run here on Java 17 only. Searched ${searched.join(', ')}; ${describeFound(inspected)}`,
    );
  }
  if (missing.includes('mvn')) {
    lines.push(
      `  - Maven: \`mvn\` is not on PATH (${env.PATH || 'empty'}); it fetches Cassandra's jars from Maven Central once.`,
    );
  }

  return [...lines, '', ...installHelp(missing), '', ...clusterHelp()].join(
    '\n',
  );
}

function describeFound(inspected: readonly InspectedJava[]): string {
  if (inspected.length === 0) return 'found no Java at all.';

  const found = inspected.map((java) =>
    'version' in java
      ? `Java ${java.version} at ${java.javaPath} (from ${java.source})`
      : `${java.javaPath} (from ${java.source}): ${java.problem}`,
  );
  return `found instead:\n${found.map((f) => `      ${f}`).join('\n')}`;
}

function installHelp(missing: readonly MissingTool[]): string[] {
  const apt = missing.map((tool) =>
    tool === 'java' ? 'openjdk-17-jre-headless' : 'maven',
  );
  const brew = missing.map((tool) =>
    tool === 'java' ? 'openjdk@17' : 'maven',
  );
  const elsewhere = missing.map((tool) =>
    tool === 'java'
      ? 'Java 17 from https://adoptium.net/temurin/releases/?version=17'
      : 'Maven from https://maven.apache.org/download.cgi',
  );

  return [
    'Install:',
    `  Debian/Ubuntu: sudo apt-get install ${apt.join(' ')}`,
    `  macOS:         brew install ${brew.join(' ')}`,
    `  elsewhere:     ${elsewhere.join(', and ')}`,
    ...(missing.includes('java')
      ? ['  If another Java comes first on PATH, set JAVA_HOME to Java 17.']
      : []),
  ];
}

function clusterHelp(): string[] {
  return [
    'Or point Cassette at an existing Cassandra cluster instead:',
    '  CASSANDRA_CONTACT_POINTS=host1:9042,host2:9042',
    '  CASSANDRA_LOCAL_DC=<its datacenter, e.g. datacenter1>',
    '  CASSANDRA_USERNAME=... CASSANDRA_PASSWORD=... (if it requires a login)',
  ];
}

function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function dedupeByRealPath(candidates: JavaCandidate[]): JavaCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = realPathOrSelf(candidate.javaPath);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function realPathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
