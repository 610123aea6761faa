import type { Env } from '@cassette/common';

import { configProblems, readWith } from '../../../tests/support/config';
import { DEFAULT_QUERY_LIMITS, readQueryLimits } from './config';

function read(env: Env) {
  return readWith(env, readQueryLimits);
}

function problemsOf(env: Env): readonly string[] {
  return configProblems(() => read(env));
}

describe('readQueryLimits', () => {
  it('takes the documented defaults when nothing is set', () => {
    expect(read({})).toEqual({
      maxDepth: 15,
      maxAliases: 30,
      maxCost: 10_000,
      maxTokens: 2_000,
      maxDirectivesPerField: 4,
      maxBatchOperations: 1,
      requestTimeoutMs: 15_000,
    });
    expect(read({})).toEqual(DEFAULT_QUERY_LIMITS);
  });

  it('reads every limit from its variable', () => {
    const limits = read({
      QUERY_MAX_DEPTH: '12',
      QUERY_MAX_ALIASES: '0',
      QUERY_MAX_COST: '50000',
      QUERY_MAX_TOKENS: '5000',
      QUERY_MAX_DIRECTIVES_PER_FIELD: '2',
      BATCH_MAX_OPERATIONS: '10',
      REQUEST_TIMEOUT_MS: '2500',
    });

    expect(limits).toEqual({
      maxDepth: 12,
      maxAliases: 0,
      maxCost: 50_000,
      maxTokens: 5_000,
      maxDirectivesPerField: 2,
      maxBatchOperations: 10,
      requestTimeoutMs: 2_500,
    });
  });

  it('reports every bad value at once, naming its variable', () => {
    const problems = problemsOf({
      QUERY_MAX_DEPTH: '0',
      QUERY_MAX_COST: 'lots',
      BATCH_MAX_OPERATIONS: '-1',
      REQUEST_TIMEOUT_MS: '1.5',
    });

    expect(problems).toEqual([
      'QUERY_MAX_DEPTH must be an integer from 1 to 1000, got "0"',
      'QUERY_MAX_COST must be an integer from 1 to 1000000000, got "lots"',
      'BATCH_MAX_OPERATIONS must be an integer from 1 to 1000, got "-1"',
      'REQUEST_TIMEOUT_MS must be an integer from 1 to 3600000, got "1.5"',
    ]);
  });
});
