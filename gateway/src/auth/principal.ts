/** Who is calling, as established by an API key or a JWT. */
export interface Principal {
  /** Every item the caller reads or writes belongs to this tenant. */
  tenant: string;
  scopes: ReadonlySet<string>;
  /** The API key id, or the JWT's `sub` claim: what logs name the caller by. */
  subject: string;
  via: 'api-key' | 'jwt';
}

/** Every scope a credential can carry. */
export const SCOPES = ['items:read', 'items:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const TENANT_MAX_CHARS = 64;

const TENANT = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${TENANT_MAX_CHARS - 1}}$`);

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Why a tenant name is refused, or undefined when it is acceptable. */
export function tenantProblem(tenant: string): string | undefined {
  if (TENANT.test(tenant)) return undefined;
  return `a tenant must be 1 to ${TENANT_MAX_CHARS} of a-z, 0-9, _ or -, starting with a letter or digit; got ${JSON.stringify(tenant)}`;
}

/** Why a list of scopes is refused, or undefined when it is acceptable. */
export function scopesProblem(scopes: readonly string[]): string | undefined {
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    return `scopes must be among ${SCOPES.join(', ')}; got ${unknown.map((scope) => JSON.stringify(scope)).join(', ')}`;
  }
  if (scopes.length === 0) {
    return `a key needs at least one scope, from ${SCOPES.join(', ')}`;
  }
  return undefined;
}
