import { Supergraph } from '@apollo/federation-internals';
import {
  findBreakingChanges,
  findDangerousChanges,
  type GraphQLSchema,
} from 'graphql';

export type ChangeSeverity = 'BREAKING' | 'DANGEROUS';

/** One difference a client could notice between two API schemas. */
export interface SchemaChange {
  severity: ChangeSeverity;
  /** graphql-js's change type, e.g. `FIELD_REMOVED` or `ARG_ADDED`. */
  type: string;
  /** graphql-js's sentence, e.g. `Item.size was removed.` */
  description: string;
}

/**
 * The schema clients see through the gateway: the supergraph without the
 * federation machinery (join directives, @inaccessible elements).
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** What changed for clients from `base` to `current`, breaking first. */
export function diffApiSchemas(
  base: GraphQLSchema,
  current: GraphQLSchema,
): SchemaChange[] {
  const breaking = findBreakingChanges(base, current).map(
    (change): SchemaChange => ({ severity: 'BREAKING', ...change }),
  );
  const dangerous = findDangerousChanges(base, current).map(
    (change): SchemaChange => ({ severity: 'DANGEROUS', ...change }),
  );
  return [...breaking, ...dangerous];
}

/** One line per change: `BREAKING FIELD_REMOVED: Item.size was removed.` */
export function formatChange(change: SchemaChange): string {
  return `${change.severity} ${change.type}: ${change.description}`;
}
