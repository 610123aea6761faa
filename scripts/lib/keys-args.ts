import { parseArgs } from 'node:util';

import {
  scopesProblem,
  SCOPES,
  tenantProblem,
} from '../../gateway/src/auth/principal';

export type KeysCommand =
  | { name: 'help' }
  | {
      name: 'create';
      tenant: string;
      scopes: string[];
      expiresInMs?: number;
      label?: string;
    }
  | { name: 'list'; tenant?: string; json: boolean }
  | { name: 'revoke'; keyId: string };

/** The command line was wrong; the message says how. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The help text, with `program` as the person types it, e.g. `cassette keys`. */
export const keysHelp = (program: string) => `Manage Cassette API keys.

Usage:
  ${program} create --tenant <tenant> --scopes <scope,...>
      [--expires <30d|12h|90m>] [--name <label>]
      Creates a key and prints it on a line of its own. Only its hash is
      stored: copy it now, it cannot be shown again.
  ${program} list [--tenant <tenant>] [--json]
      Lists keys (id, tenant, scopes, name, created, expires, revoked).
  ${program} revoke <keyId>
      Revokes a key. Gateways refuse it within API_KEY_CACHE_MS
      (5 seconds by default).
  ${program} --help

Tenants are 1 to 64 of a-z, 0-9, _ and -, starting with a letter or digit.
Scopes: ${SCOPES.join(', ')}.

Cassandra is reached as by npm run migrate (CASSANDRA_CONTACT_POINTS,
CASSANDRA_KEYSPACE, ...), and pending migrations are applied first. Logs
go to stdout and are off unless LOG_LEVEL is set.

Exit codes: 0 done, 1 failed, 2 usage or configuration error.`;

const KEY_ID = /^[0-9a-f]{16}$/;
const DURATION = /^([1-9]\d{0,5})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

const OPTIONS = {
  tenant: { type: 'string' },
  scopes: { type: 'string' },
  expires: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// Which options each command takes; any other is a usage error.
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  create: ['tenant', 'scopes', 'expires', 'name'],
  list: ['tenant', 'json'],
  revoke: [],
};

/** Reads `npm run keys -- …` arguments; throws UsageError when they are wrong. */
export function parseKeysArgs(argv: readonly string[]): KeysCommand {
  const { values, positionals } = parseStrictly(argv);
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') {
    return { name: 'help' };
  }

  const allowed = ALLOWED[name];
  if (!allowed) {
    throw new UsageError(
      `Unknown command "${name}"; use create, list or revoke.`,
    );
  }
  const extra = Object.keys(values).filter((key) => !allowed.includes(key));
  if (extra.length > 0) {
    const flags = extra.map((key) => `--${key}`).join(', ');
    throw new UsageError(`${name} does not take ${flags}.`);
  }

  if (name === 'revoke') return revokeCommand(rest);
  if (rest.length > 0) {
    throw new UsageError(`${name} takes no arguments, got "${rest[0]}".`);
  }
  if (name === 'list') {
    const json = values.json ?? false;
    if (values.tenant === undefined) return { name, json };
    return { name, json, tenant: checkedTenant(values.tenant) };
  }
  return createCommand(values);
}

/** Milliseconds in `30d`, `12h` or `90m`. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) {
    throw new UsageError(
      `--expires must be a whole number of days, hours or minutes, such as 30d, 12h or 90m; got "${text}".`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function parseStrictly(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs explains itself well; only its type is wrong for us.
    throw new UsageError(error instanceof Error ? error.message : `${error}`);
  }
}

function revokeCommand(rest: readonly string[]): KeysCommand {
  const [keyId, ...extra] = rest;
  if (keyId === undefined || extra.length > 0) {
    throw new UsageError('revoke takes exactly one key id.');
  }
  if (!KEY_ID.test(keyId)) {
    throw new UsageError(
      `A key id is 16 lowercase hex digits, as in list's first column; got "${keyId}".`,
    );
  }
  return { name: 'revoke', keyId };
}

function createCommand(values: {
  tenant?: string;
  scopes?: string;
  expires?: string;
  name?: string;
}): KeysCommand {
  if (values.tenant === undefined || values.scopes === undefined) {
    throw new UsageError(
      `create needs --tenant and --scopes, as in: create --tenant acme --scopes ${SCOPES.join(',')}`,
    );
  }

  const tenant = checkedTenant(values.tenant);
  const scopes = values.scopes
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  const problem = scopesProblem(scopes);
  if (problem) throw new UsageError(`--scopes: ${problem}.`);

  return {
    name: 'create',
    tenant,
    scopes,
    ...(values.expires !== undefined
      ? { expiresInMs: parseDuration(values.expires) }
      : {}),
    ...(values.name !== undefined ? { label: values.name } : {}),
  };
}

function checkedTenant(tenant: string): string {
  const problem = tenantProblem(tenant);
  if (problem) throw new UsageError(`--tenant: ${problem}.`);
  return tenant;
}
