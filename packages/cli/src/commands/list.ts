import type { Item } from '@cassette/client';

import type { Command } from '../command';
import { ExitCode } from '../exit-codes';
import { err, out } from '../io';
import { itemTable, JsonArrayWriter } from '../output';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  intOption,
  parseCommandArgs,
  positionals,
} from '../options';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  collection: { type: 'string', short: 'c' },
  limit: { type: 'string', short: 'n' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_LIMIT = 20;

export const list: Command = {
  name: 'list',
  summary: 'list a collection, newest first',
  help: `List a collection's items, newest first.

Usage:
  cassette list [--collection <name>] [--limit <n> | --all] [--json]

Options:
  -c, --collection <name>  default "default"
  -n, --limit <n>          at most this many items, 1 to 1000000
                           (default ${DEFAULT_LIMIT})
      --all                every item, however many
      --json               a JSON array of whole items, content included

${CONNECTION_HELP}

The table shows id, time, size, tags and the start of the content. When
more items remain, a note on standard error says so. Exit codes: 0 listed,
1 refused, 2 usage, 3 gateway unreachable, 5 not allowed.`,

  async run(argv, io) {
    const { values, positionals: args } = parseCommandArgs(argv, OPTIONS);
    positionals(args, [], 'list');
    const limit = values.all
      ? Infinity
      : intOption('--limit', values.limit, DEFAULT_LIMIT, 1, 1_000_000);

    const client = connect(values, io);
    // JSON goes out as it arrives, so --all --json holds one page in
    // memory however large the collection; a table needs every row first
    // to size its columns.
    const stream = values.json ? new JsonArrayWriter(io) : undefined;
    const items: Item[] = [];
    let count = 0;
    let more = false;
    for await (const item of client.items({
      ...(values.collection !== undefined && { collection: values.collection }),
      pageSize: Math.min(100, limit + 1),
      signal: io.signal,
    })) {
      // One item past the limit tells whether more remain.
      if (count === limit) {
        more = true;
        break;
      }
      count += 1;
      if (stream) stream.add(item);
      else items.push(item);
    }

    if (stream) {
      stream.end();
    } else if (items.length === 0) {
      out(io, `No items in ${values.collection ?? 'default'}.`);
    } else {
      out(io, itemTable(items, io.stdout.columns ?? 100));
    }
    if (more && !stream) {
      err(io, `More items remain: use --limit <n> or --all.`);
    }
    return ExitCode.ok;
  },
};
