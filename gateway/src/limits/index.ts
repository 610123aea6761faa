export { allowBatchedHttpRequests, batchLimit } from './batch-limit';
export { checkOperation, type LimitName } from './check-operation';
export {
  DEFAULT_QUERY_LIMITS,
  LIMIT_VARIABLES,
  readQueryLimits,
  type QueryLimits,
} from './config';
export { operationCost, type CostInput } from './cost';
export { parseOptions, queryLimitsPlugin } from './plugin';
export { deadlineOf, requestTimeout } from './request-timeout';
