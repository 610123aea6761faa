import type { Command } from '../command';
import { ExitCode, noItemWith } from '../exit-codes';
import { out } from '../io';
import { itemDetails, json } from '../output';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  parseCommandArgs,
  positionals,
} from '../options';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  json: { type: 'boolean' },
  content: { type: 'boolean' },
} as const;

export const get: Command = {
  name: 'get',
  summary: 'show one item',
  help: `Show one item.

Usage:
  cassette get <id> [--json | --content]

Options:
  --json     the whole item as JSON
  --content  the content alone, byte for byte, with no newline added
             (cassette get <id> --content > file)

${CONNECTION_HELP}

Exit codes: 0 found, 1 refused (a malformed id, say), 2 usage, 3 gateway
unreachable, 4 no such item, 5 not allowed.`,

  async run(argv, io) {
    const { values, positionals: args } = parseCommandArgs(argv, OPTIONS);
    const [id] = positionals(args, ['id'], 'get');

    const item = await connect(values, io).item(id!, { signal: io.signal });
    if (!item) throw noItemWith(id!);

    if (values.content) {
      io.stdout.write(item.content);
    } else {
      out(io, values.json ? json(item) : itemDetails(item));
    }
    return ExitCode.ok;
  },
};
