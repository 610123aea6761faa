import type { Item } from '@cassette/client';

import type { Io } from './io';

/** `1.5 MB`, `320 B`: sizes for people, in powers of 1,000 as `ls -h --si`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `45s`, `3m05s`, `1h02m`: durations for people. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${pad2(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The content on one line, cut to `width` characters (code points, so an
 * emoji is never split), with control characters shown as spaces.
 */
export function preview(content: string, width: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are the point
  const flat = content.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= width) return flat;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

// Widths in code points, as a terminal shows them.
const width = (cell = '') => [...cell].length;

/** The widest cell of each column. */
function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, width(cell));
    });
  }
  return widths;
}

/**
 * Rows with their columns padded to the widest cell. The last column is not
 * padded, so nothing trails at the line's end.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(rows);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : cell + ' '.repeat(widths[column]! - width(cell)),
      )
      .join('  ');
  return rows.map(line).join('\n');
}

const LIST_HEADER = ['ID', 'CREATED', 'SIZE', 'TAGS', 'CONTENT'];

/** Items as a table for a terminal `columns` wide. */
export function itemTable(items: readonly Item[], columns = 100): string {
  const rows = items.map((item) => [
    item.id,
    item.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    formatBytes(item.size),
    item.tags.join(','),
  ]);
  // The preview takes what the other columns and their two-space gaps
  // leave, and never less than 20.
  const widths = columnWidths([LIST_HEADER.slice(0, 4), ...rows]);
  const used = widths.reduce((sum, w) => sum + w + 2, 0);
  const previewWidth = Math.max(20, columns - used);
  return alignColumns([
    LIST_HEADER,
    ...rows.map((row, i) => [...row, preview(items[i]!.content, previewWidth)]),
  ]);
}

/** One item for a person: its fields, a blank line, then its content. */
export function itemDetails(item: Item): string {
  const fields: Array<[string, string]> = [
    ['id', item.id],
    ['collection', item.collection],
    ['created', item.createdAt],
    ['content type', item.contentType],
    ['size', `${item.size} bytes`],
    ['sha256', item.sha256],
    ['tags', item.tags.join(', ') || '-'],
    ...item.metadata.map(({ key, value }): [string, string] => [
      `meta ${key}`,
      value,
    ]),
  ];
  return `${alignColumns(fields)}\n\n${item.content}`;
}

/** JSON for scripts: two-space indented, one value per command. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * A JSON array written an element at a time, in the same layout as `json`
 * gives the whole array.
 */
export class JsonArrayWriter {
  private count = 0;

  constructor(private readonly io: Pick<Io, 'stdout'>) {}

  add(value: unknown): void {
    const element = json(value).replace(/^/gm, '  ');
    this.io.stdout.write(`${this.count === 0 ? '[\n' : ',\n'}${element}`);
    this.count += 1;
  }

  end(): void {
    this.io.stdout.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}
