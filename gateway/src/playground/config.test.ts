import type { Env, RunMode } from '@cassette/common';

import { configProblems, readWith } from '../../../tests/support/config';
import { readPlaygroundConfig, type PlaygroundConfig } from './config';

const KEY = 'cas_example_key_for_the_playground';

function read(env: Env, mode: RunMode = 'development'): PlaygroundConfig {
  return readWith(env, (reader) => readPlaygroundConfig(reader, mode));
}

function problemsOf(env: Env, mode: RunMode): readonly string[] {
  return configProblems(() => read(env, mode));
}

describe('readPlaygroundConfig', () => {
  it.each(['development', 'test'] as const)(
    'serves the playground without a key by default in %s mode',
    (mode) => {
      expect(read({}, mode)).toEqual({ enabled: true });
    },
  );

  it('leaves the playground off by default in production', () => {
    expect(read({}, 'production')).toEqual({ enabled: false });
  });

  it('turns the playground off with PLAYGROUND=false', () => {
    expect(read({ PLAYGROUND: 'false' }).enabled).toBe(false);
  });

  it('turns the playground on in production when asked to', () => {
    expect(read({ PLAYGROUND: 'true' }, 'production').enabled).toBe(true);
  });

  it('reads the key to pre-fill, trimmed', () => {
    expect(read({ PLAYGROUND_API_KEY: ` ${KEY}\n` })).toEqual({
      enabled: true,
      apiKey: KEY,
    });
  });

  it('refuses a value of PLAYGROUND that is neither true nor false', () => {
    expect(problemsOf({ PLAYGROUND: 'maybe' }, 'development')).toEqual([
      'PLAYGROUND must be true or false, got "maybe"',
    ]);
  });

  it.each([{}, { PLAYGROUND: 'true' }, { PLAYGROUND: 'false' }])(
    'refuses a key in production without showing it (%o)',
    (env) => {
      const problems = problemsOf(
        { ...env, PLAYGROUND_API_KEY: KEY },
        'production',
      );

      expect(problems).toEqual([
        expect.stringMatching(/^PLAYGROUND_API_KEY is for development only: /),
      ]);
      expect(problems.join('\n')).not.toContain(KEY);
    },
  );
});
