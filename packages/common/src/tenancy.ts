/**
 * The tenant every item belongs to until callers authenticate. It is part
 * of every partition key and cursor already, so tenants need no migration.
 */
export const DEFAULT_TENANT = 'default';
