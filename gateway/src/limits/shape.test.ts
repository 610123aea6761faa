import { directiveCount, measureShape } from './shape';
import { aliased, apiSchema, nested, operation, TRACED } from './test-helpers';

function shapeOf(source: string, schema = TRACED) {
  const { document, operation: op } = operation(schema, source);
  return measureShape(document, op);
}

describe('measureShape', () => {
  describe('depth', () => {
    it.each([
      ['{ __typename }', 1],
      ['{ node { id } }', 2],
      [`{ ${nested(7)} }`, 7],
    ])('counts the fields on the longest path of %s', (source, depth) => {
      expect(shapeOf(source).depth).toBe(depth);
    });

    it('counts a page of items through the real schema as 4 levels', () => {
      const source = '{ items(first: 5) { edges { node { id } } } }';

      expect(shapeOf(source, apiSchema()).depth).toBe(4);
    });

    it('takes the deepest of sibling selections', () => {
      const source = `{ node { id } deep: ${nested(5)} }`;

      expect(shapeOf(source).depth).toBe(5);
    });

    it('expands fragments and inline fragments without a level of their own', () => {
      const source = `
        { node { ...Inner } }
        fragment Inner on Node { child { ... on Node { child { id } } } }
      `;

      expect(shapeOf(source).depth).toBe(4);
    });

    it('counts introspection fields like any other', () => {
      const source =
        '{ __schema { types { fields { type { ofType { name } } } } } }';

      expect(shapeOf(source).depth).toBe(6);
    });
  });

  describe('aliases', () => {
    it('counts every aliased field', () => {
      const source = `{ ${aliased(3, 'node { id }')} node { same: id } }`;

      expect(shapeOf(source).aliases).toBe(4);
    });

    it('counts a fragment’s aliases each time it is spread', () => {
      const source = `
        { node { ...Twice child { ...Twice } } }
        fragment Twice on Node { x: id y: id }
      `;

      expect(shapeOf(source).aliases).toBe(4);
    });

    it('counts nothing for a query without aliases', () => {
      expect(shapeOf('{ node { id child { id } } }').aliases).toBe(0);
    });
  });

  describe('directives', () => {
    it('finds the field that carries the most directives', () => {
      const { busiest } = shapeOf(
        '{ node @trace { id @trace @trace @trace child @trace { id } } }',
      );

      expect(busiest).toMatchObject({ name: { value: 'id' } });
      expect(directiveCount(busiest)).toBe(3);
    });

    it('counts directives on fragment spreads and inline fragments', () => {
      const spread = shapeOf(`
        { node { ...F @trace @trace } }
        fragment F on Node { id @trace }
      `);
      const inline = shapeOf(
        '{ node { ... on Node @trace @trace @trace { id } } }',
      );

      expect(directiveCount(spread.busiest)).toBe(2);
      expect(spread.busiest).toMatchObject({ kind: 'FragmentSpread' });
      expect(directiveCount(inline.busiest)).toBe(3);
      expect(inline.busiest).toMatchObject({ kind: 'InlineFragment' });
    });

    it('looks inside fragment definitions', () => {
      const { busiest } = shapeOf(`
        { node { ...F } }
        fragment F on Node { id @trace @trace @trace @trace @trace }
      `);

      expect(directiveCount(busiest)).toBe(5);
    });

    it('finds nothing when no selection has a directive', () => {
      expect(shapeOf('{ node { id } }').busiest).toBeUndefined();
    });
  });

  it('walks a fragment once however often it is spread', () => {
    // Each fragment spreads the next one twice: 2^40 fields once expanded.
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const source = `{ node { ...F0 } }\n${fragments}\nfragment F${levels} on Node { x: id }`;

    const started = Date.now();
    const shape = shapeOf(source);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(shape.aliases).toBe(2 ** levels);
    expect(shape.depth).toBe(2);
  });
});
