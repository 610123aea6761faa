import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import { FragmentMemo, fragmentsOf } from './fragments';

export interface CostInput {
  /** The schema clients see: the gateway's API schema. */
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The variables as the client sent them. */
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * Estimates the work an operation asks for, before any of it starts.
 *
 * Every field costs 1. A field that returns a list multiplies the cost of
 * its selection by the entries it may return: its own `first` argument (as
 * sent, else the schema's default), else the length of the list argument
 * it was given (`uploadMany(inputs:)` returns one result per input), else
 * the `first` of the connection around it (`items(first: 100) { edges }`
 * has 100 edges), else 1. Fragments count wherever they are spread, and
 * `@skip` and `@include` are ignored, so the estimate is the worst case.
 *
 * `{ items(first: 100) { edges { node { id content } } } }` costs
 * 1 (items) + 1 (edges) + 100 × (1 (node) + 1 (id) + 1 (content)) = 302.
 */
export function operationCost({
  schema,
  document,
  operation,
  variables = {},
}: CostInput): number {
  const fragments = fragmentsOf(document);
  const memo = new FragmentMemo(0);
  const values = coerceVariables(schema, operation, variables);

  // `parentFirst` is the `first` argument of the connection this selection
  // set belongs to, which sizes a list inside it that has no size of its own.
  const costOfSet = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType | undefined,
    parentFirst: number | undefined,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += costOfField(selection, parentType, parentFirst);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = typeNamed(schema, selection.typeCondition?.name.value);
        const inner = selection.selectionSet;
        cost += costOfSet(inner, type ?? parentType, parentFirst);
      } else {
        const name = selection.name.value;
        cost += memo.get(`${name}:${parentFirst}`, () => {
          const fragment = fragments.get(name);
          if (!fragment) return 0;
          const type = typeNamed(schema, fragment.typeCondition.name.value);
          return costOfSet(fragment.selectionSet, type, parentFirst);
        });
      }
    }
    return cost;
  };

  const costOfField = (
    node: FieldNode,
    parentType: GraphQLCompositeType | undefined,
    parentFirst: number | undefined,
  ): number => {
    if (!node.selectionSet) return 1;

    const field = parentType && fieldOf(schema, parentType, node.name.value);
    const args = field ? argumentsOf(field, node, values) : {};
    const first = pageSize(args.first);
    const type = field && getNamedType(field.type);
    const inner = isCompositeType(type) ? type : undefined;

    // A connection passes its `first` down to its list; a list has used
    // its own.
    if (!field || !isListType(getNullableType(field.type))) {
      return 1 + costOfSet(node.selectionSet, inner, first);
    }
    const entries = first ?? longestList(args) ?? parentFirst ?? 1;
    return 1 + entries * costOfSet(node.selectionSet, inner, undefined);
  };

  return costOfSet(
    operation.selectionSet,
    schema.getRootType(operation.operation) ?? undefined,
    undefined,
  );
}

// Execution refuses variables that do not coerce before it starts any
// work, so their cost hardly matters; they count as if they were not sent.
function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    variables,
    { maxErrors: 1 },
  );
  return result.coerced ?? {};
}

// Arguments that do not coerce fail execution before the field resolves.
function argumentsOf(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

function pageSize(value: unknown): number | undefined {
  return typeof value === 'number' ? Math.max(0, value) : undefined;
}

function longestList(args: Record<string, unknown>): number | undefined {
  const lengths = Object.values(args)
    .filter((value) => Array.isArray(value))
    .map((list) => list.length);
  return lengths.length > 0 ? Math.max(...lengths) : undefined;
}

function typeNamed(
  schema: GraphQLSchema,
  name: string | undefined,
): GraphQLCompositeType | undefined {
  const type = name === undefined ? undefined : schema.getType(name);
  return isCompositeType(type) ? type : undefined;
}

function fieldOf(
  schema: GraphQLSchema,
  parentType: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  // Introspection's fields live on no type of the schema.
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }

  return isObjectType(parentType) || isInterfaceType(parentType)
    ? parentType.getFields()[name]
    : undefined;
}
