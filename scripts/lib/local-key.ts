import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
  createCassandraClient,
  type CassandraConfig,
  type Logger,
} from '@cassette/common';

import { ApiKeyStore } from '../../gateway/src/auth/api-keys';
import { REPO_ROOT } from './services';

/** Where `npm start` keeps the local development key (ignored by git). */
export const LOCAL_KEY_PATH = path.join(REPO_ROOT, '.cassette/local-key');

export const LOCAL_TENANT = 'local';

/**
 * The key scripts, tests and the playground use on this machine: the one in
 * LOCAL_KEY_PATH while it still works, else a new one for the `local`
 * tenant with both scopes. Returns the token and whether it is new.
 */
export async function ensureLocalKey(
  config: CassandraConfig,
  logger: Logger,
): Promise<{ token: string; created: boolean }> {
  const client = createCassandraClient(config, logger);
  try {
    const store = new ApiKeyStore(client, config.keyspace);
    const saved = existsSync(LOCAL_KEY_PATH)
      ? readFileSync(LOCAL_KEY_PATH, 'utf8').trim()
      : '';
    if (saved && (await store.verify(saved))) {
      return { token: saved, created: false };
    }

    const { token } = await store.create({
      tenant: LOCAL_TENANT,
      scopes: ['items:read', 'items:write'],
      name: 'local development (npm start)',
    });
    mkdirSync(path.dirname(LOCAL_KEY_PATH), { recursive: true });
    writeFileSync(LOCAL_KEY_PATH, `${token}\n`, { mode: 0o600 });
    return { token, created: true };
  } finally {
    await client.shutdown();
  }
}
