import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Item } from '@cassette/client';

import { stopProcess } from '../scripts/lib/services';
import { finished, runCli, spawnCli, type CliOptions } from './support/cli';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let scratch: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  scratch = mkdtempSync(path.join(tmpdir(), 'cassette-cli-'));
  const token = await stack.createKey({
    tenant: 'cli',
    scopes: ['items:read', 'items:write'],
    name: 'cli test',
  });
  env = { CASSETTE_URL: stack.gatewayUrl, CASSETTE_TOKEN: token };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function cli(args: string[], options: CliOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

let collections = 0;
function newCollection(): string {
  collections += 1;
  return `cli-${collections}-${randomBytes(3).toString('hex')}`;
}

async function listJson(collection: string): Promise<Item[]> {
  const run = await cli(['list', '-c', collection, '--all', '--json']);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Item[];
}

function writeScratch(name: string, content: string | Buffer): string {
  const filePath = path.join(scratch, name);
  mkdirSync(path.dirname(filePath), { recursive: true });
  writeFileSync(filePath, content);
  return filePath;
}

describe('cassette upload', () => {
  it('stores text given as an argument, with its collection, tags, metadata and key', async () => {
    const collection = newCollection();
    const args = [
      'upload',
      'Hello "there" SELECT * FROM items; 👋',
      ...['--collection', collection, '--tag', 'a', '--tag', 'b'],
      ...['--meta', 'lang=en', '--idempotency-key', `k-${collection}`],
    ];

    const first = await cli([...args, '--json']);
    const again = await cli(args);

    expect(first.status).toBe(0);
    const stored = JSON.parse(first.stdout) as { created: boolean; item: Item };
    expect(stored.created).toBe(true);
    expect(stored.item).toMatchObject({
      collection,
      content: 'Hello "there" SELECT * FROM items; 👋',
      tags: ['a', 'b'],
      metadata: [{ key: 'lang', value: 'en' }],
    });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`^Already stored ${stored.item.id} in ${collection}`),
    );
    expect(await listJson(collection)).toHaveLength(1);
  });

  it('stores a file byte for byte, with its name and a type from its extension', async () => {
    const collection = newCollection();
    const text = '\uFEFF# Title\r\n\nnaïve café — 日本語 🎉\n\t"quoted"\n';
    const file = writeScratch('upload/notes.md', text);

    const upload = await cli([
      'upload',
      '--file',
      file,
      '-c',
      collection,
      '--json',
    ]);
    const { item } = JSON.parse(upload.stdout) as { item: Item };
    const content = await cli(['get', item.id, '--content']);

    expect(upload.status).toBe(0);
    expect(item.contentType).toBe('text/markdown; charset=utf-8');
    expect(item.metadata).toEqual([{ key: 'filename', value: 'notes.md' }]);
    expect(Buffer.from(content.stdout, 'utf8')).toEqual(
      Buffer.from(text, 'utf8'),
    );
  });

  it('stores standard input when the text is "-"', async () => {
    const collection = newCollection();

    const run = await cli(['upload', '-', '-c', collection], {
      input: 'from a pipe\nline two\n',
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Stored [0-9a-f-]{36} in /);
    const [item] = await listJson(collection);
    expect(item?.content).toBe('from a pipe\nline two\n');
  });

  it('refuses a file that is not UTF-8 with exit code 1 and stores nothing', async () => {
    const collection = newCollection();
    const file = writeScratch(
      'upload/image.bin',
      Buffer.from([0x89, 0xff, 0x00]),
    );

    const run = await cli(['upload', '-f', file, '-c', collection]);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not UTF-8 text');
    expect(await listJson(collection)).toEqual([]);
  });

  it.each([
    [['upload'], 'upload needs something to store'],
    [['upload', 'a', 'b'], 'upload takes one text argument'],
    [['upload', 'text', '--file', 'x.md'], 'not more than one'],
    [['upload', 'x', '--meta', 'novalue'], '--meta takes key=value'],
    [['list', '--limit', 'many'], '--limit must be a whole number'],
    [['list', '--colour'], "Unknown option '--colour'"],
    [['get'], 'get takes <id>, got nothing'],
    [['frobnicate'], 'Unknown command "frobnicate"'],
  ])('exits 2 on %j, saying what is wrong', async (args, message) => {
    const run = await cli(args);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/Run cassette (\w+ )?--help for usage/);
  });

  it("exits 1 with the gateway's code and field on bad input", async () => {
    const run = await cli(['upload', 'x', '--collection', 'not allowed!']);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^BAD_USER_INPUT: input\.collection must be/);
    expect(run.stderr).toMatch(/\(request [0-9a-f-]{36}\)/);
  });

  it('exits 5 when the token is refused', async () => {
    const run = await cli(['list'], { env: { CASSETTE_TOKEN: 'cas_nope' } });

    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/^UNAUTHENTICATED: /);
  });
});

describe('cassette list, get and delete', () => {
  let collection: string;
  let ids: string[];

  beforeAll(async () => {
    collection = newCollection();
    ids = [];
    for (const text of ['first item', 'second item', 'third\nitem 👋']) {
      const run = await cli([
        'upload',
        text,
        '-c',
        collection,
        '-t',
        'x',
        '--json',
      ]);
      ids.push((JSON.parse(run.stdout) as { item: Item }).item.id);
    }
  });

  it('lists newest first as a table with a one-line preview', async () => {
    const run = await cli(['list', '-c', collection]);
    const lines = run.stdout.trimEnd().split('\n');

    expect(run.status).toBe(0);
    expect(lines[0]).toMatch(/^ID\s+CREATED\s+SIZE\s+TAGS\s+CONTENT$/);
    expect(lines.slice(1).map((line) => line.slice(0, 36))).toEqual(
      [...ids].reverse(),
    );
    expect(lines[1]).toMatch(/\bx\s+third item 👋$/);
    expect(run.stderr).toBe('');
  });

  it('stops at --limit and says on standard error that more remain', async () => {
    const run = await cli(['list', '-c', collection, '--limit', '2']);

    expect(run.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(run.stderr).toContain('More items remain');
  });

  it('lists whole items as JSON, newest first', async () => {
    const items = await listJson(collection);

    expect(items.map((item) => item.id)).toEqual([...ids].reverse());
    expect(items[0]).toMatchObject({
      content: 'third\nitem 👋',
      tags: ['x'],
      size: Buffer.byteLength('third\nitem 👋'),
    });
  });

  it('shows one item as fields and content, or as JSON', async () => {
    const human = await cli(['get', ids[0]!]);
    const asJson = await cli(['get', ids[0]!, '--json']);

    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^id\\s+${ids[0]}$`, 'm'));
    expect(human.stdout).toMatch(/^collection\s+cli-/m);
    expect(human.stdout.endsWith('\n\nfirst item\n')).toBe(true);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      id: ids[0],
      content: 'first item',
    });
  });

  it('exits 4 for an id that does not exist, and 1 for a malformed one', async () => {
    const missing = await cli(['get', '00000000-0000-1000-8000-000000000000']);
    const malformed = await cli(['get', 'nope']);

    expect(missing.status).toBe(4);
    expect(missing.stderr).toContain('No item has the id');
    expect(missing.stdout).toBe('');
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toMatch(/^BAD_USER_INPUT: id must be/);
  });

  it('deletes an item once, then exits 4', async () => {
    const first = await cli(['delete', ids[1]!]);
    const second = await cli(['delete', ids[1]!, '--json']);

    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`Deleted ${ids[1]}.\n`);
    expect(second.status).toBe(4);
    expect(JSON.parse(second.stdout)).toEqual({ id: ids[1], deleted: false });
    expect((await listJson(collection)).map((item) => item.id)).not.toContain(
      ids[1],
    );
  });
});

describe('cassette import', () => {
  const FILES = 200;
  let folder: string;

  beforeAll(() => {
    folder = path.join(scratch, 'import');
    for (let i = 0; i < FILES; i += 1) {
      const name = `${i % 4 === 0 ? 'nested/' : ''}note-${String(i).padStart(3, '0')}.md`;
      writeScratch(
        `import/${name}`,
        `# Note ${i}\n\n${randomBytes(600).toString('base64')}\n`,
      );
    }
    writeScratch('import/.hidden/skip.txt', 'hidden files are skipped');
  });

  /** Starts an import and resolves once it has reported `files` files. */
  async function interruptAfter(
    args: string[],
    files: number,
    signal: NodeJS.Signals,
  ) {
    const child = spawnCli(
      ['import', folder, '--concurrency', '1', '--verbose', ...args],
      {
        env,
      },
    );
    const run = finished(child);
    await new Promise<void>((resolve) => {
      let lines = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        lines += chunk
          .toString()
          .split('\n')
          .filter((l) => /^\[\d+\/200\]/.test(l)).length;
        if (lines >= files) resolve();
      });
      void run.then(() => resolve());
    });
    child.kill(signal);
    return run;
  }

  it('imports a folder of 200 files, and a re-run after a crash stores nothing twice', async () => {
    const collection = newCollection();

    const killed = await interruptAfter(['-c', collection], 40, 'SIGKILL');
    const storedBefore = (await listJson(collection)).length;
    const resumed = await cli(['import', folder, '-c', collection, '--json']);
    const items = await listJson(collection);

    expect(killed.signal).toBe('SIGKILL');
    expect(storedBefore).toBeGreaterThanOrEqual(40);
    expect(storedBefore).toBeLessThan(FILES);

    expect(resumed.status).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary).toMatchObject({
      files: FILES,
      stored: FILES - storedBefore,
      alreadyStored: storedBefore,
      failed: 0,
      notAttempted: 0,
      stoppedBy: null,
    });

    expect(items).toHaveLength(FILES);
    const paths = items.map(
      (item) => item.metadata.find(({ key }) => key === 'path')?.value,
    );
    expect(new Set(paths).size).toBe(FILES);
    expect(paths).toContain('nested/note-000.md');
    expect(paths).not.toContain('.hidden/skip.txt');
    const note7 = items.find((item) => item.content.startsWith('# Note 7\n'));
    expect(note7?.contentType).toBe('text/markdown; charset=utf-8');
  });

  it('on Ctrl-C finishes the upload in flight, says how to resume and exits 130', async () => {
    const collection = newCollection();

    const run = await interruptAfter(['-c', collection], 5, 'SIGINT');
    const stored = await listJson(collection);

    expect(run.status).toBe(130);
    expect(run.stdout).toContain('Interrupted: run the same command again');
    const [, done] = /^Imported (\d+) of 200 files/.exec(run.stdout) ?? [];
    expect(stored).toHaveLength(Number(done));
  });

  it('reports the files it could not store, stores the rest and exits 1', async () => {
    const collection = newCollection();
    const mixed = path.join(scratch, 'mixed');
    writeScratch('mixed/good.txt', 'fine');
    writeScratch('mixed/binary.dat', Buffer.from([0xfe, 0xff, 0xfd]));
    writeScratch('mixed/huge.txt', 'x'.repeat(1_048_577));

    const run = await cli(['import', mixed, '-c', collection]);

    expect(run.status).toBe(1);
    expect(run.stdout).toContain('1 stored, 0 already stored, 2 failed');
    expect(run.stdout).toMatch(
      /binary\.dat\s+UNREADABLE\s+binary\.dat is not UTF-8/,
    );
    expect(run.stdout).toMatch(/huge\.txt\s+BAD_USER_INPUT\s+input\.content/);
    expect((await listJson(collection)).map((item) => item.content)).toEqual([
      'fine',
    ]);
  });
});

describe('cassette keys', () => {
  it('creates a key the other commands can use, limited to its scopes', async () => {
    const keysEnv = { CASSANDRA_KEYSPACE: stack.keyspace };
    const created = await cli(
      ['keys', 'create', '--tenant', 'cli-reader', '--scopes', 'items:read'],
      { env: keysEnv },
    );
    const token = created.stdout.trim();

    const list = await cli(['list'], { env: { CASSETTE_TOKEN: token } });
    const upload = await cli(['upload', 'x'], {
      env: { CASSETTE_TOKEN: token },
    });

    expect(created.status).toBe(0);
    expect(token).toMatch(/^cas_[0-9a-f]{16}_/);
    expect(list.status).toBe(0);
    expect(upload.status).toBe(5);
    expect(upload.stderr).toMatch(/^FORBIDDEN: /);
  });

  it('shows its own help under the cassette name', async () => {
    const run = await cli(['keys', '--help']);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('cassette keys create --tenant <tenant>');
  });
});

// Last: it stops the stack's gateway.
describe('with the gateway stopped', () => {
  beforeAll(async () => {
    await stopProcess(stack.services.gateway!.process);
  });

  it('exits 3 and says the gateway could not be reached', async () => {
    const run = await cli(['list']);

    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /^NETWORK_ERROR: Could not reach the gateway at /,
    );
  });

  it('stops an import at the first file it cannot send, and exits 3', async () => {
    const run = await cli([
      'import',
      path.join(scratch, 'import'),
      '--retries',
      '0',
    ]);

    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(
      /0 stored, 0 already stored, \d failed, \d+ not attempted/,
    );
    expect(run.stdout).toContain('Stopped after NETWORK_ERROR');
  });
});
