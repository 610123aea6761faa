import { parseArgs } from 'node:util';

import type { LocalNodeOptions } from './options';

export type CliCommand = 'start' | 'stop' | 'status' | 'help';

export interface CliArgs {
  command: CliCommand;
  options: LocalNodeOptions;
}

/** The command line was wrong; the message ends with the usage. */
export class CliUsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n\n${USAGE}`);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `Usage: npm run cassandra -- <start|stop|status> [options]

  start    start a local Cassandra node in the background (or reuse one)
  stop     stop the node started on --address
  status   say whether CQL answers on --address; exit code 3 when not

Options:
  --address <ip>         loopback address to listen on (default 127.0.0.1)
  --native-port <port>   CQL port (default 9042)
  --storage-port <port>  port between nodes (default 7000)
  --jmx-port <port>      JMX port, distinct per node (default 7199)
  --heap-mb <mb>         Java heap in MB (default 1024)
  --seeds <ip,ip>        seed addresses of a local cluster (default --address)
  --home-dir <dir>       jars, configuration, data and logs
                         (default <repo>/.cassette/cassandra)
  --password-auth        require a login (cassandra/cassandra)
  -h, --help             show this help`;

const COMMANDS: readonly string[] = ['start', 'stop', 'status', 'help'];

/** Reads `start|stop|status [options]`, e.g. `process.argv.slice(2)`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseOrExplain(argv);
  if (values.help) return { command: 'help', options: {} };

  const [command, ...extra] = positionals;
  if (command === undefined || !COMMANDS.includes(command)) {
    throw new CliUsageError(
      `Expected a command, one of start, stop or status; got ${command === undefined ? 'none' : `"${command}"`}.`,
    );
  }
  if (extra.length > 0) {
    throw new CliUsageError(
      `Expected one command, got also: ${extra.join(' ')}.`,
    );
  }

  // Unset flags stay undefined, and the defaults fill them in later.
  const options: LocalNodeOptions = {
    address: values.address,
    homeDir: values['home-dir'],
    seeds: values.seeds?.split(',').map((seed) => seed.trim()),
    passwordAuth: values['password-auth'],
    nativePort: wholeNumber('--native-port', values['native-port']),
    storagePort: wholeNumber('--storage-port', values['storage-port']),
    jmxPort: wholeNumber('--jmx-port', values['jmx-port']),
    heapMb: wholeNumber('--heap-mb', values['heap-mb']),
  };
  return { command: command as CliCommand, options };
}

function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        address: { type: 'string' },
        'native-port': { type: 'string' },
        'storage-port': { type: 'string' },
        'jmx-port': { type: 'string' },
        'heap-mb': { type: 'string' },
        seeds: { type: 'string' },
        'home-dir': { type: 'string' },
        'password-auth': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError(
      error instanceof Error ? error.message : String(error),
    );
  }
}

function wholeNumber(flag: string, text: string | undefined) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new CliUsageError(`${flag} must be a whole number, got "${text}".`);
  }
  return Number(text);
}
