import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  DEFAULT_MIGRATIONS_DIR,
  latestVersion,
  loadMigrations,
  migrationsDir,
  parseStatements,
} from './load';

const CREATE_ITEMS =
  'CREATE TABLE IF NOT EXISTS items (id timeuuid PRIMARY KEY);\n';
const CREATE_TAGS =
  'CREATE TABLE IF NOT EXISTS tags (name text PRIMARY KEY);\n';

describe('parseStatements', () => {
  it('splits a file into statements without their semicolons', () => {
    const text = [
      'CREATE TABLE IF NOT EXISTS a (',
      '  id int PRIMARY KEY',
      ');',
      '',
      'CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY);   ',
      'DROP TABLE IF EXISTS c;',
    ].join('\n');

    const statements = parseStatements(text, '0001_test.cql');

    expect(statements).toEqual([
      'CREATE TABLE IF NOT EXISTS a (\n  id int PRIMARY KEY\n)',
      'CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY)',
      'DROP TABLE IF EXISTS c',
    ]);
  });

  it('keeps a last statement that has no semicolon', () => {
    const statements = parseStatements(
      'DROP TABLE IF EXISTS a;\nDROP TABLE IF EXISTS b',
      '0001_test.cql',
    );

    expect(statements).toEqual([
      'DROP TABLE IF EXISTS a',
      'DROP TABLE IF EXISTS b',
    ]);
  });

  it('drops lines that are -- comments, indented or not', () => {
    const text = [
      '-- Why this table exists.',
      'CREATE TABLE IF NOT EXISTS a (',
      '    -- the key',
      '  id int PRIMARY KEY',
      ');',
      '-- CREATE TABLE b (id int PRIMARY KEY);',
    ].join('\n');

    const statements = parseStatements(text, '0001_test.cql');

    expect(statements).toEqual([
      'CREATE TABLE IF NOT EXISTS a (\n  id int PRIMARY KEY\n)',
    ]);
  });

  it('finds nothing in a file of comments and blank lines', () => {
    expect(parseStatements('-- nothing yet\n\n  \n', '0001_test.cql')).toEqual(
      [],
    );
  });

  it('splits statements that end with a trailing comment', () => {
    const text = [
      'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY); -- first',
      'CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY);',
    ].join('\n');

    const statements = parseStatements(text, '0001_test.cql');

    expect(statements).toHaveLength(2);
  });

  it('checks a statement that follows a trailing comment', () => {
    const text = [
      'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY); -- first',
      'CREATE TABLE b (id int PRIMARY KEY);',
    ].join('\n');

    expect(() => parseStatements(text, '0001_test.cql')).toThrow(
      'every statement must be safe to run twice',
    );
  });

  it.each([
    'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY)',
    'create table if not exists a (id int primary key)',
    'CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {}',
    'CREATE INDEX IF NOT EXISTS a_by_b ON a (b)',
    'CREATE TYPE IF NOT EXISTS pair (k text, v text)',
    'DROP TABLE IF EXISTS a',
    'DROP INDEX IF EXISTS a_by_b',
    'ALTER TABLE a ADD IF NOT EXISTS tags list<text>',
    'ALTER TABLE a\n  ADD IF NOT EXISTS tags list<text>',
    'ALTER TABLE a DROP IF EXISTS tags',
    "ALTER TABLE a WITH comment = 'items by id'",
    'ALTER TABLE a WITH gc_grace_seconds = 3600',
    "ALTER KEYSPACE ks WITH replication = {'class': 'SimpleStrategy'}",
  ])('accepts the repeatable statement: %s', (statement) => {
    expect(parseStatements(`${statement};`, '0001_test.cql')).toEqual([
      statement,
    ]);
  });

  it.each([
    ['CREATE without IF NOT EXISTS', 'CREATE TABLE a (id int PRIMARY KEY)'],
    ['CREATE INDEX without IF NOT EXISTS', 'CREATE INDEX a_by_b ON a (b)'],
    ['DROP without IF EXISTS', 'DROP TABLE a'],
    [
      'ALTER TABLE … ADD without IF NOT EXISTS',
      'ALTER TABLE a ADD tags list<text>',
    ],
    ['ALTER TABLE … DROP without IF EXISTS', 'ALTER TABLE a DROP tags'],
    ['ALTER TABLE … RENAME', 'ALTER TABLE a RENAME id TO key'],
    ['a TRUNCATE', 'TRUNCATE a'],
  ])('refuses %s and names the file and statement', (_, statement) => {
    const attempt = () =>
      parseStatements(
        `CREATE TABLE IF NOT EXISTS ok (id int PRIMARY KEY);\n${statement};\n`,
        '0002_change.cql',
      );

    expect(attempt).toThrow(
      `0002_change.cql: every statement must be safe to run twice (CREATE/ALTER … IF NOT EXISTS, DROP … IF EXISTS); this one is not: "${statement}"`,
    );
  });

  it('quotes only the first line of a refused statement', () => {
    const text = 'CREATE TABLE a (\n  id int PRIMARY KEY\n);';

    expect(() => parseStatements(text, '0001_test.cql')).toThrow(
      'this one is not: "CREATE TABLE a ("',
    );
  });
});

describe('loadMigrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cassette-migrations-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), text);
    }
  }

  it('loads every file in version order with its statements', () => {
    write({
      '0002_create_tags.cql': CREATE_TAGS,
      '0001_create_items.cql': CREATE_ITEMS,
    });

    const migrations = loadMigrations(dir);

    expect(migrations).toEqual([
      {
        version: 1,
        name: '0001_create_items.cql',
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        statements: [
          'CREATE TABLE IF NOT EXISTS items (id timeuuid PRIMARY KEY)',
        ],
      },
      {
        version: 2,
        name: '0002_create_tags.cql',
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        statements: ['CREATE TABLE IF NOT EXISTS tags (name text PRIMARY KEY)'],
      },
    ]);
    expect(latestVersion(migrations)).toBe(2);
  });

  it('ignores files that are not .cql', () => {
    write({
      '0001_create_items.cql': CREATE_ITEMS,
      'README.md': '# Migrations',
      '0002_notes.txt': 'not a migration',
    });

    const migrations = loadMigrations(dir);

    expect(migrations.map((migration) => migration.name)).toEqual([
      '0001_create_items.cql',
    ]);
  });

  it.each([
    '1_create_items.cql',
    '00001_create_items.cql',
    '0001-create-items.cql',
    '0001_Create_Items.cql',
    '0001_.cql',
    'create_items.cql',
  ])('refuses the file name %s and shows the expected form', (name) => {
    write({ [name]: CREATE_ITEMS });

    expect(() => loadMigrations(dir)).toThrow(
      `Migration file names must look like 0001_create_items.cql, got "${name}" in ${dir}`,
    );
  });

  it('refuses a gap in the versions and names the file after it', () => {
    write({
      '0001_create_items.cql': CREATE_ITEMS,
      '0003_create_tags.cql': CREATE_TAGS,
    });

    expect(() => loadMigrations(dir)).toThrow(
      'Migration versions must run 1, 2, 3… without gaps; "0003_create_tags.cql" should be number 2',
    );
  });

  it('refuses versions that do not start at 1', () => {
    write({ '0002_create_tags.cql': CREATE_TAGS });

    expect(() => loadMigrations(dir)).toThrow(
      '"0002_create_tags.cql" should be number 1',
    );
  });

  it('refuses two files with the same version', () => {
    write({
      '0001_create_items.cql': CREATE_ITEMS,
      '0001_create_tags.cql': CREATE_TAGS,
    });

    expect(() => loadMigrations(dir)).toThrow(
      '"0001_create_tags.cql" should be number 2',
    );
  });

  it('refuses a folder with no migrations and names it', () => {
    write({ 'README.md': '# Migrations' });

    expect(() => loadMigrations(dir)).toThrow(`No migrations found in ${dir}`);
  });

  it('refuses a file whose statements are not repeatable and names it', () => {
    write({
      '0001_create_items.cql': 'CREATE TABLE items (id int PRIMARY KEY);',
    });

    expect(() => loadMigrations(dir)).toThrow(
      '0001_create_items.cql: every statement must be safe to run twice',
    );
  });

  it('gives the same text the same checksum wherever it is read', () => {
    write({ '0001_create_items.cql': CREATE_ITEMS });
    const other = mkdtempSync(path.join(tmpdir(), 'cassette-migrations-'));
    writeFileSync(path.join(other, '0001_create_items.cql'), CREATE_ITEMS);

    try {
      const [first] = loadMigrations(dir);
      const [again] = loadMigrations(dir);
      const [elsewhere] = loadMigrations(other);

      expect(again?.checksum).toBe(first?.checksum);
      expect(elsewhere?.checksum).toBe(first?.checksum);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('changes the checksum when the text changes, even only in a comment', () => {
    write({ '0001_create_items.cql': CREATE_ITEMS });
    const [before] = loadMigrations(dir);

    write({ '0001_create_items.cql': `-- note\n${CREATE_ITEMS}` });
    const [after] = loadMigrations(dir);

    expect(after?.statements).toEqual(before?.statements);
    expect(after?.checksum).not.toBe(before?.checksum);
  });
});

describe('the repository migrations', () => {
  it('live where DEFAULT_MIGRATIONS_DIR points', () => {
    expect(DEFAULT_MIGRATIONS_DIR).toBe(
      path.resolve(__dirname, '../../../../schema/migrations'),
    );
  });

  it('load, numbered from 1, each with repeatable statements', () => {
    const migrations = loadMigrations(DEFAULT_MIGRATIONS_DIR);

    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((migration) => migration.version)).toEqual(
      migrations.map((_, index) => index + 1),
    );
    for (const migration of migrations) {
      expect(migration.statements.length).toBeGreaterThan(0);
    }
  });

  it('create the item tables in the first migration', () => {
    const [first] = loadMigrations(DEFAULT_MIGRATIONS_DIR);

    expect(first?.name).toBe('0001_create_items.cql');
    expect(first?.statements.map((s) => s.split('(')[0]?.trim())).toEqual([
      'CREATE TABLE IF NOT EXISTS items_by_id',
      'CREATE TABLE IF NOT EXISTS items_by_bucket',
      'CREATE TABLE IF NOT EXISTS item_buckets',
    ]);
  });
});

describe('migrationsDir', () => {
  it('uses CASSETTE_MIGRATIONS_DIR when it is set', () => {
    expect(migrationsDir({ CASSETTE_MIGRATIONS_DIR: '/srv/cql' })).toBe(
      '/srv/cql',
    );
  });

  it('falls back to the repository folder', () => {
    expect(migrationsDir({})).toBe(DEFAULT_MIGRATIONS_DIR);
  });
});
