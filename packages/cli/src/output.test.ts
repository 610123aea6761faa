import type { Item } from '@cassette/client';

import { PassThrough } from 'node:stream';

import {
  alignColumns,
  formatBytes,
  formatDuration,
  itemDetails,
  itemTable,
  json,
  JsonArrayWriter,
  preview,
} from './output';

const item = (overrides: Partial<Item> = {}): Item => ({
  id: 'd06ad970-ef33-11f1-ad38-aa370a3e8f93',
  collection: 'notes',
  content: 'Hello 👋\nsecond line',
  contentType: 'text/plain',
  size: 23,
  sha256: 'aa'.repeat(32),
  tags: ['a', 'b'],
  metadata: [{ key: 'lang', value: 'en' }],
  createdAt: '2026-12-03T16:08:44.423Z',
  ...overrides,
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [801_892, '802 kB'],
    [1_048_576, '1.0 MB'],
    [25_000_000_000, '25 GB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [400, '0s'],
    [45_000, '45s'],
    [185_000, '3m05s'],
    [3_720_000, '1h02m'],
    [-5, '0s'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('preview', () => {
  it('puts the content on one line', () => {
    expect(preview('a\nb\tc\r\n', 20)).toBe('a b c');
  });

  it('cuts long content with an ellipsis without splitting an emoji', () => {
    expect(preview('👋👋👋👋👋', 3)).toBe('👋👋…');
  });
});

describe('alignColumns', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      alignColumns([
        ['id', 'x'],
        ['longer', 'y'],
      ]),
    ).toBe('id      x\nlonger  y');
  });

  it('counts an emoji as one column', () => {
    expect(
      alignColumns([
        ['👋', 'x'],
        ['ab', 'y'],
      ]),
    ).toBe('👋   x\nab  y');
  });
});

describe('itemTable', () => {
  it('shows id, time, size, tags and a one-line preview under a header', () => {
    const lines = itemTable([item()], 120).split('\n');

    expect(lines[0]).toMatch(/^ID\s+CREATED\s+SIZE\s+TAGS\s+CONTENT$/);
    expect(lines[1]).toContain('2026-12-03 16:08:44Z');
    expect(lines[1]).toContain('23 B');
    expect(lines[1]).toContain('a,b');
    expect(lines[1]).toMatch(/Hello 👋 second line$/);
  });

  it('cuts the preview to fit the terminal width', () => {
    const long = item({ content: 'x'.repeat(500) });
    const [, row] = itemTable([long], 100).split('\n');

    expect([...row!].length).toBeLessThanOrEqual(100);
    expect(row).toMatch(/x…$/);
  });
});

describe('itemDetails', () => {
  it('lists the fields, then the content exactly as stored', () => {
    const text = itemDetails(item());

    expect(text).toContain('collection    notes');
    expect(text).toContain('meta lang     en');
    expect(text.endsWith('\n\nHello 👋\nsecond line')).toBe(true);
  });
});

describe('JsonArrayWriter', () => {
  function written(values: unknown[]): string {
    const stdout = new PassThrough();
    const writer = new JsonArrayWriter({ stdout });
    values.forEach((value) => writer.add(value));
    writer.end();
    return String(stdout.read());
  }

  it('writes what json writes for the whole array, and a newline', () => {
    const values = [item(), { nested: { list: [1, 2] } }, 'text'];

    expect(written(values)).toBe(`${json(values)}\n`);
  });

  it('writes an empty array as []', () => {
    expect(written([])).toBe('[]\n');
  });
});
