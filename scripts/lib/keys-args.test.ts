import { parseDuration, parseKeysArgs, UsageError } from './keys-args';

function usageErrorOf(argv: string[]): string {
  try {
    parseKeysArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('npm run keys arguments', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']], [['list', '--help']]])(
    'asks for help with %j',
    (argv) => {
      expect(parseKeysArgs(argv)).toEqual({ name: 'help' });
    },
  );

  it('reads a create command with every option', () => {
    const argv = [
      'create',
      '--tenant',
      'acme',
      '--scopes',
      'items:read, items:write',
      '--expires',
      '30d',
      '--name',
      'ci',
    ];

    expect(parseKeysArgs(argv)).toEqual({
      name: 'create',
      tenant: 'acme',
      scopes: ['items:read', 'items:write'],
      expiresInMs: 30 * 86_400_000,
      label: 'ci',
    });
  });

  it('reads a create command without the optional parts', () => {
    const argv = ['create', '--tenant=acme', '--scopes=items:read'];

    expect(parseKeysArgs(argv)).toEqual({
      name: 'create',
      tenant: 'acme',
      scopes: ['items:read'],
    });
  });

  it('reads list, for a tenant and as JSON', () => {
    expect(parseKeysArgs(['list'])).toEqual({ name: 'list', json: false });
    expect(parseKeysArgs(['list', '--tenant', 'acme', '--json'])).toEqual({
      name: 'list',
      tenant: 'acme',
      json: true,
    });
  });

  it('reads revoke with its key id', () => {
    expect(parseKeysArgs(['revoke', '0123456789abcdef'])).toEqual({
      name: 'revoke',
      keyId: '0123456789abcdef',
    });
  });

  it.each([
    [['rotate'], 'Unknown command "rotate"; use create, list or revoke.'],
    [
      ['create', '--tenant', 'acme'],
      'create needs --tenant and --scopes, as in: create --tenant acme --scopes items:read,items:write',
    ],
    [
      ['create', '--tenant', 'Acme', '--scopes', 'items:read'],
      '--tenant: a tenant must be 1 to 64 of a-z, 0-9, _ or -, starting with a letter or digit; got "Acme".',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', 'items:read,admin'],
      '--scopes: scopes must be among items:read, items:write; got "admin".',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', ','],
      '--scopes: a key needs at least one scope, from items:read, items:write.',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', 'items:read', '--json'],
      'create does not take --json.',
    ],
    [['list', '--name', 'ci'], 'list does not take --name.'],
    [['list', 'acme'], 'list takes no arguments, got "acme".'],
    [['revoke'], 'revoke takes exactly one key id.'],
    [['revoke', 'a', 'b'], 'revoke takes exactly one key id.'],
    [
      ['revoke', 'cas_0123456789abcdef_secret'],
      `A key id is 16 lowercase hex digits, as in list's first column; got "cas_0123456789abcdef_secret".`,
    ],
  ])('refuses %j, saying why', (argv, message) => {
    expect(usageErrorOf(argv)).toBe(message);
  });

  it('refuses an unknown option', () => {
    expect(usageErrorOf(['list', '--all'])).toMatch(/Unknown option '--all'/);
  });
});

describe('--expires durations', () => {
  it.each([
    ['30d', 30 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['90m', 90 * 60_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0d', '30', '1w', '1.5h', '-1d', 'd', '1000000d'])(
    'refuses %s',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `--expires must be a whole number of days, hours or minutes, such as 30d, 12h or 90m; got "${text}".`,
      );
    },
  );
});
