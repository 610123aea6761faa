import { tableId } from './run';

const VERSION_5_UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('tableId', () => {
  it('gives the same id for the same keyspace and table every time', () => {
    const first = tableId('cassette', 'schema_migrations');

    const again = tableId('cassette', 'schema_migrations');

    expect(again).toBe(first);
  });

  it.each([
    ['cassette', 'schema_migrations'],
    ['cassette', 'schema_lease'],
    ['cassette_test', 'schema_migrations'],
    ['k', 't'],
  ])('writes a version 5 UUID for %s.%s', (keyspace, table) => {
    expect(tableId(keyspace, table)).toMatch(VERSION_5_UUID);
  });

  it('gives each table of a keyspace its own id', () => {
    const migrations = tableId('cassette', 'schema_migrations');

    const lease = tableId('cassette', 'schema_lease');

    expect(lease).not.toBe(migrations);
  });

  it('gives the same table in another keyspace another id', () => {
    const live = tableId('cassette', 'schema_migrations');

    const test = tableId('cassette_test', 'schema_migrations');

    expect(test).not.toBe(live);
  });

  it('keeps the id that clusters already created their tables with', () => {
    // Computed outside this code base; a change to the derivation would give
    // a newly joining replica a table id its peers do not have.
    const id = tableId('cassette', 'schema_migrations');

    expect(id).toBe('56f11998-e89f-5206-ae3f-72ef0a498428');
  });
});
