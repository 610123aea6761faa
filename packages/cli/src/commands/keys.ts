import type { Command } from '../command';
import type { runKeysCommand } from '../../../../scripts/lib/keys-command';
import type { ExitCode } from '../exit-codes';

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
    // Required on demand: only this command needs the database driver, and
    // the tsx hook the launcher registers serves require(), not import().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runKeysCommand } = require(KEYS_MODULE) as KeysModule;
    return (await runKeysCommand(argv, 'cassette keys')) as ExitCode;
  },
};
