import path from 'node:path';

import {
  readAcknowledgements,
  splitAcknowledged,
  type AcknowledgedSplit,
} from './acknowledgements';
import { apiSchemaOf, diffApiSchemas, formatChange } from './api-diff';
import { loadBaseSchema, type BaseSource } from './base-schema';
import { findStaleGeneratedFiles } from './codegen-freshness';
import {
  API_SCHEMA_PATH,
  apiSchemaFileOf,
  composeForCheck,
  readCommitted,
  SUPERGRAPH_PATH,
  type CompositionOutcome,
} from './supergraph-file';

export interface SchemaCheckOptions {
  /** The repo root whose subgraph SDL files and committed files to check. */
  root: string;
  /** The supergraph that clients rely on today. */
  base: BaseSource;
  /** The JSON file of breaking changes accepted on purpose. */
  acknowledgementsPath: string;
}

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  name: string;
  status: StepStatus;
  /** Lines for a person: the errors, changes or reason for skipping. */
  details: string[];
}

/**
 * Runs every check: composition, the committed schema files' freshness, the
 * API's compatibility with the base, and the freshness of the generated code
 * (resolver types, and the typed client's operations, which also fails when
 * an operation no longer fits the API). The whole check fails when any step
 * failed.
 */
export async function runSchemaCheck(
  options: SchemaCheckOptions,
): Promise<StepResult[]> {
  const composition = composeForCheck(options.root);
  const steps: StepResult[] = [compositionStep(composition)];

  if (composition.ok) {
    steps.push(freshnessStep(options.root, composition.supergraphFile));
    steps.push(
      guard('API compatibility', () =>
        compatibilityStep(options, composition.supergraphFile),
      ),
    );
  } else {
    const details = ['needs a supergraph that composes'];
    steps.push({ name: 'committed schema files', status: 'skipped', details });
    steps.push({ name: 'API compatibility', status: 'skipped', details });
  }

  steps.push(await generatedTypesStep(options.root));
  return steps;
}

function compositionStep(outcome: CompositionOutcome): StepResult {
  return outcome.ok
    ? { name: 'composition', status: 'passed', details: [] }
    : { name: 'composition', status: 'failed', details: [outcome.message] };
}

// The API schema file is derived from the supergraph, so both go stale
// together and one command refreshes both.
function freshnessStep(root: string, supergraph: string): StepResult {
  const expected = {
    [SUPERGRAPH_PATH]: supergraph,
    [API_SCHEMA_PATH]: apiSchemaFileOf(supergraph),
  };

  const details: string[] = [];
  for (const [relativePath, fresh] of Object.entries(expected)) {
    const committed = readCommitted(root, relativePath);
    if (committed === fresh) continue;
    const problem = committed === undefined ? 'missing' : 'stale';
    details.push(`${relativePath} is ${problem}: run npm run schema:compose`);
  }
  const status = details.length > 0 ? 'failed' : 'passed';
  return { name: 'committed schema files', status, details };
}

// The current API is the fresh composition, not the committed file, so a
// stale file cannot hide a breaking change in the subgraphs' SDL.
function compatibilityStep(
  options: SchemaCheckOptions,
  current: string,
): StepResult {
  const base = loadBaseSchema(options.base, options.root);
  if (!base.found) {
    return {
      name: 'API compatibility',
      status: 'skipped',
      details: [`compatibility check skipped: ${base.reason}`],
    };
  }

  const changes = diffApiSchemas(apiSchemaOf(base.sdl), apiSchemaOf(current));
  const split = splitAcknowledged(
    changes,
    readAcknowledgements(options.acknowledgementsPath),
  );

  return {
    name: `API compatibility with ${base.label}`,
    status: split.unacknowledged.length > 0 ? 'failed' : 'passed',
    details: [
      ...changes.map(formatChange),
      ...describeAcknowledgements(
        split,
        displayPath(options.root, options.acknowledgementsPath),
      ),
    ],
  };
}

function describeAcknowledgements(
  split: AcknowledgedSplit,
  acknowledgementsPath: string,
): string[] {
  const lines = split.acknowledged.map(
    ({ change, reason }) => `acknowledged ${change.type}: ${reason}`,
  );
  for (const entry of split.unused) {
    lines.push(
      `acknowledgement matches no change, remove it: ${entry.type}: ${entry.description}`,
    );
  }
  if (split.unacknowledged.length > 0) {
    lines.push(
      `${split.unacknowledged.length} breaking change(s) not acknowledged: restore compatibility, or add each to ${acknowledgementsPath} with a reason`,
    );
  }
  return lines;
}

async function generatedTypesStep(root: string): Promise<StepResult> {
  const name = 'generated code';
  try {
    const stale = await findStaleGeneratedFiles(root);
    if (stale.length === 0) return { name, status: 'passed', details: [] };

    return {
      name,
      status: 'failed',
      details: [
        'stale generated files: run npm run codegen',
        ...stale.map((file) => `  - ${file}`),
      ],
    };
  } catch (error) {
    return { name, status: 'failed', details: [messageOf(error)] };
  }
}

function guard(name: string, step: () => StepResult): StepResult {
  try {
    return step();
  } catch (error) {
    return { name, status: 'failed', details: [messageOf(error)] };
  }
}

// Paths inside the repo read best relative to it, others in full.
function displayPath(root: string, filePath: string): string {
  const relative = path.relative(root, filePath);
  return relative.startsWith('..') ? filePath : relative;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
