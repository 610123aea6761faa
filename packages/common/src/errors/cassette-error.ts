import { GraphQLError } from 'graphql';

import { ErrorCode, HTTP_STATUS, RETRYABLE_CODES } from './codes';

export interface CassetteErrorOptions {
  /** Extra `extensions` fields, such as the input field at fault. */
  extensions?: Record<string, unknown>;
  /**
   * Set the HTTP status from the code. Only for errors that end the whole
   * request (a refused credential): a resolver's error must leave the status
   * at 200, or the gateway would discard the subgraph's partial data.
   */
  endsRequest?: boolean;
}

/** A GraphQL error that carries one of Cassette's codes. */
export class CassetteError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    { extensions = {}, endsRequest = false }: CassetteErrorOptions = {},
  ) {
    super(message, {
      extensions: {
        ...extensions,
        code,
        ...(RETRYABLE_CODES.has(code) ? { retryable: true } : {}),
        ...(endsRequest ? { http: { status: HTTP_STATUS[code] } } : {}),
      },
    });
    this.name = 'CassetteError';
  }
}

export function badUserInput(
  message: string,
  extensions: Record<string, unknown> = {},
): CassetteError {
  return new CassetteError(ErrorCode.BadUserInput, message, { extensions });
}
