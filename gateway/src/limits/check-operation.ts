import { CassetteError, ErrorCode } from '@cassette/common';
import { Kind, type SelectionNode } from 'graphql';

import { LIMIT_VARIABLES, type QueryLimits } from './config';
import { operationCost, type CostInput } from './cost';
import { directiveCount, measureShape } from './shape';

/** What a client reads in `extensions.exceeded`; `extensions.limit` holds the number. */
export type LimitName = 'depth' | 'aliases' | 'directivesPerField' | 'cost';

/**
 * Throws a `BAD_USER_INPUT` CassetteError that ends the request with HTTP
 * 400 for the first limit the operation exceeds. The structural checks run
 * first, so an operation refused for its shape is never costed.
 */
export function checkOperation(limits: QueryLimits, input: CostInput): void {
  const kind = input.operation.operation;
  const { depth, aliases, busiest } = measureShape(
    input.document,
    input.operation,
  );

  const { maxDepth, maxAliases, maxDirectivesPerField, maxCost } = limits;
  if (depth > maxDepth) {
    throw exceeded(
      'depth',
      maxDepth,
      depth,
      `The ${kind} is ${depth} levels deep; the limit is ${maxDepth} (${LIMIT_VARIABLES.maxDepth}).`,
    );
  }

  if (aliases > maxAliases) {
    throw exceeded(
      'aliases',
      maxAliases,
      aliases,
      `The ${kind} uses ${aliases} aliases; the limit is ${maxAliases} (${LIMIT_VARIABLES.maxAliases}).`,
    );
  }

  const directives = directiveCount(busiest);
  if (busiest && directives > maxDirectivesPerField) {
    throw exceeded(
      'directivesPerField',
      maxDirectivesPerField,
      directives,
      `${nameOf(busiest)} carries ${directives} directives; the limit is ${maxDirectivesPerField} per field (${LIMIT_VARIABLES.maxDirectivesPerField}).`,
    );
  }

  const cost = operationCost(input);
  if (cost > maxCost) {
    throw exceeded(
      'cost',
      maxCost,
      cost,
      `The ${kind} costs ${cost}; the limit is ${maxCost} (${LIMIT_VARIABLES.maxCost}).`,
    );
  }
}

function exceeded(
  limit: LimitName,
  max: number,
  actual: number,
  message: string,
): CassetteError {
  return new CassetteError(ErrorCode.BadUserInput, message, {
    extensions: { exceeded: limit, limit: max, actual },
    endsRequest: true,
  });
}

function nameOf(selection: SelectionNode): string {
  switch (selection.kind) {
    case Kind.FIELD:
      return `The field ${selection.alias?.value ?? selection.name.value}`;
    case Kind.FRAGMENT_SPREAD:
      return `The fragment spread ...${selection.name.value}`;
    case Kind.INLINE_FRAGMENT:
      return selection.typeCondition
        ? `The inline fragment on ${selection.typeCondition.name.value}`
        : 'An inline fragment';
  }
}
