import { contentTypeFor, decodeUtf8, NotTextError, parseMeta } from './content';
import { UsageError } from './exit-codes';

describe('decodeUtf8', () => {
  it('keeps a byte order mark, so the text comes back byte for byte', () => {
    const bytes = Buffer.from('\uFEFFhello', 'utf8');

    expect(Buffer.from(decodeUtf8(bytes, 'a.txt'), 'utf8')).toEqual(bytes);
  });

  it('refuses bytes that are not UTF-8, naming their source', () => {
    const attempt = () => decodeUtf8(Buffer.from([0xff, 0xfe, 0x00]), 'b.bin');

    expect(attempt).toThrow(NotTextError);
    expect(attempt).toThrow('b.bin is not UTF-8 text');
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['notes.md', 'text/markdown; charset=utf-8'],
    ['DATA.JSON', 'application/json'],
    ['no-extension', 'text/plain; charset=utf-8'],
  ])('gives %s the type %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('parseMeta', () => {
  it('splits at the first equals sign, so values may hold more', () => {
    expect(parseMeta(['a=1', 'url=x?y=z', 'empty='])).toEqual([
      { key: 'a', value: '1' },
      { key: 'url', value: 'x?y=z' },
      { key: 'empty', value: '' },
    ]);
  });

  it.each(['novalue', '=value'])('refuses "%s" with a usage error', (entry) => {
    expect(() => parseMeta([entry])).toThrow(UsageError);
    expect(() => parseMeta([entry])).toThrow(`got "${entry}"`);
  });
});
