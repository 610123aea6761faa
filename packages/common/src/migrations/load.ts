import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Migration {
  version: number;
  name: string;
  /** sha256 of the file, so an edit after it was applied is caught. */
  checksum: string;
  statements: string[];
}

/** Where the repo keeps its CQL migrations; `CASSETTE_MIGRATIONS_DIR` overrides. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(
  __dirname,
  '../../../../schema/migrations',
);

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.cql$/;

export function migrationsDir(env = process.env): string {
  return env.CASSETTE_MIGRATIONS_DIR ?? DEFAULT_MIGRATIONS_DIR;
}

/** Reads and checks every `NNNN_name.cql` file, in version order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.cql'))
    .sort();

  const migrations = files.map((file, index) => {
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new Error(
        `Migration file names must look like 0001_create_items.cql, got "${file}" in ${dir}`,
      );
    }

    const version = Number(match[1]);
    if (version !== index + 1) {
      throw new Error(
        `Migration versions must run 1, 2, 3… without gaps; "${file}" should be number ${index + 1}`,
      );
    }

    const text = readFileSync(path.join(dir, file), 'utf8');
    return {
      version,
      name: file,
      checksum: createHash('sha256').update(text).digest('hex'),
      statements: parseStatements(text, file),
    };
  });

  if (migrations.length === 0) throw new Error(`No migrations found in ${dir}`);
  return migrations;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Splits a file into statements and insists that each one can run twice,
 * because a migration interrupted half-way is run again from its start.
 */
export function parseStatements(text: string, file: string): string[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .map(stripComment)
    .join('\n');
  const statements = withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement !== '');

  for (const statement of statements) {
    if (!isRepeatable(statement)) {
      const head = statement.split('\n')[0];
      throw new Error(
        `${file}: every statement must be safe to run twice (CREATE/ALTER … IF NOT EXISTS, DROP … IF EXISTS); this one is not: "${head}"`,
      );
    }
  }
  return statements;
}

// Drops a `--` comment unless it sits inside a string literal, which is
// the case when an odd number of quotes precede it.
function stripComment(line: string): string {
  let at = line.indexOf('--');
  while (at !== -1) {
    const quotes = line.slice(0, at).split("'").length - 1;
    if (quotes % 2 === 0) return line.slice(0, at).trimEnd();
    at = line.indexOf('--', at + 2);
  }
  return line;
}

function isRepeatable(statement: string): boolean {
  const text = statement.replace(/\s+/g, ' ').toUpperCase();
  if (/^(CREATE|ALTER TABLE \S+ ADD)\b/.test(text)) {
    return text.includes(' IF NOT EXISTS ');
  }
  if (/^(DROP|ALTER TABLE \S+ DROP)\b/.test(text)) {
    return text.includes(' IF EXISTS ');
  }
  // ALTER … WITH option changes converge to the same state when repeated.
  return /^ALTER (TABLE|KEYSPACE) \S+ WITH\b/.test(text);
}
