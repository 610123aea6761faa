import { CassetteClientError } from '@cassette/client';

import { CliError, ExitCode, exitCodeFor, UsageError } from './exit-codes';

describe('exitCodeFor', () => {
  it.each([
    ['UNAUTHENTICATED', ExitCode.denied],
    ['FORBIDDEN', ExitCode.denied],
    ['NETWORK_ERROR', ExitCode.unavailable],
    ['TIMEOUT', ExitCode.unavailable],
    ['UNAVAILABLE', ExitCode.unavailable],
    ['ABORTED', ExitCode.interrupted],
    ['BAD_USER_INPUT', ExitCode.failed],
    ['INTERNAL_SERVER_ERROR', ExitCode.failed],
  ])('maps %s to %d', (code, exitCode) => {
    expect(exitCodeFor(new CassetteClientError(code, 'x'))).toBe(exitCode);
  });

  it('keeps the code a command error chose', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2);
    expect(exitCodeFor(new CliError('x', ExitCode.notFound))).toBe(4);
  });

  it('treats anything else as a failure', () => {
    expect(exitCodeFor(new Error('x'))).toBe(1);
  });
});
