import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  isCassetteError,
  type CassetteClient,
  type UploadInput,
} from '@cassette/client';

import { contentTypeFor, decodeUtf8 } from '../content';
import type { ImportFile } from './files';
import { importKey } from './import-key';

/** The part of the client an import needs. */
export type Uploader = Pick<CassetteClient, 'upload'>;

export interface ImportOptions {
  collection?: string;
  tags: string[];
  metadata: Array<{ key: string; value: string }>;
  /** Uploads in flight at once. */
  concurrency: number;
  /** Further attempts after a failure that may pass on retry. */
  retries: number;
  /** First pause before a retry, doubled each time, in milliseconds. @default 250 */
  retryDelayMs?: number;
  /** Once aborted, no new file starts; uploads in flight finish. */
  stop: AbortSignal;
  /** Called after each file, whatever its outcome. */
  onFileDone?: (outcome: FileOutcome, report: ImportReport) => void;
}

export type FileOutcome =
  | { file: ImportFile; status: 'stored' | 'already stored'; id: string }
  | { file: ImportFile; status: 'failed'; code: string; message: string };

export interface ImportReport {
  outcomes: FileOutcome[];
  doneBytes: number;
  /** Files never started, because the run was stopped or gave up. */
  notAttempted: number;
  /** Why the run stopped early: `interrupted`, or the code that ended it. */
  stoppedBy?: string;
}

// After one of these, every other file would fail the same way.
const FATAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NETWORK_ERROR',
  'UNAVAILABLE',
  'TIMEOUT',
]);

/**
 * Uploads every file with bounded concurrency. Each upload carries an
 * idempotency key derived from what it sends, so retries, and a second run
 * after an interruption, never store a file twice.
 */
export async function runImport(
  client: Uploader,
  files: readonly ImportFile[],
  options: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { outcomes: [], doneBytes: 0, notAttempted: 0 };
  let next = 0;
  const giveUp = new AbortController();
  const stopped = () => options.stop.aborted || giveUp.signal.aborted;

  const worker = async () => {
    while (!stopped() && next < files.length) {
      const file = files[next++]!;
      const outcome = await importFile(client, file, options);

      report.outcomes.push(outcome);
      report.doneBytes += file.size;
      if (outcome.status === 'failed' && FATAL_CODES.has(outcome.code)) {
        report.stoppedBy ??= outcome.code;
        giveUp.abort();
      }
      options.onFileDone?.(outcome, report);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, files.length) }, worker),
  );

  report.notAttempted = files.length - next;
  if (options.stop.aborted && report.notAttempted > 0) {
    report.stoppedBy ??= 'interrupted';
  }
  return report;
}

async function importFile(
  client: Uploader,
  file: ImportFile,
  options: ImportOptions,
): Promise<FileOutcome> {
  let input: UploadInput;
  try {
    input = inputFor(file, await readFile(file.absolutePath), options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file, status: 'failed', code: 'UNREADABLE', message };
  }

  const delayMs = options.retryDelayMs ?? 250;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { item, created } = await client.upload(input);
      return {
        file,
        status: created ? 'stored' : 'already stored',
        id: item.id,
      };
    } catch (error) {
      const retry =
        isCassetteError(error) && error.retryable && attempt < options.retries;
      if (retry && !options.stop.aborted) {
        // Exponential backoff with jitter, so parallel workers spread out.
        await sleep(delayMs * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }
      return failure(file, error);
    }
  }
}

function inputFor(
  file: ImportFile,
  bytes: Buffer,
  options: ImportOptions,
): UploadInput {
  const input: UploadInput = {
    content: decodeUtf8(bytes, file.relativePath),
    contentType: contentTypeFor(file.absolutePath),
    tags: options.tags,
    metadata: [...options.metadata, { key: 'path', value: file.relativePath }],
    ...(options.collection !== undefined && { collection: options.collection }),
  };
  return { ...input, idempotencyKey: importKey(input) };
}

function failure(file: ImportFile, error: unknown): FileOutcome {
  if (isCassetteError(error)) {
    return { file, status: 'failed', code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { file, status: 'failed', code: 'INTERNAL_ERROR', message };
}
