import { badUserInput } from '../errors/cassette-error';

/** The collection an item goes to when none is named. */
export const DEFAULT_COLLECTION = 'default';

/** Letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const COLLECTION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws BAD_USER_INPUT unless `name` is a valid collection name. */
export function validateCollection(name: string, field: string): string {
  if (!COLLECTION_PATTERN.test(name)) {
    throw badUserInput(
      `${field} must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got ${JSON.stringify(name.slice(0, 80))}`,
      { field },
    );
  }
  return name;
}
