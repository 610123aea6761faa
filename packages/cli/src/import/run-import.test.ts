import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  CassetteClientError,
  type Item,
  type UploadInput,
} from '@cassette/client';

import type { ImportFile } from './files';
import { runImport, type ImportOptions, type Uploader } from './run-import';

let folder: string;
let files: ImportFile[];

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'cassette-import-'));
  files = ['a.md', 'b.txt', 'c.txt', 'd.txt'].map((name, i) => {
    writeFileSync(path.join(folder, name), `file ${i}`);
    return {
      absolutePath: path.join(folder, name),
      relativePath: name,
      size: 6,
    };
  });
  writeFileSync(path.join(folder, 'binary'), Buffer.from([0xc3, 0x28]));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  tags: ['t'],
  metadata: [],
  concurrency: 2,
  retries: 2,
  retryDelayMs: 1,
  stop: new AbortController().signal,
  ...overrides,
});

/** An uploader that answers from `answer`, recording every input. */
function fakeUploader(
  answer: (input: UploadInput, call: number) => Promise<boolean>,
): Uploader & { inputs: UploadInput[] } {
  const inputs: UploadInput[] = [];
  return {
    inputs,
    upload: async (input) => {
      inputs.push(input);
      const created = await answer(input, inputs.length);
      return { item: storedItem(input), created };
    },
  };
}

function storedItem(input: UploadInput): Item {
  return {
    id: `id-${input.content}`,
    collection: input.collection ?? 'default',
    content: input.content,
    contentType: input.contentType ?? 'text/plain',
    size: Buffer.byteLength(input.content),
    sha256: '0'.repeat(64),
    tags: input.tags ?? [],
    metadata: input.metadata ?? [],
    createdAt: new Date(0).toISOString(),
  };
}

const unavailable = () =>
  new CassetteClientError('UNAVAILABLE', 'Cassandra is away');

describe('runImport', () => {
  it('uploads every file with its path, type, tags and a derived idempotency key', async () => {
    const uploader = fakeUploader(async () => true);

    const report = await runImport(uploader, files, options());

    expect(report.outcomes.map((o) => o.status)).toEqual(
      Array(4).fill('stored'),
    );
    const first = uploader.inputs.find((i) => i.content === 'file 0')!;
    expect(first).toMatchObject({
      contentType: 'text/markdown; charset=utf-8',
      tags: ['t'],
      metadata: [{ key: 'path', value: 'a.md' }],
    });
    expect(first.idempotencyKey).toMatch(/^import:[0-9a-f]{64}$/);
    expect(report.doneBytes).toBe(24);
  });

  it('retries a retryable failure with the same key, then succeeds', async () => {
    const uploader = fakeUploader(async (_input, call) => {
      if (call === 1) throw unavailable();
      return true;
    });

    const report = await runImport(uploader, files.slice(0, 1), options());

    expect(report.outcomes).toMatchObject([{ status: 'stored' }]);
    expect(uploader.inputs).toHaveLength(2);
    expect(uploader.inputs[1]!.idempotencyKey).toBe(
      uploader.inputs[0]!.idempotencyKey,
    );
  });

  it('reports a refused file and goes on with the others', async () => {
    const uploader = fakeUploader(async (input) => {
      if (input.content === 'file 1') {
        throw new CassetteClientError('BAD_USER_INPUT', 'too big');
      }
      return true;
    });

    const report = await runImport(uploader, files, options());

    expect(report.outcomes).toHaveLength(4);
    expect(report.outcomes.filter((o) => o.status === 'failed')).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: 'too big' }),
    ]);
    expect(report.stoppedBy).toBeUndefined();
  });

  it('stops starting files once the gateway stays unavailable', async () => {
    const uploader = fakeUploader(async () => {
      throw unavailable();
    });

    const report = await runImport(
      uploader,
      files,
      options({ concurrency: 1, retries: 1 }),
    );

    expect(report.stoppedBy).toBe('UNAVAILABLE');
    expect(report.outcomes).toHaveLength(1);
    expect(report.notAttempted).toBe(3);
    expect(uploader.inputs).toHaveLength(2);
  });

  it('finishes uploads in flight but starts none after a stop', async () => {
    const stop = new AbortController();
    const uploader = fakeUploader(async () => {
      stop.abort();
      return true;
    });

    const report = await runImport(
      uploader,
      files,
      options({ concurrency: 1, stop: stop.signal }),
    );

    expect(report.outcomes).toMatchObject([{ status: 'stored' }]);
    expect(report.notAttempted).toBe(3);
    expect(report.stoppedBy).toBe('interrupted');
  });

  it('reports a file that is not UTF-8 without sending it', async () => {
    const uploader = fakeUploader(async () => true);
    const binary = {
      absolutePath: path.join(folder, 'binary'),
      relativePath: 'binary',
      size: 2,
    };

    const report = await runImport(uploader, [binary], options());

    expect(report.outcomes).toEqual([
      expect.objectContaining({ status: 'failed', code: 'UNREADABLE' }),
    ]);
    expect(uploader.inputs).toHaveLength(0);
  });
});
