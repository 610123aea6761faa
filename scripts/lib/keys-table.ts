import type { ApiKeyInfo } from '../../gateway/src/auth/api-keys';

const HEADINGS = [
  'KEY ID',
  'TENANT',
  'SCOPES',
  'NAME',
  'CREATED',
  'EXPIRES',
  'REVOKED',
];

/** Keys as an aligned text table for a terminal, one key a line. */
export function formatKeyTable(keys: readonly ApiKeyInfo[]): string {
  const rows = keys.map((key) => [
    key.keyId,
    key.tenant,
    key.scopes.join(','),
    key.name ?? '-',
    time(key.createdAt),
    key.expiresAt ? time(key.expiresAt) : 'never',
    key.revokedAt ? time(key.revokedAt) : '-',
  ]);
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]!.length)),
  );

  return [HEADINGS, ...rows]
    .map((cells) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Keys for programs: absent dates are null, times ISO-8601 in UTC. */
export function formatKeyJson(keys: readonly ApiKeyInfo[]): string {
  const plain = keys.map((key) => ({
    keyId: key.keyId,
    tenant: key.tenant,
    scopes: key.scopes,
    name: key.name ?? null,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  }));
  return JSON.stringify(plain, null, 2);
}

// Seconds are precise enough for people reading a table.
function time(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
