import { createHash } from 'node:crypto';

import type { UploadInput } from '@cassette/client';

/**
 * The idempotency key of one imported file: a hash of everything its upload
 * sends. Running the same import again sends the same keys, so what was
 * stored before comes back as already stored; a file whose content, path,
 * tags or collection changed gets a new key and is stored as a new item.
 */
export function importKey(input: UploadInput): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        input.collection ?? 'default',
        input.contentType ?? 'text/plain',
        input.tags ?? [],
        input.metadata ?? [],
        createHash('sha256').update(input.content, 'utf8').digest('hex'),
      ]),
    )
    .digest('hex');
  return `import:${digest}`;
}
