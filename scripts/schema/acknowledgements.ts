import { readFileSync } from 'node:fs';

import type { SchemaChange } from './api-diff';

/** Where acknowledged breaking changes are committed, from the repo root. */
export const ACKNOWLEDGEMENTS_PATH = 'schema/acknowledged-changes.json';

/**
 * A breaking change the team has decided to ship. It matches a reported
 * change with the same type and description, word for word.
 */
export interface Acknowledgement {
  type: string;
  description: string;
  /** Why shipping the break is acceptable: who was told, what migrates. */
  reason: string;
}

/** The breaking changes of a diff, split by whether they were accepted. */
export interface AcknowledgedSplit {
  acknowledged: Array<{ change: SchemaChange; reason: string }>;
  unacknowledged: SchemaChange[];
  /** Entries that match no change: already shipped, or mistyped. */
  unused: Acknowledgement[];
}

/** Reads and validates an acknowledgement file; throws naming the problem. */
export function readAcknowledgements(filePath: string): Acknowledgement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read acknowledged changes ${filePath}: ${cause}`);
  }
  return parseAcknowledgements(parsed, filePath);
}

export function parseAcknowledgements(
  value: unknown,
  source: string,
): Acknowledgement[] {
  if (!Array.isArray(value)) {
    throw new Error(
      `${source} must hold a JSON array of { type, description, reason }; got ${describe(value)}`,
    );
  }
  return value.map((entry: unknown, index) => {
    const where = `${source}[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      throw new Error(
        `${where} must be an object { type, description, reason }; got ${describe(entry)}`,
      );
    }

    const text = (key: keyof Acknowledgement): string => {
      const field = (entry as Record<string, unknown>)[key];
      if (typeof field !== 'string' || field.trim() === '') {
        throw new Error(
          `${where}.${key} must be a non-empty string; got ${describe(field)}`,
        );
      }
      return field;
    };
    return {
      type: text('type'),
      description: text('description'),
      reason: text('reason'),
    };
  });
}

/** Splits the breaking changes; dangerous ones never need acknowledging. */
export function splitAcknowledged(
  changes: SchemaChange[],
  acknowledgements: Acknowledgement[],
): AcknowledgedSplit {
  const split: AcknowledgedSplit = {
    acknowledged: [],
    unacknowledged: [],
    unused: [...acknowledgements],
  };

  for (const change of changes) {
    if (change.severity !== 'BREAKING') continue;

    const match = acknowledgements.find(
      (entry) =>
        entry.type === change.type && entry.description === change.description,
    );
    if (match) {
      split.acknowledged.push({ change, reason: match.reason });
      split.unused = split.unused.filter((entry) => entry !== match);
    } else {
      split.unacknowledged.push(change);
    }
  }
  return split;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
