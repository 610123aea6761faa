import { createHmac, timingSafeEqual } from 'node:crypto';

import { badUserInput, isItemId } from '@cassette/common';

/**
 * Where a page ended: the bucket and id of its last item, or only a bucket
 * when the page stopped at a bucket boundary (the next page starts in the
 * bucket after it).
 */
export interface CursorPosition {
  bucket: Date;
  id?: string;
}

/** What a cursor is bound to; a cursor from another list is refused. */
export interface CursorScope {
  tenant: string;
  collection: string;
}

const VERSION = 'v1';

/**
 * Opaque, tamper-proof page cursors: a small JSON position and an HMAC over
 * it, the tenant and the collection. Changing any byte, or replaying the
 * cursor against another tenant's or collection's list, fails verification.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: CursorScope, position: CursorPosition): string {
    const payload = Buffer.from(
      JSON.stringify({ b: position.bucket.getTime(), i: position.id ?? null }),
    ).toString('base64url');
    return `${payload}.${this.sign(scope, payload).toString('base64url')}`;
  }

  /** Throws BAD_USER_INPUT for anything this codec did not issue for scope. */
  decode(scope: CursorScope, cursor: string): CursorPosition {
    const [payload = '', signature = '', extra] = cursor.split('.');
    // Compared as text: base64url decoding forgives some altered
    // characters, and a cursor must have exactly one accepted spelling.
    const expected = Buffer.from(
      this.sign(scope, payload).toString('base64url'),
    );
    const given = Buffer.from(signature);

    if (
      extra !== undefined ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw invalidCursor();
    }

    const position = parsePayload(payload);
    if (!position) throw invalidCursor();
    return position;
  }

  private sign(scope: CursorScope, payload: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(`${VERSION}\n${scope.tenant}\n${scope.collection}\n${payload}`)
      .digest();
  }
}

function parsePayload(payload: string): CursorPosition | undefined {
  try {
    const { b, i } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    // A time outside what a Date can hold is as malformed as garbage.
    if (!Number.isSafeInteger(b) || Number.isNaN(new Date(b).getTime())) {
      return undefined;
    }
    if (i === null) return { bucket: new Date(b) };
    return typeof i === 'string' && isItemId(i)
      ? { bucket: new Date(b), id: i }
      : undefined;
  } catch {
    return undefined;
  }
}

function invalidCursor() {
  return badUserInput(
    'after must be a cursor returned by this list (pageInfo.endCursor or an edge cursor); the one given was altered or belongs to another list',
    { field: 'after' },
  );
}
