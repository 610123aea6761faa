import { randomUUID } from 'node:crypto';

import { types } from 'cassandra-driver';

import { CassetteError } from '../errors/cassette-error';
import { isItemId, parseItemId } from './item-id';

// The error parseItemId throws, or undefined when it accepted the id.
function refusalOf(id: string, field?: string): CassetteError | undefined {
  try {
    parseItemId(id, field);
  } catch (error) {
    if (error instanceof CassetteError) return error;
    throw error;
  }
  return undefined;
}

describe('parseItemId', () => {
  it('accepts a version 1 time UUID and returns it as a TimeUuid', () => {
    const id = types.TimeUuid.now().toString();

    const parsed = parseItemId(id);

    expect(parsed).toBeInstanceOf(types.TimeUuid);
    expect(parsed.toString()).toBe(id);
  });

  it('accepts a time UUID written in capitals', () => {
    const id = types.TimeUuid.now().toString();

    const parsed = parseItemId(id.toUpperCase());

    expect(parsed.toString()).toBe(id);
  });

  it('keeps the time the id was made at', () => {
    const made = new Date('2025-03-01T12:34:56.789Z');
    const id = types.TimeUuid.fromDate(made).toString();

    const parsed = parseItemId(id);

    expect(parsed.getDate()).toEqual(made);
  });

  it.each([
    ['a version 4 UUID', randomUUID()],
    ['garbage', 'not-an-item-id'],
    ['an empty string', ''],
    [
      'a time UUID without dashes',
      types.TimeUuid.now().toString().replace(/-/g, ''),
    ],
    [
      'a time UUID with a space after it',
      `${types.TimeUuid.now().toString()} `,
    ],
    [
      'a time UUID with the wrong variant',
      '6f1c2a10-b3f1-11f0-cd1e-2b7c4f9e1a55',
    ],
  ])('refuses %s as BAD_USER_INPUT naming the field', (_, id) => {
    const error = refusalOf(id);

    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(error?.message).toBe(
      `id must be an item id (a time-based UUID such as 6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55), got "${id}"`,
    );
  });

  it('names the field it was given', () => {
    const error = refusalOf('nope', 'representations[3].id');

    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'representations[3].id',
    });
    expect(error?.message).toMatch(
      /^representations\[3\]\.id must be an item id/,
    );
  });

  it('refuses an overlong string and quotes only its first 64 characters', () => {
    const id = `${types.TimeUuid.now().toString()}${'x'.repeat(10_000)}`;

    const error = refusalOf(id);

    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(error?.message).toContain(`got "${id.slice(0, 64)}"`);
    expect(error?.message.length).toBeLessThan(200);
  });
});

describe('isItemId', () => {
  it('tells a time UUID from a random one', () => {
    expect(isItemId(types.TimeUuid.now().toString())).toBe(true);
    expect(isItemId(randomUUID())).toBe(false);
  });
});
