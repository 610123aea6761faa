/**
 * `npm run schema:check`: fails when the subgraphs do not compose, when the
 * committed supergraph or resolver types are stale, or when the API has a
 * breaking change against the base that nobody acknowledged.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { REPO_ROOT } from '../lib/services';
import { ACKNOWLEDGEMENTS_PATH } from './acknowledgements';
import type { BaseSource } from './base-schema';
import { runSchemaCheck, type StepStatus } from './schema-check';

const USAGE = `usage: npm run schema:check -- [options]

  --base <git ref>       compare the API with schema/supergraph.graphql at this
                         ref (default HEAD~1)
  --base-file <path>     compare the API with this supergraph file instead
  --acknowledged <path>  accepted breaking changes
                         (default ${ACKNOWLEDGEMENTS_PATH})`;

const MARKS: Record<StepStatus, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  skipped: 'SKIP',
};

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      'base-file': { type: 'string' },
      acknowledged: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.base !== undefined && values['base-file'] !== undefined) {
    throw new Error('--base and --base-file cannot be used together');
  }

  const base: BaseSource =
    values['base-file'] !== undefined
      ? { file: path.resolve(values['base-file']) }
      : { ref: values.base ?? 'HEAD~1' };
  const acknowledgementsPath =
    values.acknowledged !== undefined
      ? path.resolve(values.acknowledged)
      : path.join(REPO_ROOT, ACKNOWLEDGEMENTS_PATH);
  return { help: values.help === true, base, acknowledgementsPath };
}

async function main() {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const steps = await runSchemaCheck({ root: REPO_ROOT, ...options });
  for (const step of steps) {
    console.log(`${MARKS[step.status]}  ${step.name}`);
    for (const detail of step.details) {
      console.log(detail.replace(/^/gm, '      '));
    }
  }

  const failed = steps.filter((step) => step.status === 'failed');
  if (failed.length > 0) {
    console.error(
      `schema check failed: ${failed.map((step) => step.name).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
