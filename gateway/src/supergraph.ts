import { readFileSync } from 'node:fs';
import path from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** The subgraphs behind the gateway, by the names the supergraph uses. */
export const SUBGRAPHS = [
  { name: 'upload', sdlPath: 'subgraphs/upload/schema.graphql' },
  { name: 'list', sdlPath: 'subgraphs/list/schema.graphql' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

/**
 * Composes the supergraph from the subgraphs' SDL files with Apollo's own
 * composition library; throws with every composition error listed.
 */
export function composeSupergraph(
  urls: Record<SubgraphName, string>,
  root = REPO_ROOT,
): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, sdlPath }) => ({
      name,
      url: urls[name],
      typeDefs: parse(readFileSync(path.join(root, sdlPath), 'utf8')),
    })),
  );

  if (result.errors) {
    const messages = result.errors.map((error) => `  - ${error.message}`);
    throw new Error(`Supergraph composition failed:\n${messages.join('\n')}`);
  }
  return result.supergraphSdl;
}

/** The supergraph to serve: a committed file when configured, else composed. */
export function loadSupergraph(
  supergraphPath: string | undefined,
  urls: Record<SubgraphName, string>,
): string {
  return supergraphPath
    ? readFileSync(supergraphPath, 'utf8')
    : composeSupergraph(urls);
}
