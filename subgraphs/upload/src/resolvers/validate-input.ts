import { createHash } from 'node:crypto';

import {
  badUserInput,
  DEFAULT_COLLECTION,
  validateCollection,
} from '@cassette/common';

import type { UploadLimits } from '../config';
import type { NewItem } from '../data/item-writer';
import type { UploadInput } from '../generated/resolvers-types';

// type/subtype with optional parameters, as in RFC 6838's restricted names.
const CONTENT_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"\\\r\n]*"|[A-Za-z0-9!#$&^_.+-]+))*$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Checks one input against the limits and returns what will be stored.
 * Throws BAD_USER_INPUT naming the field (`path` prefixes it, e.g.
 * `inputs[3]`) and the limit; never alters the text it was given.
 */
export function validateUploadInput(
  input: UploadInput,
  limits: UploadLimits,
  tenant: string,
  path = 'input',
): NewItem {
  const field = (name: string) => `${path}.${name}`;
  wellFormed(input.content, field('content'));
  const bytes = Buffer.byteLength(input.content, 'utf8');
  if (bytes > limits.maxContentBytes) {
    throw limitError(
      `${field('content')} must be at most ${limits.maxContentBytes} bytes in UTF-8, got ${bytes}`,
      field('content'),
      limits.maxContentBytes,
    );
  }

  const contentType = input.contentType ?? 'text/plain';
  if (contentType.length > 255 || !CONTENT_TYPE.test(contentType)) {
    throw badUserInput(
      `${field('contentType')} must be a media type such as text/plain or text/markdown; charset=utf-8, got ${quote(contentType)}`,
      { field: field('contentType') },
    );
  }

  const collection = validateCollection(
    input.collection ?? DEFAULT_COLLECTION,
    field('collection'),
  );
  const tags = validateTags(input.tags ?? [], limits, field('tags'));
  const metadata = validateMetadata(
    input.metadata ?? [],
    limits,
    field('metadata'),
  );

  const key = input.idempotencyKey ?? undefined;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw badUserInput(
      `${field('idempotencyKey')} must be 1 to 128 letters, digits, '.', '_', ':' or '-', got ${quote(key)}`,
      { field: field('idempotencyKey') },
    );
  }

  // Hashed once, only once the input is known to be valid: the digest
  // serves the stored sha256 and every idempotency fingerprint.
  const sha256 = createHash('sha256').update(input.content, 'utf8');
  return {
    tenant,
    collection,
    content: input.content,
    size: bytes,
    sha256: sha256.digest('hex'),
    contentType,
    tags,
    metadata,
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  };
}

function validateTags(tags: string[], limits: UploadLimits, path: string) {
  if (tags.length > limits.maxTags) {
    throw limitError(
      `${path} must hold at most ${limits.maxTags} tags, got ${tags.length}`,
      path,
      limits.maxTags,
    );
  }

  tags.forEach((tag, index) => {
    const field = `${path}[${index}]`;
    wellFormed(tag, field);
    const chars = charCount(tag);
    if (chars === 0 || chars > limits.maxTagChars) {
      throw limitError(
        `${field} must be 1 to ${limits.maxTagChars} characters, got ${chars}`,
        field,
        limits.maxTagChars,
      );
    }
  });
  return tags;
}

function validateMetadata(
  entries: Array<{ key: string; value: string }>,
  limits: UploadLimits,
  path: string,
) {
  if (entries.length > limits.maxMetadataEntries) {
    throw limitError(
      `${path} must hold at most ${limits.maxMetadataEntries} entries, got ${entries.length}`,
      path,
      limits.maxMetadataEntries,
    );
  }

  entries.forEach(({ key, value }, index) => {
    const field = `${path}[${index}]`;
    wellFormed(key, `${field}.key`);
    wellFormed(value, `${field}.value`);
    const keyChars = charCount(key);
    if (keyChars === 0 || keyChars > limits.maxMetadataKeyChars) {
      throw limitError(
        `${field}.key must be 1 to ${limits.maxMetadataKeyChars} characters, got ${keyChars}`,
        `${field}.key`,
        limits.maxMetadataKeyChars,
      );
    }
    const valueChars = charCount(value);
    if (valueChars > limits.maxMetadataValueChars) {
      throw limitError(
        `${field}.value must be at most ${limits.maxMetadataValueChars} characters, got ${valueChars}`,
        `${field}.value`,
        limits.maxMetadataValueChars,
      );
    }
  });
  return entries.map(({ key, value }) => ({ key, value }));
}

// Text that is not well-formed Unicode would be altered on its way to
// Cassandra (a lone surrogate becomes U+FFFD), so it is refused instead.
function wellFormed(text: string, field: string): void {
  if (!text.isWellFormed()) {
    throw badUserInput(
      `${field} must be well-formed Unicode; it contains a lone surrogate`,
      { field },
    );
  }
}

// Characters are Unicode code points, so an emoji counts once, not twice.
function charCount(text: string): number {
  let count = 0;
  for (const _char of text) count += 1;
  return count;
}

function limitError(message: string, field: string, limit: number) {
  return badUserInput(message, { field, limit });
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
