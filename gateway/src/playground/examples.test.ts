import { readFileSync } from 'node:fs';

import {
  buildSchema,
  getVariableValues,
  Kind,
  parse,
  validate,
  type OperationDefinitionNode,
} from 'graphql';

import { COMMITTED_SUPERGRAPH } from '../config';
import { bearerHeaders, EXAMPLES, exampleTabs } from './examples';

// The supergraph the gateway serves: what a client can really send.
const schema = buildSchema(readFileSync(COMMITTED_SUPERGRAPH, 'utf8'));

function operationOf(query: string): OperationDefinitionNode {
  const [definition] = parse(query).definitions;
  if (definition?.kind !== Kind.OPERATION_DEFINITION) {
    throw new Error(`expected one operation, got ${definition?.kind}`);
  }
  return definition;
}

describe('the playground examples', () => {
  it('open as the Upload, Items and Item tabs, in that order', () => {
    const names = EXAMPLES.map(({ query }) => operationOf(query).name?.value);

    expect(names).toEqual(['Upload', 'Items', 'Item']);
  });

  it.each(
    EXAMPLES.map((example) => [
      operationOf(example.query).name?.value,
      example,
    ]),
  )(
    'runs %s against the served schema with its own variables',
    (_, { query, variables }) => {
      const document = parse(query);
      const operation = operationOf(query);

      const coerced = getVariableValues(
        schema,
        operation.variableDefinitions ?? [],
        JSON.parse(variables) as Record<string, unknown>,
      );

      expect(validate(schema, document)).toEqual([]);
      expect(coerced.errors).toBeUndefined();
    },
  );

  it('lists the first page of the default collection, ten at a time', () => {
    const items = EXAMPLES[1]!;

    expect(JSON.parse(items.variables)).toEqual({
      collection: 'default',
      first: 10,
    });
    expect(items.query).toMatch(/pageInfo\s*{\s*hasNextPage\s*endCursor/);
  });

  it('sends the key as a bearer credential from every tab when one is set', () => {
    const tabs = exampleTabs('cas_key');

    expect(JSON.parse(bearerHeaders('cas_key'))).toEqual({
      authorization: 'Bearer cas_key',
    });
    expect(tabs.map((tab) => tab.headers)).toEqual(
      EXAMPLES.map(() => bearerHeaders('cas_key')),
    );
  });

  it('leaves the headers empty without a key', () => {
    expect(exampleTabs().map((tab) => tab.headers)).toEqual(
      EXAMPLES.map(() => undefined),
    );
  });
});
