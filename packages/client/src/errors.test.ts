import { CassetteClientError, isCassetteError } from './errors';

describe('CassetteClientError.fromGraphQLErrors', () => {
  it('takes code, message, field and limit from the first error and keeps them all', () => {
    const errors = [
      {
        message: 'input.tags must hold at most 32 tags, got 33',
        path: ['upload'],
        extensions: { code: 'BAD_USER_INPUT', field: 'input.tags', limit: 32 },
      },
      { message: 'a second error', extensions: { code: 'FORBIDDEN' } },
    ];

    const error = CassetteClientError.fromGraphQLErrors(errors, {
      status: 200,
      requestId: 'req-1',
    });

    expect(error).toMatchObject({
      name: 'CassetteClientError',
      code: 'BAD_USER_INPUT',
      message: 'input.tags must hold at most 32 tags, got 33',
      field: 'input.tags',
      limit: 32,
      status: 200,
      requestId: 'req-1',
      retryable: false,
    });
    expect(error.errors).toEqual(errors);
  });

  it('keeps a code this client does not know, as a newer gateway may send one', () => {
    const error = CassetteClientError.fromGraphQLErrors([
      { message: 'slow down', extensions: { code: 'RATE_LIMITED' } },
    ]);

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(false);
  });

  it('calls an error without a code INTERNAL_SERVER_ERROR', () => {
    const error = CassetteClientError.fromGraphQLErrors([
      { message: 'something broke' },
    ]);

    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('something broke');
  });

  it('says so when the error list is empty', () => {
    const error = CassetteClientError.fromGraphQLErrors([]);

    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe(
      'The gateway answered with an empty error list.',
    );
  });

  it('ignores a field or limit of the wrong type instead of passing it on', () => {
    const error = CassetteClientError.fromGraphQLErrors([
      {
        message: 'odd extensions',
        extensions: { code: 'BAD_USER_INPUT', field: 3, limit: '32' },
      },
    ]);

    expect(error.field).toBeUndefined();
    expect(error.limit).toBeUndefined();
  });
});

describe('CassetteClientError.retryable', () => {
  it.each(['NETWORK_ERROR', 'TIMEOUT', 'UNAVAILABLE'])(
    'is true for %s',
    (code) => {
      expect(new CassetteClientError(code, 'failed').retryable).toBe(true);
    },
  );

  it.each([
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'ABORTED',
    'BAD_RESPONSE',
    'INTERNAL_SERVER_ERROR',
  ])('is false for %s', (code) => {
    expect(new CassetteClientError(code, 'failed').retryable).toBe(false);
  });

  it('is true for any code whose error says retryable: true', () => {
    const error = CassetteClientError.fromGraphQLErrors([
      {
        message: 'overloaded',
        extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: true },
      },
    ]);

    expect(error.retryable).toBe(true);
  });

  it('takes only the boolean true as a retryable flag', () => {
    const error = CassetteClientError.fromGraphQLErrors([
      { message: 'no', extensions: { code: 'FORBIDDEN', retryable: 'true' } },
    ]);

    expect(error.retryable).toBe(false);
  });
});

describe('CassetteClientError', () => {
  it('is an Error that keeps its cause', () => {
    const cause = new TypeError('fetch failed');

    const error = new CassetteClientError('NETWORK_ERROR', 'unreachable', {
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(error.errors).toEqual([]);
    expect(error.status).toBeUndefined();
  });
});

describe('isCassetteError', () => {
  const forbidden = new CassetteClientError('FORBIDDEN', 'no');

  it('recognises a Cassette error of any code without a code to match', () => {
    expect(isCassetteError(forbidden)).toBe(true);
  });

  it('matches only the code it is asked about', () => {
    expect(isCassetteError(forbidden, 'FORBIDDEN')).toBe(true);
    expect(isCassetteError(forbidden, 'UNAUTHENTICATED')).toBe(false);
  });

  it('rejects other errors and non-errors', () => {
    expect(isCassetteError(new Error('FORBIDDEN'))).toBe(false);
    expect(isCassetteError({ code: 'FORBIDDEN' }, 'FORBIDDEN')).toBe(false);
    expect(isCassetteError(undefined)).toBe(false);
  });
});
