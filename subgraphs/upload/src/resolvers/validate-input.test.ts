import { CassetteError } from '@cassette/common';

import type { UploadLimits } from '../config';
import type { UploadInput } from '../generated/resolvers-types';
import { validateUploadInput } from './validate-input';

// sha256sum of the five bytes "hello".
const HELLO_SHA256 =
  '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

const LIMITS: UploadLimits = {
  maxContentBytes: 1_000,
  maxTags: 3,
  maxTagChars: 8,
  maxMetadataEntries: 2,
  maxMetadataKeyChars: 8,
  maxMetadataValueChars: 16,
};

function validate(input: UploadInput, limits: Partial<UploadLimits> = {}) {
  return validateUploadInput(input, { ...LIMITS, ...limits }, 'default');
}

// The error validation throws, or undefined when it accepted the input.
function refusalOf(
  input: UploadInput,
  limits: Partial<UploadLimits> = {},
  path?: string,
): CassetteError | undefined {
  try {
    validateUploadInput(input, { ...LIMITS, ...limits }, 'default', path);
  } catch (error) {
    if (error instanceof CassetteError) return error;
    throw error;
  }
  return undefined;
}

describe('validateUploadInput', () => {
  describe('content', () => {
    it.each([
      ['emoji, including a joined family', 'Hi 👋🏽 👨‍👩‍👧'],
      ['combining marks', 'e\u0301 a\u0308 \u1100\u1161'],
      ['right-to-left text', 'שלום עולם، مرحبا بالعالم'],
      ['a NUL character', 'before\u0000after'],
      ['an empty string', ''],
    ])('accepts %s and keeps it exactly', (_, content) => {
      const item = validate({ content });

      expect(item.content).toBe(content);
    });

    it.each([
      ['ASCII', 'a'.repeat(10), 10],
      ['two-byte characters', 'é'.repeat(5), 10],
      ['three-byte characters', '€'.repeat(4), 12],
      ['four-byte characters', '😀'.repeat(3), 12],
    ])('accepts %s exactly at the byte limit', (_, content, maxBytes) => {
      expect(Buffer.byteLength(content, 'utf8')).toBe(maxBytes);

      expect(refusalOf({ content }, { maxContentBytes: maxBytes })).toBe(
        undefined,
      );
    });

    it.each([
      ['ASCII', 'a'.repeat(11), 10],
      ['two-byte characters', `${'é'.repeat(5)}a`, 10],
      ['a four-byte character across the limit', `${'a'.repeat(9)}😀`, 12],
    ])(
      'refuses %s over the limit, naming the field and the limit',
      (_, content, maxBytes) => {
        const bytes = Buffer.byteLength(content, 'utf8');

        const error = refusalOf({ content }, { maxContentBytes: maxBytes });

        expect(error?.message).toBe(
          `input.content must be at most ${maxBytes} bytes in UTF-8, got ${bytes}`,
        );
        expect(error?.extensions).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'input.content',
          limit: maxBytes,
        });
      },
    );

    it('counts UTF-8 bytes, not UTF-16 code units, against the limit', () => {
      const content = '😀😀'; // 4 code units, 8 bytes

      const error = refusalOf({ content }, { maxContentBytes: 7 });

      expect(content).toHaveLength(4);
      expect(error?.message).toBe(
        'input.content must be at most 7 bytes in UTF-8, got 8',
      );
    });

    it.each([
      ['a lone high surrogate', 'abc\uD83D'],
      ['a lone low surrogate', '\uDE00abc'],
      ['a surrogate pair written backwards', '\uDE00\uD83D'],
    ])('refuses %s, which could not come back byte for byte', (_, content) => {
      const error = refusalOf({ content });

      expect(error?.message).toBe(
        'input.content must be well-formed Unicode; it contains a lone surrogate',
      );
      expect(error?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.content',
      });
    });

    it('names the field under the path it was given', () => {
      const content = 'a'.repeat(11);

      const error = refusalOf(
        { content },
        { maxContentBytes: 10 },
        'inputs[3]',
      );

      expect(error?.extensions).toMatchObject({ field: 'inputs[3].content' });
      expect(error?.message).toMatch(/^inputs\[3\]\.content must be at most/);
    });
  });

  describe('the item it returns', () => {
    it('fills the defaults for what was not given', () => {
      const item = validate({ content: 'hello' });

      expect(item).toEqual({
        tenant: 'default',
        collection: 'default',
        content: 'hello',
        size: 5,
        sha256: HELLO_SHA256,
        contentType: 'text/plain',
        tags: [],
        metadata: [],
      });
    });

    it('keeps everything that was given', () => {
      const item = validate({
        content: 'hello',
        contentType: 'text/markdown; charset=utf-8',
        collection: 'notes',
        tags: ['a', 'b'],
        metadata: [{ key: 'lang', value: 'en' }],
        idempotencyKey: 'upload-42',
      });

      expect(item).toEqual({
        tenant: 'default',
        collection: 'notes',
        content: 'hello',
        size: 5,
        sha256: HELLO_SHA256,
        contentType: 'text/markdown; charset=utf-8',
        tags: ['a', 'b'],
        metadata: [{ key: 'lang', value: 'en' }],
        idempotencyKey: 'upload-42',
      });
    });

    it('counts the size in UTF-8 bytes and hashes those bytes', () => {
      const item = validate({ content: 'naïve 👋' });

      expect(item.size).toBe(11);
      expect(item.sha256).toBe(
        '7e47a38b6324d8a301e6281b101d0efe2e9c037310afedf8ec9c38cb9f536ed2',
      );
    });
  });

  describe('the other fields', () => {
    it.each<[string, UploadInput, string]>([
      [
        'a content type that is no media type',
        { content: '', contentType: 'plain text' },
        'input.contentType',
      ],
      [
        'a collection with a space',
        { content: '', collection: 'my notes' },
        'input.collection',
      ],
      [
        'too many tags',
        { content: '', tags: ['a', 'b', 'c', 'd'] },
        'input.tags',
      ],
      ['an empty tag', { content: '', tags: ['a', ''] }, 'input.tags[1]'],
      [
        'a tag with a lone surrogate',
        { content: '', tags: ['\uD83D'] },
        'input.tags[0]',
      ],
      [
        'a metadata value with a lone surrogate',
        { content: '', metadata: [{ key: 'k', value: '\uDE00' }] },
        'input.metadata[0].value',
      ],
      [
        'a metadata key that is too long',
        { content: '', metadata: [{ key: 'k'.repeat(9), value: '' }] },
        'input.metadata[0].key',
      ],
      [
        'an idempotency key with a space',
        { content: '', idempotencyKey: 'a b' },
        'input.idempotencyKey',
      ],
    ])('refuses %s and names the field', (_, input, field) => {
      const error = refusalOf(input);

      expect(error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
      expect(error?.message.startsWith(`${field} must`)).toBe(true);
    });
  });
});
