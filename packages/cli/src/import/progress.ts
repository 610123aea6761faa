import { formatBytes, formatDuration } from '../output';

export interface ProgressState {
  doneFiles: number;
  totalFiles: number;
  doneBytes: number;
  totalBytes: number;
  elapsedMs: number;
}

const BAR_WIDTH = 24;

/**
 * One line: a bar, files and bytes done, the rate so far and the time left
 * at that rate, e.g.
 * `[######------] 120/200 files  1.2 MB/2.0 MB  350 kB/s  3s left`.
 */
export function progressLine(state: ProgressState): string {
  const { doneFiles, totalFiles, doneBytes, totalBytes, elapsedMs } = state;
  const fraction =
    totalBytes > 0 ? doneBytes / totalBytes : doneFiles / (totalFiles || 1);
  const filled = Math.round(Math.min(1, fraction) * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;

  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? doneBytes / seconds : 0;
  const left =
    rate > 0 && doneFiles > 0
      ? `${formatDuration(((totalBytes - doneBytes) / rate) * 1000)} left`
      : '…';
  return [
    bar,
    `${doneFiles}/${totalFiles} files`,
    `${formatBytes(doneBytes)}/${formatBytes(totalBytes)}`,
    `${formatBytes(Math.round(rate))}/s`,
    left,
  ].join('  ');
}

/**
 * Redraws the progress line in place on a terminal, at most every
 * `intervalMs`, and clears it before anything else is printed.
 */
export class ProgressBar {
  private lastDrawMs = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs = 100,
  ) {}

  update(state: ProgressState, force = false): void {
    if (!force && state.elapsedMs - this.lastDrawMs < this.intervalMs) return;
    this.lastDrawMs = state.elapsedMs;
    this.stream.write(`\r\x1b[2K${progressLine(state)}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
