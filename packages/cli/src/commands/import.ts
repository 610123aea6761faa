import type { Command } from '../command';
import { parseMeta } from '../content';
import { ExitCode, exitCodeForCode, UsageError } from '../exit-codes';
import { collectFiles } from '../import/files';
import { ProgressBar } from '../import/progress';
import {
  runImport,
  type FileOutcome,
  type ImportReport,
} from '../import/run-import';
import { err, out } from '../io';
import { alignColumns, formatBytes, formatDuration, json } from '../output';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  intOption,
  parseCommandArgs,
} from '../options';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  collection: { type: 'string', short: 'c' },
  tag: { type: 'string', short: 't', multiple: true },
  meta: { type: 'string', short: 'm', multiple: true },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
} as const;

export const importCommand: Command = {
  name: 'import',
  summary: 'upload many files, resumably, with a progress bar',
  help: `Upload files, and every file under folders, one item per file.

Usage:
  cassette import <folder or file>... [options]

Options:
  -c, --collection <name>  default "default"
  -t, --tag <tag>          tag every item; repeat for several
  -m, --meta <key=value>   metadata on every item; repeat for several
      --concurrency <n>    uploads in flight at once, 1 to 32 (default 4)
      --retries <n>        further attempts when the gateway is unavailable
                           or times out, 0 to 10 (default 3)
  -v, --verbose            one line per file on standard error
      --json               the summary as JSON

${CONNECTION_HELP}

Each item keeps the file's path (relative to the folder given) as metadata
"path", and its type is guessed from the extension. Hidden files and
folders are skipped; files that are not UTF-8 text are reported and
skipped. Every upload carries an idempotency key derived from what it
sends, so running the same import again, after Ctrl-C or a failure,
stores only what is missing. On a terminal a progress bar shows files,
bytes, rate and time left.

Exit codes: 0 all stored, 1 some files failed, 2 usage, 3 gateway
unreachable (the rest was not attempted), 5 not allowed, 130 interrupted.`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (positionals.length === 0) {
      throw new UsageError('import needs at least one folder or file.');
    }
    const concurrency = intOption(
      '--concurrency',
      values.concurrency,
      4,
      1,
      32,
    );
    const retries = intOption('--retries', values.retries, 3, 0, 10);
    const metadata = parseMeta(values.meta);
    if (metadata.some(({ key }) => key === 'path')) {
      throw new UsageError(
        '--meta path=… is reserved: import sets "path" itself.',
      );
    }

    const client = connect(values, io);
    const files = await collectFiles(positionals, io.cwd);
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    const started = Date.now();
    const bar =
      io.stderr.isTTY && !values.json ? new ProgressBar(io.stderr) : undefined;

    const report = await runImport(client, files, {
      ...(values.collection !== undefined && { collection: values.collection }),
      tags: values.tag ?? [],
      metadata,
      concurrency,
      retries,
      stop: io.signal,
      onFileDone: (outcome, { outcomes, doneBytes }) => {
        if (values.verbose) {
          bar?.clear();
          err(io, `[${outcomes.length}/${files.length}] ${describe(outcome)}`);
        }
        bar?.update({
          doneFiles: outcomes.length,
          totalFiles: files.length,
          doneBytes,
          totalBytes,
          elapsedMs: Date.now() - started,
        });
      },
    });
    bar?.clear();

    const elapsedMs = Date.now() - started;
    out(
      io,
      values.json
        ? json(summaryJson(report, files.length))
        : summaryText(report, files.length, elapsedMs),
    );
    return exitCode(report);
  },
};

function describe(outcome: FileOutcome): string {
  const { relativePath } = outcome.file;
  return outcome.status === 'failed'
    ? `failed ${relativePath}: ${outcome.code} ${outcome.message}`
    : `${outcome.status} ${relativePath} as ${outcome.id}`;
}

type Failure = Extract<FileOutcome, { status: 'failed' }>;

function failures(report: ImportReport): Failure[] {
  return report.outcomes.filter(
    (outcome): outcome is Failure => outcome.status === 'failed',
  );
}

function count(report: ImportReport, status: FileOutcome['status']): number {
  return report.outcomes.filter((outcome) => outcome.status === status).length;
}

function summaryText(
  report: ImportReport,
  totalFiles: number,
  elapsedMs: number,
): string {
  const failed = failures(report);
  const lines = [
    `Imported ${report.outcomes.length - failed.length} of ${totalFiles} files ` +
      `(${formatBytes(report.doneBytes)}) in ${formatDuration(elapsedMs)}: ` +
      `${count(report, 'stored')} stored, ` +
      `${count(report, 'already stored')} already stored, ` +
      `${failed.length} failed, ${report.notAttempted} not attempted.`,
  ];
  if (failed.length > 0) {
    lines.push('Failed:');
    const rows = failed.map(({ file, code, message }) => [
      `  ${file.relativePath}`,
      code,
      message,
    ]);
    lines.push(alignColumns(rows));
  }
  if (report.stoppedBy === 'interrupted') {
    lines.push(
      'Interrupted: run the same command again to finish; nothing is stored twice.',
    );
  } else if (report.stoppedBy) {
    lines.push(
      `Stopped after ${report.stoppedBy}; fix the cause and run the same command again to finish.`,
    );
  }
  return lines.join('\n');
}

function summaryJson(report: ImportReport, totalFiles: number) {
  return {
    files: totalFiles,
    stored: count(report, 'stored'),
    alreadyStored: count(report, 'already stored'),
    failed: count(report, 'failed'),
    notAttempted: report.notAttempted,
    bytes: report.doneBytes,
    stoppedBy: report.stoppedBy ?? null,
    results: report.outcomes.map((outcome) =>
      outcome.status === 'failed'
        ? {
            path: outcome.file.relativePath,
            status: outcome.status,
            code: outcome.code,
            message: outcome.message,
          }
        : {
            path: outcome.file.relativePath,
            status: outcome.status,
            id: outcome.id,
          },
    ),
  };
}

// A run stopped early by an error code exits as that error would have.
function exitCode(report: ImportReport): ExitCode {
  switch (report.stoppedBy) {
    case undefined:
      return count(report, 'failed') > 0 ? ExitCode.failed : ExitCode.ok;
    case 'interrupted':
      return ExitCode.interrupted;
    default:
      return exitCodeForCode(report.stoppedBy);
  }
}
