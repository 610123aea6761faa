import type { Command } from '../command';
import { ExitCode, noItemWith } from '../exit-codes';
import { out } from '../io';
import { json } from '../output';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  parseCommandArgs,
  positionals,
} from '../options';

const OPTIONS = { ...CONNECTION_OPTIONS, json: { type: 'boolean' } } as const;

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete one item',
  help: `Delete one item. Its idempotency key, if it had one, is released.

Usage:
  cassette delete <id> [--json]

Options:
  --json  print {"id", "deleted"} as JSON

${CONNECTION_HELP}

Exit codes: 0 deleted, 1 refused (a malformed id, say), 2 usage, 3 gateway
unreachable, 4 no such item, 5 not allowed.`,

  async run(argv, io) {
    const { values, positionals: args } = parseCommandArgs(argv, OPTIONS);
    const [id] = positionals(args, ['id'], 'delete');

    const deleted = await connect(values, io).deleteItem(id!, {
      signal: io.signal,
    });
    if (values.json) out(io, json({ id, deleted }));
    if (!deleted) throw noItemWith(id!);

    if (!values.json) out(io, `Deleted ${id}.`);
    return ExitCode.ok;
  },
};
