import { PassThrough } from 'node:stream';

import { ProgressBar, progressLine } from './progress';

describe('progressLine', () => {
  it('shows the bar, files, bytes, rate and time left', () => {
    const line = progressLine({
      doneFiles: 50,
      totalFiles: 200,
      doneBytes: 500_000,
      totalBytes: 2_000_000,
      elapsedMs: 2_000,
    });

    expect(line).toBe(
      '[######------------------]  50/200 files  500 kB/2.0 MB  250 kB/s  6s left',
    );
  });

  it('shows no time left before anything is done', () => {
    const line = progressLine({
      doneFiles: 0,
      totalFiles: 3,
      doneBytes: 0,
      totalBytes: 30,
      elapsedMs: 0,
    });

    expect(line).toMatch(/0\/3 files .* …$/);
  });
});

describe('ProgressBar', () => {
  it('redraws at most once per interval, and clears its line', () => {
    const stream = new PassThrough();
    const bar = new ProgressBar(stream, 100);
    const state = {
      doneFiles: 1,
      totalFiles: 2,
      doneBytes: 1,
      totalBytes: 2,
      elapsedMs: 0,
    };

    bar.update(state);
    bar.update({ ...state, elapsedMs: 50 });
    bar.update({ ...state, doneFiles: 2, elapsedMs: 150 });
    bar.clear();

    const written = String(stream.read());
    expect(written.match(/files/g)).toHaveLength(2);
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });
});
