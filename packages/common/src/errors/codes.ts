/**
 * Every error code a Cassette client can see in `extensions.code`, with the
 * HTTP status that goes with it when the error ends the whole request.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /** Cassandra could not answer in time or at all; the client may retry. */
  Unavailable = 'UNAVAILABLE',
  /** The request ran past its time limit and was stopped; may be retried. */
  Timeout = 'TIMEOUT',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
}

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Timeout]: 503,
  [ErrorCode.InternalServerError]: 500,
};

/** Codes a client should retry after a pause. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.Unavailable,
  ErrorCode.Timeout,
]);
