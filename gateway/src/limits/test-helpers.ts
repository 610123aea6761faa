// Schemas and parsed operations for the limits' tests.
import { Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  getOperationAST,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';

import { composeSupergraph } from '../supergraph';
import type { CostInput } from './cost';

let api: GraphQLSchema | undefined;

/** The schema clients see at the gateway, composed from the subgraphs. */
export function apiSchema(): GraphQLSchema {
  api ??= Supergraph.build(
    composeSupergraph({
      upload: 'http://upload.invalid/graphql',
      list: 'http://list.invalid/graphql',
    }),
  )
    .apiSchema()
    .toGraphQLJSSchema();
  return api;
}

/**
 * A small schema with a repeatable directive, the only kind a field can
 * carry more than once: Cassette's own schema has none.
 */
export const TRACED = buildSchema(`
  directive @trace(label: String) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

  type Query {
    node: Node
  }

  type Node {
    id: ID!
    child: Node
  }
`);

/** Parses and validates one operation, as Apollo does before the limits. */
export function operation(
  schema: GraphQLSchema,
  source: string,
  variables: Record<string, unknown> = {},
): CostInput {
  const document = parse(source);
  const errors = validate(schema, document);
  if (errors.length > 0) {
    throw new Error(`Invalid test operation: ${errors[0]?.message}`);
  }

  const operation = getOperationAST(document);
  if (!operation) throw new Error('The test document names no operation.');
  return { schema, document, operation, variables };
}

/** `count` copies of `selection`, each under its own alias. */
export function aliased(count: number, selection: string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(
    ' ',
  );
}

/** `depth` levels of `child` under `node`, ending at `id`. */
export function nested(depth: number): string {
  return `node { ${'child { '.repeat(depth - 2)}id${' }'.repeat(depth - 1)}`;
}
