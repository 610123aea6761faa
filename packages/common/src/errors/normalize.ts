import { unwrapResolverError } from '@apollo/server/errors';
import { errors as driverErrors, types } from 'cassandra-driver';
import type { GraphQLFormattedError } from 'graphql';

import { CassetteError } from './cassette-error';
import { ErrorCode } from './codes';

// Codes Apollo Server itself assigns to malformed requests; they already say
// what was wrong and carry nothing internal.
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const RETRYABLE_RESPONSE_CODES = new Set<number>([
  types.responseErrorCodes.unavailableException,
  types.responseErrorCodes.overloaded,
  types.responseErrorCodes.isBootstrapping,
  types.responseErrorCodes.readTimeout,
  types.responseErrorCodes.writeTimeout,
]);

/** True when the driver says Cassandra was unreachable, slow or overloaded. */
export function isCassandraUnavailable(error: unknown): boolean {
  if (error instanceof driverErrors.NoHostAvailableError) return true;
  if (error instanceof driverErrors.OperationTimedOutError) return true;
  if (error instanceof driverErrors.BusyConnectionError) return true;
  return (
    error instanceof driverErrors.ResponseError &&
    RETRYABLE_RESPONSE_CODES.has(error.code)
  );
}

/** Errors whose message is meant for the client as it is. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof CassetteError) return true;
  const code = (original as { extensions?: { code?: unknown } })?.extensions
    ?.code;
  return typeof code === 'string' && APOLLO_REQUEST_CODES.has(code);
}

export interface NormalizeOptions {
  /** Show unexpected errors' own messages (development only). */
  exposeInternals: boolean;
}

/**
 * Apollo Server's `formatError`: keeps Cassette's and Apollo's own coded
 * errors, turns the driver's availability failures into a retryable
 * `UNAVAILABLE`, and masks everything else. Never throws.
 */
export function normalizeError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: NormalizeOptions,
): GraphQLFormattedError {
  // An expected error's message says all there is; a stack trace would
  // only show Cassette's insides, even in development.
  if (isExpectedError(error)) return withoutStacktrace(formatted);

  const original = unwrapResolverError(error);
  if (isCassandraUnavailable(original)) {
    return mask(
      formatted,
      ErrorCode.Unavailable,
      'The database is unavailable; retry shortly.',
      { retryable: true },
    );
  }

  // Errors that arrive already coded from a subgraph were masked there.
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    code !== ErrorCode.InternalServerError &&
    isCassetteCode(code)
  ) {
    return formatted;
  }

  const message = options.exposeInternals
    ? formatted.message
    : 'Internal server error.';
  return mask(formatted, ErrorCode.InternalServerError, message, {});
}

function isCassetteCode(code: string): code is ErrorCode {
  return (Object.values(ErrorCode) as string[]).includes(code);
}

function mask(
  formatted: GraphQLFormattedError,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown>,
): GraphQLFormattedError {
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, ...extra },
  };
}

function withoutStacktrace(
  formatted: GraphQLFormattedError,
): GraphQLFormattedError {
  if (!formatted.extensions?.stacktrace) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
