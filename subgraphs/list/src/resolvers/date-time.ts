import { GraphQLScalarType, Kind } from 'graphql';

import { badUserInput } from '@cassette/common';

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  const date =
    typeof value === 'string' && ISO_8601.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badUserInput(
      `DateTime must be an ISO-8601 string such as 2026-12-03T13:11:29.123Z, got ${JSON.stringify(value)}`,
    );
  }
  return date;
}

/** Instants leave as ISO-8601 in UTC with milliseconds. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : parse(value);
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral(ast) {
    return parse(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});
