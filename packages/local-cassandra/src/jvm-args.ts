import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { LocalNodeError, LocalNodeErrorCode } from './errors';
import type { NodePaths } from './node-paths';
import type { ResolvedLocalNodeOptions } from './options';

// What Cassandra's conf/jvm17-server.options opens up for Java 17: the
// module system otherwise denies the JDK internals Cassandra reaches into.
const EXPORTS = [
  'java.base/jdk.internal.misc',
  'java.management.rmi/com.sun.jmx.remote.internal.rmi',
  'java.rmi/sun.rmi.registry',
  'java.rmi/sun.rmi.server',
  'java.sql/java.sql',
  'java.base/java.lang.ref',
  'jdk.unsupported/sun.misc',
  'jdk.compiler/com.sun.tools.javac.file',
  'jdk.attach/sun.tools.attach',
];
const OPENS = [
  'java.base/java.lang.module',
  'java.base/jdk.internal.loader',
  'java.base/jdk.internal.ref',
  'java.base/jdk.internal.reflect',
  'java.base/jdk.internal.math',
  'java.base/jdk.internal.module',
  'java.base/jdk.internal.util.jar',
  'jdk.management/com.sun.management.internal',
  'java.base/sun.nio.ch',
  'java.base/java.io',
  'java.base/java.lang.reflect',
  'jdk.compiler/com.sun.tools.javac',
  'java.base/java.lang',
  'java.base/java.util',
];

const RING_DELAY_MS = 5_000;

/** The arguments that run one node in the foreground of its own process. */
export function javaArgs(
  options: ResolvedLocalNodeOptions,
  paths: NodePaths,
  jarsDir: string,
): string[] {
  const heap = `${options.heapMb}m`;

  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    // A node out of memory is broken; exiting lets the caller see it.
    '-XX:+ExitOnOutOfMemoryError',
    // Cassandra measures object sizes with jamm, which must be an agent.
    `-javaagent:${findJar(jarsDir, 'jamm-')}`,
    '-Djdk.attach.allowAttachSelf=true',
    ...EXPORTS.flatMap((name) => ['--add-exports', `${name}=ALL-UNNAMED`]),
    ...OPENS.flatMap((name) => ['--add-opens', `${name}=ALL-UNNAMED`]),
    '-Dio.netty.tryReflectionSetAccessible=true',
    `-Dcassandra.config=${pathToFileURL(paths.yamlPath).href}`,
    `-Dlogback.configurationFile=${pathToFileURL(paths.logbackPath).href}`,
    `-Dcassandra.storagedir=${paths.dataDir}`,
    // Nothing to wait for on loopback; this saves seconds at every start.
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    // Gossip on loopback converges in a second or two; the default 30 s
    // ring delay would make each node joining a local cluster wait for it.
    `-Dcassandra.ring_delay_ms=${RING_DELAY_MS}`,
    `-Dcassandra.jmx.local.port=${options.jmxPort}`,
    // The superuser otherwise appears 10 s after CQL is up, so logins made
    // as soon as the node answers would fail.
    ...(options.passwordAuth ? ['-Dcassandra.superuser_setup_delay_ms=0'] : []),
    '-Dcassandra-foreground=yes',
    '-cp',
    `${paths.confDir}${path.delimiter}${path.join(jarsDir, '*')}`,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}

function findJar(jarsDir: string, prefix: string): string {
  const names = fs.existsSync(jarsDir) ? fs.readdirSync(jarsDir) : [];
  const jar = names.find((n) => n.startsWith(prefix) && n.endsWith('.jar'));
  if (!jar) {
    throw new LocalNodeError(
      LocalNodeErrorCode.StartFailed,
      `Expected a ${prefix}*.jar in ${jarsDir}, found ${names.length} files without one; delete that folder so the next start fetches Cassandra again.`,
    );
  }
  return path.join(jarsDir, jar);
}
