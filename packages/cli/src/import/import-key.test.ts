import type { UploadInput } from '@cassette/client';

import { importKey } from './import-key';

const base: UploadInput = {
  content: 'hello',
  collection: 'docs',
  contentType: 'text/markdown; charset=utf-8',
  tags: ['a'],
  metadata: [{ key: 'path', value: 'guide/intro.md' }],
};

describe('importKey', () => {
  it('gives the same upload the same key, so a re-run stores nothing new', () => {
    expect(importKey({ ...base })).toBe(importKey({ ...base }));
  });

  it.each<[string, Partial<UploadInput>]>([
    ['content', { content: 'hello!' }],
    ['collection', { collection: 'other' }],
    ['tags', { tags: ['b'] }],
    ['path', { metadata: [{ key: 'path', value: 'guide/other.md' }] }],
    ['content type', { contentType: 'text/plain' }],
  ])('gives a different key when the %s changes', (_what, change) => {
    expect(importKey({ ...base, ...change })).not.toBe(importKey(base));
  });

  it('fits the gateway idempotency key rules', () => {
    expect(importKey(base)).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  });
});
