import { errors as driverErrors, types } from 'cassandra-driver';
import {
  GraphQLError,
  locatedError,
  type GraphQLFormattedError,
} from 'graphql';

import { CassetteError } from './cassette-error';
import { ErrorCode } from './codes';
import { normalizeError } from './normalize';

const MASKED = { exposeInternals: false };
const EXPOSED = { exposeInternals: true };
const PATH = ['items', 0, 'content'];
const LOCATIONS = [{ line: 3, column: 7 }];

const UNAVAILABLE = {
  message: 'The database is unavailable; retry shortly.',
  locations: LOCATIONS,
  path: PATH,
  extensions: { code: 'UNAVAILABLE', retryable: true },
};

/**
 * What a resolver's throw becomes on its way to formatError: graphql-js wraps
 * it with the path, and Apollo Server adds INTERNAL_SERVER_ERROR when the
 * error carries no code of its own.
 */
function thrownInResolver(original: unknown): {
  error: GraphQLError;
  formatted: GraphQLFormattedError;
} {
  const error = locatedError(original, undefined, PATH);
  const formatted = {
    ...error.toJSON(),
    locations: LOCATIONS,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...error.extensions },
  };
  return { error, formatted };
}

const DRIVER_MESSAGE = 'host 10.0.0.7:9042 secret-rack';

const UNAVAILABLE_DRIVER_ERRORS: [string, () => Error][] = [
  [
    'NoHostAvailableError',
    () =>
      new driverErrors.NoHostAvailableError({
        '10.0.0.7:9042': new Error(DRIVER_MESSAGE),
      }),
  ],
  [
    'OperationTimedOutError',
    () => new driverErrors.OperationTimedOutError(DRIVER_MESSAGE, '10.0.0.7'),
  ],
  [
    'BusyConnectionError',
    () => new driverErrors.BusyConnectionError('10.0.0.7:9042', 2048, 1),
  ],
  ...(
    [
      'unavailableException',
      'readTimeout',
      'writeTimeout',
      'overloaded',
      'isBootstrapping',
    ] as const
  ).map((code): [string, () => Error] => [
    `ResponseError ${code}`,
    () =>
      new driverErrors.ResponseError(
        types.responseErrorCodes[code],
        DRIVER_MESSAGE,
      ),
  ]),
];

describe('normalizeError', () => {
  describe('errors meant for the client', () => {
    it('keeps a CassetteError as it is', () => {
      const error = new CassetteError(ErrorCode.BadUserInput, 'first > 100', {
        extensions: { field: 'first' },
      });
      const formatted = error.toJSON();

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toBe(formatted);
    });

    it('keeps a CassetteError thrown inside a resolver', () => {
      const { error, formatted } = thrownInResolver(
        new CassetteError(ErrorCode.Forbidden, 'Not your item.'),
      );

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toBe(formatted);
      expect(result.message).toBe('Not your item.');
    });

    it.each([
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'BAD_USER_INPUT',
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ])('keeps the Apollo request error %s as it is', (code) => {
      const error = new GraphQLError('Cannot query field "nope".', {
        extensions: { code },
      });
      const formatted = error.toJSON();

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toBe(formatted);
    });
  });

  describe('Cassandra unavailable', () => {
    it.each(UNAVAILABLE_DRIVER_ERRORS)(
      'turns a %s thrown in a resolver into a retryable UNAVAILABLE',
      (_, makeError) => {
        const { error, formatted } = thrownInResolver(makeError());

        const result = normalizeError(formatted, error, MASKED);

        expect(result).toEqual(UNAVAILABLE);
      },
    );

    it.each(UNAVAILABLE_DRIVER_ERRORS)(
      'turns a bare %s into a retryable UNAVAILABLE',
      (_, makeError) => {
        const error = makeError();
        const formatted = {
          message: error.message,
          locations: LOCATIONS,
          path: PATH,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        };

        const result = normalizeError(formatted, error, MASKED);

        expect(result).toEqual(UNAVAILABLE);
      },
    );

    it('does not show the driver message even when internals are exposed', () => {
      const { error, formatted } = thrownInResolver(
        new driverErrors.OperationTimedOutError(DRIVER_MESSAGE, '10.0.0.7'),
      );

      const result = normalizeError(formatted, error, EXPOSED);

      expect(JSON.stringify(result)).not.toContain('10.0.0.7');
      expect(result.extensions).toEqual({
        code: 'UNAVAILABLE',
        retryable: true,
      });
    });

    it.each(['syntaxError', 'invalid', 'unauthorized', 'serverError'] as const)(
      'masks a ResponseError %s as an internal error, not a retryable one',
      (code) => {
        const { error, formatted } = thrownInResolver(
          new driverErrors.ResponseError(
            types.responseErrorCodes[code],
            DRIVER_MESSAGE,
          ),
        );

        const result = normalizeError(formatted, error, MASKED);

        expect(result).toEqual({
          message: 'Internal server error.',
          locations: LOCATIONS,
          path: PATH,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      },
    );
  });

  describe('unexpected errors', () => {
    it('masks the message and keeps where the error happened', () => {
      const { error, formatted } = thrownInResolver(
        new TypeError("Cannot read properties of undefined (reading 'rows')"),
      );

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toEqual({
        message: 'Internal server error.',
        locations: LOCATIONS,
        path: PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });

    it('keeps the message when internals are exposed for development', () => {
      const { error, formatted } = thrownInResolver(
        new TypeError("Cannot read properties of undefined (reading 'rows')"),
      );

      const result = normalizeError(formatted, error, EXPOSED);

      expect(result).toEqual({
        message: "Cannot read properties of undefined (reading 'rows')",
        locations: LOCATIONS,
        path: PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });

    it('drops extensions the error carried, such as a stack trace', () => {
      const error = new Error('boom');
      const formatted = {
        message: 'boom',
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          stacktrace: ['Error: boom', '    at resolve (item.ts:12:3)'],
        },
      };

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toEqual({
        message: 'Internal server error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });

    it.each([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'boom'],
      ['a plain object', { code: 'BAD_USER_INPUT' }],
    ])('masks %s thrown in place of an error without throwing', (_, thrown) => {
      const formatted = {
        message: 'Unexpected error value: "boom"',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };

      const result = normalizeError(formatted, thrown, MASKED);

      expect(result).toEqual({
        message: 'Internal server error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });
  });

  describe('errors that arrive from a subgraph', () => {
    function fromSubgraph(
      message: string,
      extensions: Record<string, unknown>,
    ) {
      const error = new GraphQLError(message, { extensions });
      const formatted = { ...error.toJSON(), path: PATH };
      return { error, formatted };
    }

    it('masks an INTERNAL_SERVER_ERROR that a subgraph left unmasked', () => {
      const { error, formatted } = fromSubgraph(
        'connect ECONNREFUSED 10.0.0.7:9042',
        { code: 'INTERNAL_SERVER_ERROR', serviceName: 'list' },
      );

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toEqual({
        message: 'Internal server error.',
        path: PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });

    it.each([
      [{ code: 'UNAVAILABLE', retryable: true }],
      [{ code: 'FORBIDDEN' }],
      [{ code: 'UNAUTHENTICATED' }],
    ])('keeps a subgraph error already coded %o', (extensions) => {
      const { error, formatted } = fromSubgraph('Coded upstream.', extensions);

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toBe(formatted);
    });

    it('masks a code that is not one of Cassette’s', () => {
      const { error, formatted } = fromSubgraph('socket hang up', {
        code: 'DOWNSTREAM_SERVICE_ERROR',
      });

      const result = normalizeError(formatted, error, MASKED);

      expect(result).toEqual({
        message: 'Internal server error.',
        path: PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });
  });
});

describe('normalizeError on expected errors', () => {
  it('drops the stack trace of an expected error, even when internals are exposed', () => {
    const error = new CassetteError(ErrorCode.Forbidden, 'lacks items:write');
    const formatted = {
      message: 'lacks items:write',
      extensions: { code: 'FORBIDDEN', stacktrace: ['CassetteError: …'] },
    };

    const result = normalizeError(formatted, error, EXPOSED);

    expect(result).toEqual({
      message: 'lacks items:write',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
