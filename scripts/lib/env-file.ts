/**
 * `KEY=value` lines of an env file, as `.cassette/secrets.env` and
 * `compose.env` are written; comments, blank and malformed lines skipped.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1] as string] = (match[2] as string).trim();
  }
  return env;
}
