import { isCassetteError } from '@cassette/client';

import type { Command } from './command';
import { deleteCommand } from './commands/delete';
import { get } from './commands/get';
import { importCommand } from './commands/import';
import { keys } from './commands/keys';
import { list } from './commands/list';
import { upload } from './commands/upload';
import { ExitCode, exitCodeFor, UsageError } from './exit-codes';
import { err, out, type Io } from './io';

const COMMANDS: readonly Command[] = [
  upload,
  importCommand,
  list,
  get,
  deleteCommand,
  keys,
];

const HELP = `cassette: store text in Cassette and get it back.

Usage:
  cassette <command> [options]
  cassette <command> --help

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`).join('\n')}

Environment:
  CASSETTE_URL         the gateway's GraphQL endpoint
                       (default http://localhost:8000/graphql)
  CASSETTE_TOKEN       an API key or JWT (default: .cassette/local-key)
  CASSETTE_TIMEOUT_MS  how long one request may take (default 30000)

Exit codes: 0 done, 1 refused or failed, 2 usage, 3 gateway unreachable
or unavailable, 4 not found, 5 not allowed, 130 interrupted.`;

/** Runs one command line and resolves with the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    out(io, HELP);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === 'help') return help(rest[0], io);

  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (!command) {
      throw new UsageError(
        `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`,
      );
    }
    if (command !== keys && (rest.includes('--help') || rest.includes('-h'))) {
      out(io, command.help);
      return ExitCode.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return report(error, command, io);
  }
}

function help(name: string | undefined, io: Io): Promise<ExitCode> | ExitCode {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === keys) return keys.run(['--help'], io);
  out(io, command ? command.help : HELP);
  return ExitCode.ok;
}

function report(
  error: unknown,
  command: Command | undefined,
  io: Io,
): ExitCode {
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);

  if (code === ExitCode.interrupted) {
    err(io, 'Interrupted.');
  } else if (code === ExitCode.usage) {
    const hint = command
      ? `cassette ${command.name} --help`
      : 'cassette --help';
    err(io, `${message}\nRun ${hint} for usage.`);
  } else if (isCassetteError(error)) {
    const id = error.requestId ? ` (request ${error.requestId})` : '';
    err(io, `${error.code}: ${message}${id}`);
  } else {
    err(io, message);
  }
  return code;
}

/** Runs the process's own command line; bin/cassette.js calls it. */
export function runCli(): void {
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    // A second Ctrl-C does not wait for uploads in flight.
    process.once('SIGINT', () => process.exit(ExitCode.interrupted));
  });

  const io: Io = {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    signal: interrupt.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = interrupt.signal.aborted ? ExitCode.interrupted : code;
    },
    (error: unknown) => {
      err(
        io,
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      process.exitCode = ExitCode.failed;
    },
  );
}
