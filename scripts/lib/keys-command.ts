/**
 * Creates, lists and revokes the API keys the gateway accepts: the body of
 * `npm run keys` and of `cassette keys`.
 */
import {
  createCassandraClient,
  createLogger,
  EnvReader,
  LOG_LEVELS,
  migrate,
  type CassandraConfig,
  type Logger,
} from '@cassette/common';

import {
  ApiKeyStore,
  InvalidApiKeyInput,
} from '../../gateway/src/auth/api-keys';
import { ensureCassandra } from './cassandra';
import {
  keysHelp,
  parseKeysArgs,
  UsageError,
  type KeysCommand,
} from './keys-args';
import { formatKeyJson, formatKeyTable } from './keys-table';

const USAGE_EXIT = 2;

/**
 * Runs one keys command and resolves with its exit code: 0 done, 1 failed,
 * 2 usage error. `program` is how the person typed the command, for help
 * and hints, e.g. `npm run keys --` or `cassette keys`.
 */
export async function runKeysCommand(
  argv: readonly string[],
  program: string,
): Promise<number> {
  try {
    return await keys(argv, program);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidApiKeyInput) {
      console.error(`${error.message}\nRun ${program} --help for usage.`);
      return USAGE_EXIT;
    }
    throw error;
  }
}

async function keys(argv: readonly string[], program: string): Promise<number> {
  const command = parseKeysArgs(argv);
  if (command.name === 'help') {
    console.log(keysHelp(program));
    return 0;
  }

  const { config, node } = await ensureCassandra();
  const logger = quietLogger();
  try {
    // Idempotent, so the command also works on a fresh keyspace.
    await migrate({ config, logger });
    return await withStore(config, logger, (store) =>
      run(command, store, program),
    );
  } finally {
    await node?.stop();
  }
}

async function run(
  command: Exclude<KeysCommand, { name: 'help' }>,
  store: ApiKeyStore,
  program: string,
): Promise<number> {
  switch (command.name) {
    case 'create':
      return create(command, store);
    case 'list':
      return list(command, store);
    case 'revoke':
      return revoke(command.keyId, store, program);
  }
}

async function create(
  command: Extract<KeysCommand, { name: 'create' }>,
  store: ApiKeyStore,
): Promise<number> {
  const { tenant, scopes, expiresInMs, label } = command;
  const expiresAt =
    expiresInMs === undefined ? undefined : new Date(Date.now() + expiresInMs);

  const { keyId, token } = await store.create({
    tenant,
    scopes,
    ...(expiresAt ? { expiresAt } : {}),
    ...(label !== undefined ? { name: label } : {}),
  });

  // The key alone on stdout, so `$(npm run -s keys -- create …)` captures it.
  console.log(token);
  const until = expiresAt
    ? `until ${expiresAt.toISOString()}`
    : 'until revoked';
  console.error(
    `\nCreated key ${keyId} for tenant ${tenant} (${scopes.join(', ')}), valid ${until}.`,
  );
  console.error(
    'This is the only time the key is shown: only its hash is stored. Copy it now.',
  );
  return 0;
}

async function list(
  command: Extract<KeysCommand, { name: 'list' }>,
  store: ApiKeyStore,
): Promise<number> {
  const keys = await store.list(command.tenant);

  if (command.json) {
    console.log(formatKeyJson(keys));
  } else if (keys.length === 0) {
    const whose = command.tenant ? ` for tenant ${command.tenant}` : '';
    console.log(`No API keys${whose}.`);
  } else {
    console.log(formatKeyTable(keys));
  }
  return 0;
}

async function revoke(
  keyId: string,
  store: ApiKeyStore,
  program: string,
): Promise<number> {
  if (!(await store.revoke(keyId))) {
    console.error(`No API key has the id ${keyId}; see ${program} list.`);
    return 1;
  }

  console.log(
    `Revoked ${keyId}. Gateways refuse it within API_KEY_CACHE_MS (5 seconds by default).`,
  );
  return 0;
}

async function withStore<T>(
  config: CassandraConfig,
  logger: Logger,
  use: (store: ApiKeyStore) => Promise<T>,
): Promise<T> {
  const client = createCassandraClient(config, logger);
  try {
    return await use(new ApiKeyStore(client, config.keyspace));
  } finally {
    await client.shutdown();
  }
}

// The logger writes to stdout, which carries the key and the listing, so
// it stays silent unless LOG_LEVEL asks otherwise.
function quietLogger(): Logger {
  const reader = new EnvReader();
  const level = reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'silent');
  reader.done();
  return createLogger('keys', { level, format: 'json' });
}
