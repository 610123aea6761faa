import { configProblems } from '../../../../tests/support/config';
import { ConfigError, EnvReader } from './env';

// The problems an EnvReader has recorded, read the way a service sees them.
function problemsOf(env: EnvReader): readonly string[] {
  return configProblems(() => env.done());
}

describe('EnvReader', () => {
  describe('unset and blank variables', () => {
    it.each([
      ['unset', {}],
      ['empty', { VALUE: '' }],
      ['blank', { VALUE: '  \t ' }],
    ])('gives every reader its default when the variable is %s', (_, vars) => {
      const env = new EnvReader(vars);

      expect(env.raw('VALUE')).toBeUndefined();
      expect(env.str('VALUE', 'fallback')).toBe('fallback');
      expect(env.optionalStr('VALUE')).toBeUndefined();
      expect(env.int('VALUE', 7, { min: 1, max: 9 })).toBe(7);
      expect(env.bool('VALUE', true)).toBe(true);
      expect(env.oneOf('VALUE', ['a', 'b'], 'b')).toBe('b');
      expect(env.list('VALUE', ['x', 'y'])).toEqual(['x', 'y']);
      expect(problemsOf(env)).toEqual([]);
    });

    it('trims the whitespace around a value that is set', () => {
      const env = new EnvReader({ NAME: '  cassette \n' });

      expect(env.str('NAME', 'fallback')).toBe('cassette');
    });

    it('hands out a copy of the list default, not the default itself', () => {
      const fallback = ['x'];
      const env = new EnvReader({});

      const list = env.list('HOSTS', fallback);
      list.push('y');

      expect(fallback).toEqual(['x']);
    });
  });

  describe('int', () => {
    it.each([
      ['42', 42],
      [' 42 ', 42],
      ['-3', -3],
      ['0', 0],
    ])('reads "%s" as %d', (value, expected) => {
      const env = new EnvReader({ COUNT: value });

      expect(env.int('COUNT', 1)).toBe(expected);
      expect(problemsOf(env)).toEqual([]);
    });

    it.each(['1.5', '12x', 'abc', '1e3', '0x10', '+5'])(
      'records the non-integer "%s" with the variable name and keeps the default',
      (value) => {
        const env = new EnvReader({ PORT: value });

        const port = env.int('PORT', 4001, { min: 1, max: 65535 });

        expect(port).toBe(4001);
        expect(problemsOf(env)).toEqual([
          `PORT must be an integer from 1 to 65535, got "${value}"`,
        ]);
      },
    );

    it.each(['0', '65536', '-1'])(
      'records %s as outside the range 1 to 65535',
      (value) => {
        const env = new EnvReader({ PORT: value });

        const port = env.int('PORT', 4001, { min: 1, max: 65535 });

        expect(port).toBe(4001);
        expect(problemsOf(env)).toEqual([
          `PORT must be an integer from 1 to 65535, got "${value}"`,
        ]);
      },
    );

    it('accepts both ends of the range', () => {
      const env = new EnvReader({ LOW: '1', HIGH: '65535' });

      expect(env.int('LOW', 2, { min: 1, max: 65535 })).toBe(1);
      expect(env.int('HIGH', 2, { min: 1, max: 65535 })).toBe(65535);
      expect(problemsOf(env)).toEqual([]);
    });

    it('refuses an integer beyond the safe range when no range is given', () => {
      const env = new EnvReader({ BIG: '99999999999999999999' });

      expect(env.int('BIG', 5)).toBe(5);
      expect(problemsOf(env)).toEqual([
        `BIG must be an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, got "99999999999999999999"`,
      ]);
    });
  });

  describe('bool', () => {
    it.each(['1', 'true', 'TRUE', 'yes', 'Yes', 'on'])(
      'reads "%s" as true',
      (value) => {
        const env = new EnvReader({ FLAG: value });

        expect(env.bool('FLAG', false)).toBe(true);
        expect(problemsOf(env)).toEqual([]);
      },
    );

    it.each(['0', 'false', 'False', 'no', 'off', 'OFF'])(
      'reads "%s" as false',
      (value) => {
        const env = new EnvReader({ FLAG: value });

        expect(env.bool('FLAG', true)).toBe(false);
        expect(problemsOf(env)).toEqual([]);
      },
    );

    it('records a value that is neither true nor false and keeps the default', () => {
      const env = new EnvReader({ FLAG: 'maybe' });

      expect(env.bool('FLAG', true)).toBe(true);
      expect(problemsOf(env)).toEqual([
        'FLAG must be true or false, got "maybe"',
      ]);
    });
  });

  describe('oneOf', () => {
    const FORMATS = ['json', 'pretty'] as const;

    it('returns an allowed value', () => {
      const env = new EnvReader({ LOG_FORMAT: 'pretty' });

      expect(env.oneOf('LOG_FORMAT', FORMATS, 'json')).toBe('pretty');
      expect(problemsOf(env)).toEqual([]);
    });

    it.each(['xml', 'JSON'])(
      'records "%s" with the allowed values and keeps the default',
      (value) => {
        const env = new EnvReader({ LOG_FORMAT: value });

        expect(env.oneOf('LOG_FORMAT', FORMATS, 'json')).toBe('json');
        expect(problemsOf(env)).toEqual([
          `LOG_FORMAT must be one of json, pretty, got "${value}"`,
        ]);
      },
    );
  });

  describe('list', () => {
    it('splits on commas, trims entries and drops blank ones', () => {
      const env = new EnvReader({ HOSTS: ' a, b ,, c ,' });

      expect(env.list('HOSTS', ['fallback'])).toEqual(['a', 'b', 'c']);
    });

    it('gives an empty list, not the default, when only commas are set', () => {
      const env = new EnvReader({ HOSTS: ', ,' });

      expect(env.list('HOSTS', ['fallback'])).toEqual([]);
    });
  });

  describe('required', () => {
    it('returns the value when it is set', () => {
      const env = new EnvReader({ CURSOR_SECRET: 's3cret' });

      expect(env.required('CURSOR_SECRET', 'a long random string')).toBe(
        's3cret',
      );
      expect(problemsOf(env)).toEqual([]);
    });

    it.each([
      ['unset', {}],
      ['blank', { CURSOR_SECRET: ' ' }],
    ])('records the variable and the hint when it is %s', (_, vars) => {
      const env = new EnvReader(vars);

      const value = env.required('CURSOR_SECRET', 'a long random string');

      expect(value).toBe('');
      expect(problemsOf(env)).toEqual([
        'CURSOR_SECRET is required: a long random string',
      ]);
    });
  });

  describe('done', () => {
    it('does not throw when nothing was wrong', () => {
      const env = new EnvReader({ PORT: '4001' });

      env.int('PORT', 1);

      expect(() => env.done()).not.toThrow();
    });

    it('throws one ConfigError that lists every problem in order', () => {
      const env = new EnvReader({ PORT: 'x', FLAG: 'perhaps', MODE: 'loud' });
      env.int('PORT', 4001, { min: 1, max: 65535 });
      env.bool('FLAG', false);
      env.oneOf('MODE', ['quiet'], 'quiet');
      env.required('SECRET', 'set it');

      let thrown: unknown;
      try {
        env.done();
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(ConfigError);
      const configError = thrown as ConfigError;
      expect(configError.name).toBe('ConfigError');
      expect(configError.problems).toEqual([
        'PORT must be an integer from 1 to 65535, got "x"',
        'FLAG must be true or false, got "perhaps"',
        'MODE must be one of quiet, got "loud"',
        'SECRET is required: set it',
      ]);
      expect(configError.message).toBe(
        [
          'Invalid configuration:',
          '  - PORT must be an integer from 1 to 65535, got "x"',
          '  - FLAG must be true or false, got "perhaps"',
          '  - MODE must be one of quiet, got "loud"',
          '  - SECRET is required: set it',
        ].join('\n'),
      );
    });

    it('includes problems recorded directly by the caller', () => {
      const env = new EnvReader({});

      env.problem('CASSANDRA_USERNAME and CASSANDRA_PASSWORD go together');

      expect(problemsOf(env)).toEqual([
        'CASSANDRA_USERNAME and CASSANDRA_PASSWORD go together',
      ]);
    });
  });
});
