import { ErrorCode } from '@cassette/common';
import type { RequestHandler } from 'express';

import { LIMIT_VARIABLES, type QueryLimits } from './config';

/**
 * Express middleware that refuses, with HTTP 400, a JSON array body that
 * batches more operations than `BATCH_MAX_OPERATIONS`, before Apollo starts
 * any of them. Mount it after the JSON body parser.
 */
export function batchLimit(limits: QueryLimits): RequestHandler {
  const max = limits.maxBatchOperations;

  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Array.isArray(body) || body.length <= max) return next();

    const actual = body.length;
    res.status(400).json({
      errors: [
        {
          message: `This request batches ${actual} operations; the limit is ${max} (${LIMIT_VARIABLES.maxBatchOperations}).`,
          extensions: {
            code: ErrorCode.BadUserInput,
            exceeded: 'batchOperations',
            limit: max,
            actual,
          },
        },
      ],
    });
  };
}

/**
 * ApolloServer's `allowBatchedHttpRequests`. With batching off, Apollo
 * answers any array body with HTTP 400 `BAD_REQUEST` "Operation batching
 * disabled."
 */
export function allowBatchedHttpRequests(limits: QueryLimits): boolean {
  return limits.maxBatchOperations > 1;
}
