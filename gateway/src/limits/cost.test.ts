import { operationCost } from './cost';
import { apiSchema, operation } from './test-helpers';

function costOf(source: string, variables: Record<string, unknown> = {}) {
  return operationCost(operation(apiSchema(), source, variables));
}

const UPLOAD_MANY = `
  mutation ($inputs: [UploadInput!]!) {
    uploadMany(inputs: $inputs) { created item { id content } }
  }
`;

describe('operationCost', () => {
  it('charges 1 for every field outside a list', () => {
    expect(costOf('{ item(id: "x") { id content size } __typename }')).toBe(5);
  });

  it('multiplies a connection’s edges by its first argument', () => {
    const source = '{ items(first: 100) { edges { node { id content } } } }';

    // items + edges + 100 × (node + id + content)
    expect(costOf(source)).toBe(1 + 1 + 100 * 3);
  });

  it('takes the schema’s default first when none is sent', () => {
    const source = '{ items { edges { node { id content } } } }';

    expect(costOf(source)).toBe(1 + 1 + 20 * 3);
  });

  it.each([
    ['the value sent', { n: 50 }, 50],
    ['the schema default when the variable is not sent', {}, 20],
    ['the schema default when the value does not coerce', { n: 'lots' }, 20],
  ])('reads a first variable as %s', (_, variables, first) => {
    const source = 'query ($n: Int) { items(first: $n) { edges { cursor } } }';

    expect(costOf(source, variables)).toBe(1 + 1 + first);
  });

  it('takes a variable’s default from the operation', () => {
    const source =
      'query ($n: Int = 7) { items(first: $n) { edges { cursor } } }';

    expect(costOf(source)).toBe(1 + 1 + 7);
  });

  it('does not multiply the connection’s other fields', () => {
    const source =
      '{ items(first: 100) { pageInfo { hasNextPage endCursor } } }';

    expect(costOf(source)).toBe(1 + 1 + 2);
  });

  it('does not multiply lists inside a node by the page again', () => {
    const source =
      '{ items(first: 10) { edges { node { tags metadata { key value } } } } }';

    // node = node + tags + (metadata + key + value)
    expect(costOf(source)).toBe(1 + 1 + 10 * (1 + 1 + 3));
  });

  it('costs a full page of the README’s listing at 605', () => {
    const source = `{
      items(collection: "notes", first: 100) {
        edges { cursor node { id content tags createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`;

    // items + (edges + 100 × (edge + cursor + node + 4 fields)) + pageInfo
    expect(costOf(source)).toBe(1 + (1 + 100 * 6) + 3);
  });

  it('multiplies uploadMany’s results by the inputs sent in a variable', () => {
    const inputs = [{ content: 'a' }, { content: 'b' }, { content: 'c' }];

    // uploadMany + 3 × (created + item + id + content)
    expect(costOf(UPLOAD_MANY, { inputs })).toBe(1 + 3 * 4);
  });

  it('multiplies uploadMany’s results by the inputs written inline', () => {
    const source = `mutation {
      uploadMany(inputs: [{ content: "a" }, { content: "b" }]) { created }
    }`;

    expect(costOf(source)).toBe(1 + 2 * 1);
  });

  it('charges a fragment wherever it is spread, with that page size', () => {
    const source = `
      { a: items(first: 10) { ...Page } b: items(first: 30) { ...Page } }
      fragment Page on ItemConnection { edges { node { id } } }
    `;

    expect(costOf(source)).toBe(1 + 1 + 10 * 2 + (1 + 1 + 30 * 2));
  });

  it('charges fields under @skip and @include as if they ran', () => {
    const source =
      '{ items(first: 100) @skip(if: true) { edges { node { id } } } }';

    expect(costOf(source)).toBe(1 + 1 + 100 * 2);
  });

  it('charges introspection fields, their lists counting once', () => {
    const source = '{ __schema { types { name fields { name } } } }';

    // __schema + types + (name + fields + name)
    expect(costOf(source)).toBe(1 + 1 + (1 + 1 + 1));
  });

  it('costs fragments spread exponentially often without walking each spread', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) =>
        `fragment F${i} on ItemConnection { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const source = `{ items(first: 1) { ...F0 } }
      ${fragments}
      fragment F${levels} on ItemConnection { pageInfo { hasNextPage } }`;

    const started = Date.now();
    const cost = costOf(source);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(cost).toBe(1 + 2 ** levels * 2);
  });
});
