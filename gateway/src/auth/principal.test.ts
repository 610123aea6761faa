import { scopesProblem, SCOPES, tenantProblem } from './principal';

describe('tenant names', () => {
  it.each(['acme', 'a', '0', 'acme-eu_2', 'a'.repeat(64)])(
    'accepts %s',
    (tenant) => {
      expect(tenantProblem(tenant)).toBeUndefined();
    },
  );

  it.each([
    ['empty', ''],
    ['upper-case', 'Acme'],
    ['starting with -', '-acme'],
    ['starting with _', '_acme'],
    ['with a dot', 'acme.eu'],
    ['with a space', 'acme eu'],
    ['65 characters long', 'a'.repeat(65)],
    ['non-ASCII', 'acmé'],
  ])('refuses a name %s, quoting it', (_, tenant) => {
    expect(tenantProblem(tenant)).toBe(
      `a tenant must be 1 to 64 of a-z, 0-9, _ or -, starting with a letter or digit; got ${JSON.stringify(tenant)}`,
    );
  });
});

describe('scopes', () => {
  it('knows items:read and items:write', () => {
    expect(SCOPES).toEqual(['items:read', 'items:write']);
  });

  it('accepts any non-empty list of known scopes', () => {
    expect(scopesProblem(['items:read'])).toBeUndefined();
    expect(scopesProblem(['items:write', 'items:read'])).toBeUndefined();
  });

  it('names every unknown scope and the ones allowed', () => {
    expect(scopesProblem(['items:read', 'admin', 'items:*'])).toBe(
      'scopes must be among items:read, items:write; got "admin", "items:*"',
    );
  });

  it('refuses an empty list', () => {
    expect(scopesProblem([])).toBe(
      'a key needs at least one scope, from items:read, items:write',
    );
  });
});
