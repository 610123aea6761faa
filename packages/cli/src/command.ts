import type { ExitCode } from './exit-codes';
import type { Io } from './io';

/** One `cassette <name>` command. */
export interface Command {
  name: string;
  /** One line for `cassette --help`. */
  summary: string;
  /** The whole `cassette <name> --help` text. */
  help: string;
  run(argv: readonly string[], io: Io): Promise<ExitCode>;
}
