/**
 * `npm run keys`: creates, lists and revokes the API keys the gateway
 * accepts. Run with `--help` for the commands.
 */
import { reportFatal } from './lib/cassandra';
import { runKeysCommand } from './lib/keys-command';

runKeysCommand(process.argv.slice(2), 'npm run keys --').then(
  (code) => process.exit(code),
  reportFatal,
);
