import type { Command } from '../command';
import type { runKeysCommand } from '../../../../scripts/lib/keys-command';
import { CliError, ExitCode } from '../exit-codes';

const KEYS_MODULE = '../../../../scripts/lib/keys-command';
type KeysModule = { runKeysCommand: typeof runKeysCommand };

/**
 * `cassette keys …` is `npm run keys -- …`: it talks to Cassandra, not to
 * the gateway, so it runs where the database is reachable (the
 * CASSANDRA_* variables, or the local node).
 */
export const keys: Command = {
  name: 'keys',
  summary: 'create, list and revoke API keys (talks to Cassandra)',
  help: 'Run cassette keys --help for the key commands.',

  async run(argv) {
    const { runKeysCommand } = loadKeysModule();
    return (await runKeysCommand(argv, 'cassette keys')) as ExitCode;
  },
};

// Required on demand: only this command needs the database driver, and
// the tsx hook the launcher registers serves require(), not import(). The
// installed build (npm run pack:cli) leaves the module out.
function loadKeysModule(): KeysModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(KEYS_MODULE) as KeysModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') {
      throw error;
    }
    throw new CliError(
      'cassette keys talks to Cassandra with the code of a Cassette checkout, which this installed command does not carry; run npm run keys -- … (or npx cassette keys …) in the checkout instead',
      ExitCode.failed,
    );
  }
}
