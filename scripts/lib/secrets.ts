import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { parseEnvFile } from './env-file';
import { REPO_ROOT } from './services';

/** Secrets `npm start` makes once per clone, kept out of git in .cassette/. */
export const LOCAL_SECRETS_PATH = path.join(REPO_ROOT, '.cassette/secrets.env');

const GENERATED = ['CURSOR_SECRET', 'SUBGRAPH_SIGNING_SECRET'] as const;

/**
 * The local secrets, created on first use with mode 0600. Values already in
 * the environment win, so a deployment's own secrets are never replaced.
 */
export function localSecrets(env = process.env): Record<string, string> {
  const stored = existsSync(LOCAL_SECRETS_PATH)
    ? parseEnvFile(readFileSync(LOCAL_SECRETS_PATH, 'utf8'))
    : {};

  let changed = false;
  for (const name of GENERATED) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString('hex');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(LOCAL_SECRETS_PATH), { recursive: true });
    const text = Object.entries(stored)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    writeFileSync(LOCAL_SECRETS_PATH, `${text}\n`, { mode: 0o600 });
    chmodSync(LOCAL_SECRETS_PATH, 0o600);
  }

  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    result[name] = env[name] ?? value;
  }
  return result;
}
