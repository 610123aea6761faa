import type { Command } from '../command';
import type { ExitCode } from '../exit-codes';

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
    // Loaded on demand: only this command needs the database driver.
    const { runKeysCommand } =
      await import('../../../../scripts/lib/keys-command.js');
    return (await runKeysCommand(argv, 'cassette keys')) as ExitCode;
  },
};
