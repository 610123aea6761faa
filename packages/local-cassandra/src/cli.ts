// Command line for the local node: `npm run cassandra -- start|stop|status`.
import { CliUsageError, parseCliArgs, USAGE } from './cli-args';
import {
  getLocalNodeStatus,
  startLocalNode,
  stopLocalNode,
} from './local-node';
import type { LocalNodeOptions } from './options';

// What `status` exits with when nothing answers, as LSB init scripts do.
const EXIT_NOT_RUNNING = 3;
const EXIT_USAGE = 2;

async function main(argv: readonly string[]): Promise<number> {
  const { command, options } = parseCliArgs(argv);

  switch (command) {
    case 'help':
      console.log(USAGE);
      return 0;
    case 'start':
      return start(options);
    case 'stop':
      await stopLocalNode(options);
      return 0;
    case 'status':
      return status(options);
  }
}

async function start(options: LocalNodeOptions): Promise<number> {
  // The JVM runs in its own process group, so Ctrl-C reaches only us.
  process.once('SIGINT', () => {
    console.error(
      `\ninterrupted; a node may still be starting in the background. Stop it with: npm run cassandra -- stop${nodeFlags(options)}`,
    );
    process.exit(130);
  });

  const node = await startLocalNode(options);
  const where = `${node.address}:${node.nativePort}`;
  const stopHint = `Stop it with: npm run cassandra -- stop${nodeFlags(options)}`;
  if (node.startedByUs) {
    console.log(
      `Cassandra runs in the background on ${where} (pid ${node.pid}). ${stopHint}`,
    );
  } else if (node.pid !== undefined) {
    console.log(
      `Cassandra was already running on ${where} (pid ${node.pid}). ${stopHint}`,
    );
  } else {
    console.log(
      `Cassandra was already running on ${where}, started outside Cassette; stop it where it was started.`,
    );
  }
  return 0;
}

async function status(options: LocalNodeOptions): Promise<number> {
  const node = await getLocalNodeStatus(options);
  const where = `${node.address}:${node.nativePort}`;

  if (node.answering) {
    const origin =
      node.pid === undefined
        ? `not started by Cassette: no pid file at ${node.pidPath}`
        : `pid ${node.pid}`;
    console.log(`Cassandra answers CQL on ${where} (${origin})`);
    return 0;
  }

  console.log(
    node.pid === undefined
      ? `No Cassandra answers CQL on ${where}. Start one with: npm run cassandra -- start${nodeFlags(options)}`
      : `Cassandra (pid ${node.pid}) runs but does not answer CQL on ${where} yet; it may still be starting. Logs: ${node.logsDir}`,
  );
  return EXIT_NOT_RUNNING;
}

/** The flags that pick the same node again in a suggested command. */
function nodeFlags(options: LocalNodeOptions): string {
  const flags = [
    ...(options.address ? [`--address ${options.address}`] : []),
    ...(options.homeDir ? [`--home-dir ${options.homeDir}`] : []),
  ];
  return flags.map((flag) => ` ${flag}`).join('');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A person reads this: the message explains, a stack would bury it.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof CliUsageError ? EXIT_USAGE : 1;
  },
);
