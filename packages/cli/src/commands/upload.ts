import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { UploadInput } from '@cassette/client';

import type { Command } from '../command';
import { contentTypeFor, decodeUtf8, parseMeta } from '../content';
import { ExitCode, UsageError } from '../exit-codes';
import { out, readAll, type Io } from '../io';
import { formatBytes, json } from '../output';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  parseCommandArgs,
} from '../options';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  file: { type: 'string', short: 'f' },
  collection: { type: 'string', short: 'c' },
  tag: { type: 'string', short: 't', multiple: true },
  meta: { type: 'string', short: 'm', multiple: true },
  'content-type': { type: 'string' },
  'idempotency-key': { type: 'string', short: 'k' },
  json: { type: 'boolean' },
} as const;

export const upload: Command = {
  name: 'upload',
  summary: 'store one item from text, a file or standard input',
  help: `Store one item.

Usage:
  cassette upload "some text" [options]
  cassette upload --file notes.md [options]
  cassette upload - [options]          (reads standard input)

Options:
  -f, --file <path>            upload this file's text; its name is kept as
                               metadata "filename", its type is guessed from
                               the extension
  -c, --collection <name>      default "default"
  -t, --tag <tag>              repeat for several tags
  -m, --meta <key=value>       repeat for several entries
      --content-type <type>    default text/plain, or from --file's extension
  -k, --idempotency-key <key>  a retry with the same key stores nothing new
      --json                   print {"created", "item"} as JSON

${CONNECTION_HELP}

Prints the new item's id. Exit codes: 0 stored (or already stored with this
key), 1 refused, 2 usage, 3 gateway unreachable, 5 not allowed.`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const source = await readSource(values.file, positionals, io);

    const metadata = parseMeta(values.meta);
    if (source.filename && !metadata.some(({ key }) => key === 'filename')) {
      metadata.push({ key: 'filename', value: source.filename });
    }
    const input: UploadInput = {
      content: source.content,
      metadata,
      tags: values.tag ?? [],
      ...(values.collection !== undefined && { collection: values.collection }),
      ...(values['idempotency-key'] !== undefined && {
        idempotencyKey: values['idempotency-key'],
      }),
    };
    const contentType = values['content-type'] ?? source.contentType;
    if (contentType !== undefined) input.contentType = contentType;

    const result = await connect(values, io).upload(input, {
      signal: io.signal,
    });
    if (values.json) {
      out(io, json(result));
    } else {
      const { item } = result;
      const what = result.created ? 'Stored' : 'Already stored';
      out(
        io,
        `${what} ${item.id} in ${item.collection} (${formatBytes(item.size)}, sha256 ${item.sha256.slice(0, 12)}…)`,
      );
    }
    return ExitCode.ok;
  },
};

interface Source {
  content: string;
  filename?: string;
  contentType?: string;
}

// Exactly one of: the text as an argument, --file, or "-" for stdin.
async function readSource(
  file: string | undefined,
  args: readonly string[],
  io: Io,
): Promise<Source> {
  if (args.length > 1) {
    throw new UsageError(
      `upload takes one text argument (quote it), got ${args.length}: ${args.map((a) => JSON.stringify(a)).join(' ')}.`,
    );
  }
  const [text] = args;
  if (file !== undefined && text !== undefined) {
    throw new UsageError('Give the text, --file or -, not more than one.');
  }

  if (file !== undefined) {
    const filePath = path.resolve(io.cwd, file);
    const bytes = await readFile(filePath).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `Cannot read --file ${file}: ${error.code ?? error.message}.`,
        );
      },
    );
    return {
      content: decodeUtf8(bytes, file),
      filename: path.basename(filePath),
      contentType: contentTypeFor(filePath),
    };
  }
  if (text === '-') {
    return { content: decodeUtf8(await readAll(io.stdin), 'standard input') };
  }
  if (text === undefined) {
    throw new UsageError(
      'upload needs something to store: "some text", --file <path> or - for standard input.',
    );
  }
  return { content: text };
}
