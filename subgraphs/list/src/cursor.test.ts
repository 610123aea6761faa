import { CassetteError } from '@cassette/common';

import { CursorCodec, type CursorPosition } from './cursor';

const SCOPE = { tenant: 'default', collection: 'items' };
const POSITION: CursorPosition = {
  bucket: new Date('2025-03-01T00:00:00.000Z'),
  id: '6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55',
};
const BASE64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const codec = new CursorCodec('a-long-random-test-secret');
const cursor = codec.encode(SCOPE, POSITION);

// The error decode throws, or undefined when it accepted the cursor.
function refusalOf(decode: () => CursorPosition): CassetteError | undefined {
  try {
    decode();
  } catch (error) {
    if (error instanceof CassetteError) return error;
    throw error;
  }
  return undefined;
}

describe('CursorCodec', () => {
  it('gives back the position it encoded', () => {
    const decoded = codec.decode(SCOPE, cursor);

    expect(decoded).toEqual(POSITION);
  });

  it('gives back a position that holds only a bucket', () => {
    const bucketOnly = codec.encode(SCOPE, { bucket: POSITION.bucket });

    const decoded = codec.decode(SCOPE, bucketOnly);

    expect(decoded).toEqual({ bucket: POSITION.bucket });
  });

  it('refuses a cursor it signed around an id that is not an item id', () => {
    const odd = codec.encode(SCOPE, { bucket: POSITION.bucket, id: 'x' });

    expect(refusalOf(() => codec.decode(SCOPE, odd))).toBeDefined();
  });

  it('issues cursors made of URL-safe characters and one dot', () => {
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('decodes a cursor with another instance that shares the secret', () => {
    const restarted = new CursorCodec('a-long-random-test-secret');

    expect(restarted.decode(SCOPE, cursor)).toEqual(POSITION);
  });

  it('refuses a cursor from another collection', () => {
    const scope = { ...SCOPE, collection: 'archive' };

    expect(refusalOf(() => codec.decode(scope, cursor))).toBeDefined();
  });

  it('refuses a cursor from another tenant', () => {
    const scope = { ...SCOPE, tenant: 'acme' };

    expect(refusalOf(() => codec.decode(scope, cursor))).toBeDefined();
  });

  it('refuses a cursor signed with another secret', () => {
    const other = new CursorCodec('another-secret');

    const forged = other.encode(SCOPE, POSITION);

    expect(refusalOf(() => codec.decode(SCOPE, forged))).toBeDefined();
  });

  it('refuses the cursor when any single character is altered', () => {
    const accepted: string[] = [];

    for (let index = 0; index < cursor.length; index++) {
      for (const replacement of `${BASE64URL}.+/=`) {
        if (replacement === cursor[index]) continue;
        const altered =
          cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        if (!refusalOf(() => codec.decode(SCOPE, altered))) {
          accepted.push(
            `position ${index}: ${cursor[index]} -> ${replacement}`,
          );
        }
      }
    }

    expect(accepted).toEqual([]);
  });

  it.each([
    ['an empty string', ''],
    ['a word', 'garbage'],
    ['a lone dot', '.'],
    ['a payload without a signature', cursor.split('.')[0]],
    ['a signature without a payload', `.${cursor.split('.')[1]}`],
    ['an extra dot segment', `${cursor}.extra`],
    ['an empty extra dot segment', `${cursor}.`],
    ['a cursor with whitespace around it', ` ${cursor} `],
  ])('refuses %s', (_, given) => {
    expect(refusalOf(() => codec.decode(SCOPE, given))).toBeDefined();
  });

  it('refuses as BAD_USER_INPUT on the field after, with a message that says what to send', () => {
    const error = refusalOf(() => codec.decode(SCOPE, 'garbage'));

    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(error?.message).toBe(
      'after must be a cursor returned by this list (pageInfo.endCursor or an edge cursor); the one given was altered or belongs to another list',
    );
  });
});
