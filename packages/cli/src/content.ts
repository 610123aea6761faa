import path from 'node:path';

import { CliError, ExitCode, UsageError } from './exit-codes';

// Cassette stores text; a file that is not UTF-8 would not come back byte
// for byte, so it is refused rather than mangled.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as text, or an error naming `source` when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new NotTextError(source);
  }
}

export class NotTextError extends CliError {
  constructor(readonly source: string) {
    super(
      `${source} is not UTF-8 text; Cassette stores text only.`,
      ExitCode.failed,
    );
  }
}

const TYPES: Record<string, string> = {
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A media type from a file's extension; plain text when unknown. */
export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'text/plain; charset=utf-8';
}

/** `--meta key=value` flags as metadata entries, in order. */
export function parseMeta(
  entries: readonly string[] = [],
): Array<{ key: string; value: string }> {
  return entries.map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0) {
      throw new UsageError(
        `--meta takes key=value with a non-empty key, got "${entry}".`,
      );
    }
    return { key: entry.slice(0, at), value: entry.slice(at + 1) };
  });
}
