import { isCassetteError } from '@cassette/client';

/**
 * What the command's exit status means, so scripts can branch on it. Kept
 * stable: scripts depend on these numbers.
 */
export const ExitCode = {
  ok: 0,
  /** The gateway refused the request (bad input, say), or an import had failures. */
  failed: 1,
  /** The command line was wrong; nothing was sent. */
  usage: 2,
  /** The gateway could not be reached or was unavailable; retrying may help. */
  unavailable: 3,
  /** No item has the id. */
  notFound: 4,
  /** The token is missing, invalid, or lacks the scope. */
  denied: 5,
  /** Stopped by Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the command explains in one message and ends with a code. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The item a command was given by id does not exist. */
export function noItemWith(id: string): CliError {
  return new CliError(`No item has the id ${id}.`, ExitCode.notFound);
}

/** The command line was wrong: the message says how. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** The exit code for an error a request ended with. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (!isCassetteError(error)) return ExitCode.failed;
  return exitCodeForCode(error.code);
}

/** The exit code for a Cassette error code. */
export function exitCodeForCode(code: string): ExitCode {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return ExitCode.denied;
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'UNAVAILABLE':
      return ExitCode.unavailable;
    // The command's own Ctrl-C handler aborts requests in flight.
    case 'ABORTED':
      return ExitCode.interrupted;
    default:
      return ExitCode.failed;
  }
}
