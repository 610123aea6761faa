import { PassThrough } from 'node:stream';

import { UsageError } from './exit-codes';
import type { Io } from './io';
import { connect, intOption, parseCommandArgs, positionals } from './options';

function ioWith(env: NodeJS.ProcessEnv): Io {
  return {
    env,
    cwd: '/',
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    signal: new AbortController().signal,
  };
}

describe('intOption', () => {
  it('takes the fallback when the flag is absent', () => {
    expect(intOption('--limit', undefined, 20, 1, 100)).toBe(20);
  });

  it.each(['0', '101', '2.5', '-1', 'ten', ''])(
    'refuses "%s" with the bounds in the message',
    (text) => {
      expect(() => intOption('--limit', text, 20, 1, 100)).toThrow(
        `--limit must be a whole number from 1 to 100, got "${text}".`,
      );
    },
  );
});

describe('parseCommandArgs', () => {
  it('turns an unknown flag into a usage error', () => {
    const parse = () =>
      parseCommandArgs(['--nope'], { json: { type: 'boolean' } });

    expect(parse).toThrow(UsageError);
    expect(parse).toThrow("Unknown option '--nope'");
  });
});

describe('positionals', () => {
  it('names what the command takes and what it got', () => {
    expect(() => positionals([], ['id'], 'get')).toThrow(
      'get takes <id>, got nothing.',
    );
    expect(() => positionals(['a', 'b'], ['id'], 'get')).toThrow(
      'get takes <id>, got "a b".',
    );
  });
});

describe('connect', () => {
  it('refuses a gateway URL that is not http(s)', () => {
    expect(() => connect({ url: 'localhost:8000' }, ioWith({}))).toThrow(
      '--url (or CASSETTE_URL) must be an http(s) URL',
    );
  });

  it('refuses a CASSETTE_TIMEOUT_MS that is not a number', () => {
    expect(() => connect({}, ioWith({ CASSETTE_TIMEOUT_MS: 'soon' }))).toThrow(
      'CASSETTE_TIMEOUT_MS must be a whole number',
    );
  });
});
