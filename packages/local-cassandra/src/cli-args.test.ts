import { CliUsageError, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('reads a command with its node options', () => {
    const args = parseCliArgs([
      'start',
      '--address',
      '127.0.0.2',
      '--heap-mb',
      '512',
      '--jmx-port',
      '7299',
      '--seeds',
      '127.0.0.1, 127.0.0.2',
      '--password-auth',
    ]);

    expect(args).toEqual({
      command: 'start',
      options: {
        address: '127.0.0.2',
        heapMb: 512,
        jmxPort: 7299,
        seeds: ['127.0.0.1', '127.0.0.2'],
        passwordAuth: true,
      },
    });
  });

  it('leaves unset flags to the defaults', () => {
    expect(parseCliArgs(['status'])).toEqual({
      command: 'status',
      options: {},
    });
  });

  it('shows help on --help whatever else is given', () => {
    expect(parseCliArgs(['start', '-h']).command).toBe('help');
  });

  it('refuses a missing or unknown command, followed by the usage', () => {
    expect(() => parseCliArgs([])).toThrow(
      'Expected a command, one of start, stop or status; got none.\n\nUsage:',
    );
    expect(() => parseCliArgs(['restart'])).toThrow(
      'Expected a command, one of start, stop or status; got "restart".',
    );
  });

  it('refuses a number flag that is not a whole number', () => {
    expect(() => parseCliArgs(['start', '--heap-mb', '1g'])).toThrow(
      new CliUsageError('--heap-mb must be a whole number, got "1g".'),
    );
  });

  it('refuses unknown flags and extra words', () => {
    expect(() => parseCliArgs(['start', '--heap', '1'])).toThrow(
      "Unknown option '--heap'",
    );
    expect(() => parseCliArgs(['start', 'now'])).toThrow(
      'Expected one command, got also: now.',
    );
  });
});
