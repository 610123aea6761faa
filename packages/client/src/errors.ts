/**
 * The codes Cassette's gateway puts in `extensions.code`, plus those the
 * client raises itself: `NETWORK_ERROR` when the gateway could not be
 * reached, `TIMEOUT` when it did not answer in `timeoutMs`, `ABORTED` when
 * the caller's signal cancelled the request, and `BAD_RESPONSE` when what
 * came back was not a GraphQL response.
 */
export type KnownErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | 'BAD_RESPONSE';

/** A known code, or whatever a newer gateway sent that this client predates. */
// `string & {}` keeps editors suggesting the known codes.
export type ErrorCode = KnownErrorCode | (string & {});

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'NETWORK_ERROR',
  'TIMEOUT',
  'UNAVAILABLE',
]);

export interface CassetteErrorDetails {
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** The gateway's `x-request-id`, to find the request in its logs. */
  requestId?: string;
  /** Every error the response carried; the first one names this error. */
  errors?: readonly GraphQLErrorEntry[];
  cause?: unknown;
}

/**
 * Every failure of a Cassette request: a GraphQL error from the gateway, a
 * response that was not GraphQL, or a gateway that could not be reached.
 * Branch on `code`; `retryable` says whether the same request may succeed
 * later.
 */
export class CassetteClientError extends Error {
  override readonly name = 'CassetteClientError';
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly errors: readonly GraphQLErrorEntry[];
  /** The input field at fault, for `BAD_USER_INPUT` (e.g. `input.tags`). */
  readonly field: string | undefined;
  /** The limit that was exceeded, where one applies. */
  readonly limit: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    details: CassetteErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.errors = details.errors ?? [];

    const extensions = this.errors[0]?.extensions ?? {};
    this.field =
      typeof extensions.field === 'string' ? extensions.field : undefined;
    this.limit =
      typeof extensions.limit === 'number' ? extensions.limit : undefined;
    this.retryable = extensions.retryable === true || RETRYABLE_CODES.has(code);
  }

  /** The error a GraphQL response's `errors` stand for. */
  static fromGraphQLErrors(
    errors: readonly GraphQLErrorEntry[],
    details: Omit<CassetteErrorDetails, 'errors'> = {},
  ): CassetteClientError {
    const [first] = errors;
    const code = first?.extensions?.code;
    return new CassetteClientError(
      typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
      first?.message ?? 'The gateway answered with an empty error list.',
      { ...details, errors },
    );
  }
}

/** Narrows an unknown error to a Cassette error, optionally of one code. */
export function isCassetteError(
  error: unknown,
  code?: ErrorCode,
): error is CassetteClientError {
  return (
    error instanceof CassetteClientError &&
    (code === undefined || error.code === code)
  );
}
