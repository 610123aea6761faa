import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { REPO_ROOT } from '../../scripts/lib/services';

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** Upper case, e.g. `COPY`. */
  keyword: string;
  /** Everything after the keyword, trimmed. */
  args: string;
}

export interface Stage {
  /** The image or earlier stage it starts from. */
  base: string;
  /** The name given with `AS`, if any. */
  name?: string;
  instructions: Instruction[];
}

/**
 * Splits a Dockerfile into stages of instructions: comments and blank lines
 * dropped, lines ending in a backslash joined with the next, as BuildKit
 * reads them. Heredocs and a changed escape character are not supported,
 * and Cassette's Dockerfiles use neither.
 */
export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    // BuildKit skips comments and blank lines, inside continuations too.
    if (/^\s*#/.test(line) || !line.trim()) continue;

    if (line.endsWith('\\')) {
      pending += line.slice(0, -1);
      continue;
    }
    const whole = (pending + line).trim();
    const keyword = whole.split(/\s/, 1)[0] ?? '';
    instructions.push({
      keyword: keyword.toUpperCase(),
      args: whole.slice(keyword.length).trim(),
    });
    pending = '';
  }

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const { rest } = splitFlags(instruction.args);
      const [base = '', as, name] = rest.split(/\s+/);
      const named = as?.toUpperCase() === 'AS' ? { name } : {};
      stages.push({ base, ...named, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export function readDockerfile(relPath: string): Stage[] {
  return parseDockerfile(readFileSync(path.join(REPO_ROOT, relPath), 'utf8'));
}

/** The stage the image is made of: the last one. */
export function finalStage(stages: readonly Stage[]): Stage {
  const stage = stages.at(-1);
  if (!stage) throw new Error('the Dockerfile has no FROM');
  return stage;
}

/** The arguments of every `keyword` instruction in the stage, in order. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);
}

/** The stage's COPY instructions that read from the build context. */
export function contextCopies(stage: Stage) {
  return argsOf(stage, 'COPY').flatMap((args) => {
    const { flags, rest } = splitFlags(args);
    if (flags.from) return [];
    const parts = rest.split(/\s+/);
    return [{ sources: parts.slice(0, -1), destination: parts.at(-1) ?? '' }];
  });
}

/** Leading `--name=value` flags, and the arguments after them. */
export function splitFlags(args: string): {
  flags: Record<string, string>;
  rest: string;
} {
  const flags: Record<string, string> = {};
  let rest = args.trim();
  for (let match; (match = /^--([\w-]+)=(\S+)\s*/.exec(rest));) {
    flags[match[1] as string] = match[2] as string;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** The JSON (exec) form of CMD, HEALTHCHECK CMD and the like. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (
    !Array.isArray(parsed) ||
    !parsed.every((part) => typeof part === 'string')
  ) {
    throw new TypeError(`expected a JSON array of strings, got ${args}`);
  }
  return parsed;
}

/** `ENV A=1 B="two"` as a record; the legacy `ENV A 1` form too. */
export function envOf(instructions: readonly Instruction[]) {
  const env: Record<string, string> = {};
  for (const { keyword, args } of instructions) {
    if (keyword !== 'ENV') continue;

    const pairs = args.match(/[\w.-]+=("[^"]*"|'[^']*'|\S*)/g);
    if (!pairs) {
      const [name = '', ...value] = args.split(/\s+/);
      env[name] = value.join(' ');
      continue;
    }
    for (const pair of pairs) {
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      env[name] = value.replace(/^(["'])(.*)\1$/s, '$2');
    }
  }
  return env;
}

/** `name:tag` split, with any `@sha256:` digest dropped. */
export function imageTag(reference: string): string | undefined {
  const [withoutDigest = ''] = reference.split('@');
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return colon === -1 ? undefined : lastPart.slice(colon + 1);
}

/** A tag that names a version (`5.0.7`, `20.20.2-bookworm-slim`), never `latest`. */
export function isPinned(reference: string): boolean {
  const tag = imageTag(reference);
  return tag !== undefined && tag !== 'latest' && /^v?\d+(\.\d+)+/.test(tag);
}

/**
 * The build context's `.dockerignore`: patterns match a path or any folder
 * above it, `**` spans folders, a leading `!` re-includes, and the last
 * matching pattern wins.
 */
export class DockerIgnore {
  private readonly rules: { include: boolean; pattern: RegExp }[];

  constructor(text: string) {
    this.rules = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => ({
        include: line.startsWith('!'),
        pattern: globToRegExp(line.replace(/^!/, '').replace(/^\//, '')),
      }));
  }

  static read(): DockerIgnore {
    return new DockerIgnore(
      readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8'),
    );
  }

  /** True when `relPath` (from the repository root) stays out of the context. */
  excludes(relPath: string): boolean {
    const parts = relPath.split('/');
    const selfAndFolders = parts.map((_, i) => parts.slice(0, i + 1).join('/'));

    let excluded = false;
    for (const { include, pattern } of this.rules) {
      if (selfAndFolders.some((candidate) => pattern.test(candidate))) {
        excluded = !include;
      }
    }
    return excluded;
  }
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (glob[i] === '*') {
      source += '[^/]*';
    } else if (glob[i] === '?') {
      source += '[^/]';
    } else {
      source += (glob[i] as string).replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** docker-compose.yml as Compose reads it: YAML merge keys resolved. */
export function readComposeFile(): unknown {
  const text = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  return parseYaml(text, { merge: true });
}

const IMPORT =
  /\b(?:import|export)\s+(type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g;

/**
 * Every repository file that Node loads when it runs `entries` under tsx:
 * relative imports and `@cassette/*` workspaces, followed transitively.
 * Type-only imports are skipped, because tsx erases them.
 */
export function localImportClosure(entries: readonly string[]): Set<string> {
  const workspaces = workspaceEntryPoints();
  const seen = new Set<string>();
  const queue = [...entries];

  for (let file; (file = queue.pop()) !== undefined;) {
    if (seen.has(file)) continue;
    seen.add(file);

    const source = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const [, typeOnly, specifier = ''] of source.matchAll(IMPORT)) {
      if (typeOnly) continue;
      const target = specifier.startsWith('.')
        ? resolveTs(path.posix.join(path.posix.dirname(file), specifier))
        : workspaces.get(specifier);
      if (target) queue.push(target);
    }
  }
  return seen;
}

function resolveTs(base: string): string {
  const found = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => {
    const full = path.join(REPO_ROOT, candidate);
    return existsSync(full) && statSync(full).isFile();
  });
  if (!found) throw new Error(`no TypeScript file for import ${base}`);
  return found;
}

function workspaceEntryPoints(): Map<string, string> {
  return new Map(
    readWorkspaces().map(({ folder, name, main }) => [
      name,
      path.posix.join(folder, main),
    ]),
  );
}

export interface Workspace {
  folder: string;
  name: string;
  main: string;
}

/** The npm workspaces of the root package.json, with their names. */
export function readWorkspaces(): Workspace[] {
  const readJson = (file: string) =>
    JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as {
      name: string;
      main?: string;
      workspaces?: string[];
    };

  return (readJson('package.json').workspaces ?? []).map((folder) => {
    const { name, main = 'index.js' } = readJson(`${folder}/package.json`);
    return { folder, name, main };
  });
}
