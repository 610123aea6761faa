import { GraphQLError } from 'graphql';

import { badUserInput, CassetteError } from './cassette-error';
import { ErrorCode } from './codes';

describe('CassetteError', () => {
  it('is a GraphQLError that carries its code and message', () => {
    const error = new CassetteError(ErrorCode.Forbidden, 'Not yours.');

    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.name).toBe('CassetteError');
    expect(error.message).toBe('Not yours.');
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('marks a retryable code as retryable', () => {
    const error = new CassetteError(ErrorCode.Unavailable, 'Retry shortly.');

    expect(error.extensions).toEqual({ code: 'UNAVAILABLE', retryable: true });
  });

  it.each([
    ErrorCode.BadUserInput,
    ErrorCode.Unauthenticated,
    ErrorCode.Forbidden,
    ErrorCode.InternalServerError,
  ])('leaves retryable out for %s', (code) => {
    const error = new CassetteError(code, 'No.');

    expect(error.extensions).not.toHaveProperty('retryable');
  });

  it('leaves the HTTP status alone for an error inside a resolver', () => {
    const error = new CassetteError(ErrorCode.Unauthenticated, 'Who are you?');

    expect(error.extensions).not.toHaveProperty('http');
  });

  it.each([
    [ErrorCode.BadUserInput, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.Unavailable, 503],
    [ErrorCode.InternalServerError, 500],
  ])(
    'sets the HTTP status of %s to %d when it ends the request',
    (code, status) => {
      const error = new CassetteError(code, 'Stop.', { endsRequest: true });

      expect(error.extensions.http).toEqual({ status });
    },
  );

  it('adds extra extensions without letting them replace the code', () => {
    const error = new CassetteError(ErrorCode.BadUserInput, 'Too long.', {
      extensions: { field: 'input.content', code: 'SOMETHING_ELSE' },
    });

    expect(error.extensions).toEqual({
      field: 'input.content',
      code: 'BAD_USER_INPUT',
    });
  });

  it('serializes to the shape a client receives', () => {
    const error = new CassetteError(ErrorCode.Unavailable, 'Retry shortly.');

    expect(error.toJSON()).toEqual({
      message: 'Retry shortly.',
      extensions: { code: 'UNAVAILABLE', retryable: true },
    });
  });
});

describe('badUserInput', () => {
  it('builds a BAD_USER_INPUT error with the field at fault', () => {
    const error = badUserInput('first must be at most 100, got 101', {
      field: 'first',
    });

    expect(error).toBeInstanceOf(CassetteError);
    expect(error.message).toBe('first must be at most 100, got 101');
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });
});
