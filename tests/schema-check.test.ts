import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Supergraph } from '@apollo/federation-internals';

import { REPO_ROOT } from '../scripts/lib/services';
import { SUBGRAPHS } from '../gateway/src/supergraph';
import { parseAcknowledgements } from '../scripts/schema/acknowledgements';
import { apiSchemaOf, diffApiSchemas } from '../scripts/schema/api-diff';
import {
  API_SCHEMA_PATH,
  apiSchemaFileOf,
  COMMITTED_SUBGRAPH_URLS,
  composeForCheck,
  composeSupergraphFile,
  readCommittedSupergraph,
  SUPERGRAPH_PATH,
} from '../scripts/schema/supergraph-file';

const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

// Anchors for edits: the opening lines of each subgraph's Item type.
const LIST_ITEM = 'type Item @key(fields: "id") {\n';
const UPLOAD_ITEM = 'type Item @key(fields: "id", resolvable: false) {\n';

type SdlEdits = Partial<Record<'upload' | 'list', (sdl: string) => string>>;

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'cassette-schema-check-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A repo root in `parent` with the subgraphs' SDL, edited. */
function subgraphRoot(edits: SdlEdits, parent = scratch): string {
  const root = mkdtempSync(path.join(parent, 'root-'));
  for (const { name, sdlPath } of SUBGRAPHS) {
    const sdl = readFileSync(path.join(REPO_ROOT, sdlPath), 'utf8');
    mkdirSync(path.dirname(path.join(root, sdlPath)), { recursive: true });
    writeFileSync(path.join(root, sdlPath), edits[name]?.(sdl) ?? sdl);
  }
  return root;
}

/** Adds lines at the top of a type; throws when the anchor is gone. */
function addToType(anchor: string, lines: string) {
  return (sdl: string) => {
    if (!sdl.includes(anchor)) {
      throw new Error(`the SDL no longer contains ${JSON.stringify(anchor)}`);
    }
    return sdl.replace(anchor, `${anchor}${lines}\n`);
  };
}

function supergraphWith(edits: SdlEdits): string {
  return composeSupergraphFile(subgraphRoot(edits));
}

function writeScratch(name: string, content: string): string {
  const filePath = path.join(scratch, name);
  writeFileSync(filePath, content);
  return filePath;
}

function runCodegenCheck(args: string[]) {
  const result = spawnSync(TSX, ['scripts/schema/codegen-check.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

function runCheckCli(args: string[]) {
  const result = spawnSync(TSX, ['scripts/schema/check.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('the committed supergraph', () => {
  it('equals a fresh composition of the subgraphs', () => {
    expect(readCommittedSupergraph(REPO_ROOT)).toBe(
      composeSupergraphFile(REPO_ROOT),
    );
  });

  it('loads as a supergraph despite its header comment', () => {
    const supergraph = Supergraph.build(readCommittedSupergraph(REPO_ROOT)!);

    expect(supergraph.subgraphsMetadata()).toEqual(
      expect.arrayContaining([
        { name: 'upload', url: COMMITTED_SUBGRAPH_URLS.upload },
        { name: 'list', url: COMMITTED_SUBGRAPH_URLS.list },
      ]),
    );
  });
});

describe('the API compatibility check', () => {
  let baseWithRating: string;

  beforeAll(() => {
    baseWithRating = writeScratch(
      'base-with-rating.graphql',
      supergraphWith({ list: addToType(LIST_ITEM, '  rating: Int') }),
    );
  });

  it('fails on a removed field and reports it as BREAKING FIELD_REMOVED', () => {
    const { status, output } = runCheckCli(['--base-file', baseWithRating]);

    expect(output).toContain(
      'BREAKING FIELD_REMOVED: Item.rating was removed.',
    );
    expect(output).toContain('1 breaking change(s) not acknowledged');
    expect(status).toBe(1);
  });

  it('passes when the removal is acknowledged with a reason', () => {
    const acknowledged = writeScratch(
      'acknowledged.json',
      JSON.stringify([
        {
          type: 'FIELD_REMOVED',
          description: 'Item.rating was removed.',
          reason: 'No client ever read rating.',
        },
      ]),
    );

    const { status, output } = runCheckCli([
      '--base-file',
      baseWithRating,
      '--acknowledged',
      acknowledged,
    ]);

    expect(output).toContain(
      'acknowledged FIELD_REMOVED: No client ever read rating.',
    );
    expect(status).toBe(0);
  });

  it('skips with a notice and passes when the base file does not exist', () => {
    const missing = path.join(scratch, 'no-such-base.graphql');

    const { status, output } = runCheckCli(['--base-file', missing]);

    expect(output).toContain(
      `compatibility check skipped: base file ${missing} does not exist`,
    );
    expect(status).toBe(0);
  });

  it('skips with a notice when the base git ref does not exist', () => {
    const { status, output } = runCheckCli(['--base', 'no-such-ref']);

    expect(output).toContain(
      'compatibility check skipped: git ref no-such-ref does not exist here',
    );
    expect(status).toBe(0);
  });

  it('does not count a new field as a change at all', () => {
    const base = apiSchemaOf(supergraphWith({}));
    const next = apiSchemaOf(
      supergraphWith({ list: addToType(LIST_ITEM, '  rating: Int') }),
    );

    expect(diffApiSchemas(base, next)).toEqual([]);
  });

  it('counts a new optional argument as dangerous, not breaking', () => {
    const base = apiSchemaOf(
      supergraphWith({ list: addToType(LIST_ITEM, '  summary: String') }),
    );
    const next = apiSchemaOf(
      supergraphWith({
        list: addToType(LIST_ITEM, '  summary(maxLength: Int): String'),
      }),
    );

    expect(diffApiSchemas(base, next)).toEqual([
      {
        severity: 'DANGEROUS',
        type: 'OPTIONAL_ARG_ADDED',
        description: 'An optional arg maxLength on Item.summary was added.',
      },
    ]);
  });
});

describe('the composition check', () => {
  it('reports each error when two subgraphs resolve the same non-shareable field', () => {
    const root = subgraphRoot({
      upload: addToType(UPLOAD_ITEM, '  size: Int!'),
    });

    const outcome = composeForCheck(root);

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(
      /Non-shareable field "Item\.size" is resolved from multiple subgraphs/,
    );
  });
});

describe('the acknowledgement file', () => {
  it('is rejected with the entry and field at fault when a reason is missing', () => {
    const entries = [
      { type: 'FIELD_REMOVED', description: 'Item.rating was removed.' },
    ];

    expect(() => parseAcknowledgements(entries, 'acks.json')).toThrow(
      'acks.json[0].reason must be a non-empty string; got nothing',
    );
  });

  it('is rejected when it is not a list', () => {
    expect(() => parseAcknowledgements({}, 'acks.json')).toThrow(
      'acks.json must hold a JSON array of { type, description, reason }; got {}',
    );
  });
});

describe('the typed client operations', () => {
  it('fail the generated code check when the API no longer has a field they select', async () => {
    // Inside the repository, so code generation finds its plugins in the
    // repository's node_modules.
    const parent = path.join(REPO_ROOT, 'test-artifacts');
    mkdirSync(parent, { recursive: true });
    const root = subgraphRoot(
      {
        list: (sdl) =>
          sdl.replace('  sha256: String!\n', '  sha256Hex: String!\n'),
      },
      parent,
    );
    // As `npm run schema:compose` would leave the files after the change.
    const supergraph = composeSupergraphFile(root);
    mkdirSync(path.join(root, 'schema'), { recursive: true });
    writeFileSync(path.join(root, SUPERGRAPH_PATH), supergraph);
    writeFileSync(
      path.join(root, API_SCHEMA_PATH),
      apiSchemaFileOf(supergraph),
    );
    cpSync(
      path.join(REPO_ROOT, 'packages/client/src/operations'),
      path.join(root, 'packages/client/src/operations'),
      { recursive: true },
    );

    const { status, output } = runCodegenCheck(['--root', root]);
    rmSync(root, { recursive: true, force: true });

    expect(output).toMatch(/Cannot query field "sha256" on type "Item"/);
    expect(status).toBe(1);
  });

  it('are generated fresh from the committed API schema', () => {
    const { status, output } = runCodegenCheck([]);

    expect(output).toContain('client operations are up to date');
    expect(status).toBe(0);
  });
});
