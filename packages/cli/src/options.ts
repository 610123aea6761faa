import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { CassetteClient } from '@cassette/client';

import { UsageError } from './exit-codes';
import type { Io } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command that talks to the gateway takes. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const CONNECTION_HELP = `Connection:
  --url <url>      the gateway's GraphQL endpoint
                   (CASSETTE_URL, default ${defaultUrl()})
  --token <token>  an API key or JWT (CASSETTE_TOKEN, default: the local
                   key npm start saved in .cassette/local-key)`;

/** Where `npm start` keeps the local key, in the checkout this command runs from. */
export const LOCAL_KEY_PATH = path.resolve(
  __dirname,
  '../../../.cassette/local-key',
);

function defaultUrl() {
  return 'http://localhost:8000/graphql';
}

/** Reads a command's arguments strictly; a wrong flag is a usage error. */
export function parseCommandArgs<T extends OptionSpec>(
  argv: readonly string[],
  options: T,
) {
  try {
    return parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--x'"); only its
    // type changes, so the exit code says "usage".
    throw new UsageError(error instanceof Error ? error.message : `${error}`);
  }
}

/**
 * A whole number from a flag or variable (`label`, e.g. `--limit`), within
 * bounds, or a usage error saying why.
 */
export function intOption(
  label: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `${label} must be a whole number from ${min} to ${max}, got "${text}".`,
    );
  }
  return value;
}

/**
 * The client for the gateway, from flags, then the environment, then the
 * local development key.
 */
export function connect(
  values: { url?: string; token?: string },
  io: Io,
): CassetteClient {
  const url = values.url ?? io.env.CASSETTE_URL ?? defaultUrl();
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    throw new UsageError(
      `--url (or CASSETTE_URL) must be an http(s) URL such as ${defaultUrl()}, got "${url}".`,
    );
  }

  const token = values.token ?? (io.env.CASSETTE_TOKEN || localKey());
  const timeoutMs = intOption(
    'CASSETTE_TIMEOUT_MS',
    io.env.CASSETTE_TIMEOUT_MS,
    30_000,
    1,
    600_000,
  );
  return new CassetteClient({ url, timeoutMs, ...(token ? { token } : {}) });
}

function localKey(): string | undefined {
  if (!existsSync(LOCAL_KEY_PATH)) return undefined;
  return readFileSync(LOCAL_KEY_PATH, 'utf8').trim() || undefined;
}

/** Exactly `count` positional arguments, named in the message when not. */
export function positionals(
  given: readonly string[],
  names: readonly string[],
  command: string,
): string[] {
  if (given.length !== names.length) {
    const wanted = names.map((name) => `<${name}>`).join(' ');
    throw new UsageError(
      `${command} takes ${wanted}, got ${given.length === 0 ? 'nothing' : `"${given.join(' ')}"`}.`,
    );
  }
  return [...given];
}
