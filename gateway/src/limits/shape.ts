import {
  Kind,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import { FragmentMemo, fragmentsOf } from './fragments';

/** The structural measures of one operation, with its fragments expanded. */
export interface OperationShape {
  /** Fields on the longest path from the root to a leaf: `{ a { b } }` is 2. */
  depth: number;
  /** Aliased fields, each counted as many times as its fragment is spread. */
  aliases: number;
  /** The field, fragment spread or inline fragment with the most directives. */
  busiest?: SelectionNode;
}

const NOTHING: OperationShape = { depth: 0, aliases: 0 };

/** Measures the depth, aliases and directives of an operation. */
export function measureShape(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const fragments = fragmentsOf(document);
  const memo = new FragmentMemo(NOTHING);

  const measureSet = (selectionSet: SelectionSetNode): OperationShape =>
    selectionSet.selections.map(measureSelection).reduce(besides, NOTHING);

  const measureSelection = (selection: SelectionNode): OperationShape => {
    switch (selection.kind) {
      case Kind.FIELD: {
        const inner = selection.selectionSet
          ? measureSet(selection.selectionSet)
          : NOTHING;
        return around(selection, {
          ...inner,
          depth: inner.depth + 1,
          aliases: inner.aliases + (selection.alias ? 1 : 0),
        });
      }
      case Kind.INLINE_FRAGMENT:
        return around(selection, measureSet(selection.selectionSet));
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const inner = memo.get(name, () => {
          const fragment = fragments.get(name);
          return fragment ? measureSet(fragment.selectionSet) : NOTHING;
        });
        return around(selection, inner);
      }
    }
  };

  return measureSet(operation.selectionSet);
}

// Sibling selections: the deeper path wins, aliases add up.
function besides(a: OperationShape, b: OperationShape): OperationShape {
  return {
    depth: Math.max(a.depth, b.depth),
    aliases: a.aliases + b.aliases,
    ...busier(a.busiest, b.busiest),
  };
}

// A selection and what it contains: it is the busiest when its own
// directives outnumber those of everything inside it.
function around(
  selection: SelectionNode,
  inner: OperationShape,
): OperationShape {
  return { ...inner, ...busier(selection, inner.busiest) };
}

function busier(
  a: SelectionNode | undefined,
  b: SelectionNode | undefined,
): Pick<OperationShape, 'busiest'> {
  const busiest = directiveCount(b) > directiveCount(a) ? b : a;
  return directiveCount(busiest) > 0 ? { busiest } : {};
}

export function directiveCount(selection: SelectionNode | undefined): number {
  return selection?.directives?.length ?? 0;
}
