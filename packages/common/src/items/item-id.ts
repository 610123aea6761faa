import { badUserInput } from '../errors/cassette-error';
import { types } from 'cassandra-driver';

// Item ids are time-based (version 1) UUIDs, as Cassandra's timeuuid.
const TIME_UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isItemId(id: string): boolean {
  return TIME_UUID.test(id);
}

/** Parses an item id, or throws BAD_USER_INPUT naming the field. */
export function parseItemId(id: string, field = 'id'): types.TimeUuid {
  if (!isItemId(id)) {
    throw badUserInput(
      `${field} must be an item id (a time-based UUID such as 6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55), got "${id.slice(0, 64)}"`,
      { field },
    );
  }
  return types.TimeUuid.fromString(id);
}
