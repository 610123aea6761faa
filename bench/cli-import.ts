/**
 * `npm run bench:cli`: what the `cassette` command costs through the real
 * stack. It times the command's start (`--help`, no request), a first-page
 * `list`, and `import` of a folder of 200 files at several concurrencies,
 * then the same import again, when every file is already stored. The
 * start and the list are timed again with the installed package (one
 * bundled file, no tsx), as `npm run pack:cli` builds it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ensureCassandra, reportFatal } from '../scripts/lib/cassandra';
import { runCli } from '../tests/support/cli';
import { installCliPackage } from '../tests/support/packages';
import { startStack } from '../tests/support/stack';

const FILES = 200;
const FILE_BYTES = 4_000;
const STARTS = 10;
const IMPORT_ROUNDS = 3;
const CONCURRENCIES = [1, 4, 8];

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  const { node } = await ensureCassandra();
  const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
  const folder = writeFolder();
  const installFolder = mkdtempSync(path.join(tmpdir(), 'cassette-bench-pkg-'));
  try {
    const token = await stack.createKey({
      tenant: 'bench-cli',
      scopes: ['items:read', 'items:write'],
      name: 'cli bench',
    });
    const env = { CASSETTE_URL: stack.gatewayUrl, CASSETTE_TOKEN: token };
    const installed = path.join(
      await installCliPackage(installFolder),
      'bin',
      'cassette',
    );
    const timed = async (args: string[], bin?: string) => {
      const started = performance.now();
      const run = await runCli(args, { env, ...(bin ? { bin } : {}) });
      if (run.status !== 0) throw new Error(`${args[0]} failed: ${run.stderr}`);
      return performance.now() - started;
    };

    const rows: string[][] = [];
    const help = await repeat(STARTS, () => timed(['--help']));
    rows.push(['cassette --help (start only)', ms(median(help))]);
    const list = await repeat(STARTS, () => timed(['list', '--limit', '20']));
    rows.push(['cassette list --limit 20', ms(median(list))]);
    const helpInstalled = await repeat(STARTS, () =>
      timed(['--help'], installed),
    );
    rows.push(['installed: cassette --help', ms(median(helpInstalled))]);
    const listInstalled = await repeat(STARTS, () =>
      timed(['list', '--limit', '20'], installed),
    );
    rows.push([
      'installed: cassette list --limit 20',
      ms(median(listInstalled)),
    ]);

    for (const concurrency of CONCURRENCIES) {
      const seconds = await repeat(IMPORT_ROUNDS, async () => {
        const collection = `bench-${randomBytes(4).toString('hex')}`;
        const args = ['import', folder, '-c', collection];
        return timed([...args, '--concurrency', String(concurrency)]);
      });
      const m = median(seconds);
      rows.push([
        `import ${FILES} files, concurrency ${concurrency}`,
        `${ms(m)}  (${Math.round((FILES / m) * 1000)} files/s)`,
      ]);
    }

    const collection = `bench-${randomBytes(4).toString('hex')}`;
    await timed(['import', folder, '-c', collection]);
    const again = await repeat(IMPORT_ROUNDS, () =>
      timed(['import', folder, '-c', collection]),
    );
    rows.push([`re-run, all ${FILES} already stored`, ms(median(again))]);

    console.log(`median of ${STARTS} starts, ${IMPORT_ROUNDS} imports each`);
    for (const [what, value] of rows)
      console.log(`${what.padEnd(40)} ${value}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(installFolder, { recursive: true, force: true });
    await stack.stop();
    await node?.stop();
  }
}

function writeFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'cassette-bench-cli-'));
  for (let i = 0; i < FILES; i += 1) {
    const file = path.join(folder, `${i % 10}`, `note-${i}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    const body = randomBytes((FILE_BYTES * 3) / 4).toString('base64');
    writeFileSync(file, `# Note ${i}\n\n${body}\n`);
  }
  return folder;
}

async function repeat(times: number, run: () => Promise<number>) {
  const results: number[] = [];
  for (let i = 0; i < times; i += 1) results.push(await run());
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

main().catch(reportFatal);
