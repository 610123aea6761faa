import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  MIN_SECRET_LENGTH,
  readCassandraConfig,
  type Env,
} from '@cassette/common';
import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';

import { readGatewayConfig } from '../gateway/src/config';
import { REPO_ROOT } from '../scripts/lib/services';
import { readListConfig } from '../subgraphs/list/src/config';
import { readUploadConfig } from '../subgraphs/upload/src/config';
import {
  argsOf,
  contextCopies,
  DockerIgnore,
  envOf,
  execForm,
  finalStage,
  isPinned,
  localImportClosure,
  readComposeFile,
  readDockerfile,
  readWorkspaces,
  splitFlags,
  type Workspace,
} from './support/docker';
import { parseEnvFile } from '../scripts/lib/env-file';
import { configProblems, readWith } from './support/config';

// Nothing here runs a container: there is no engine on these machines. The
// images, the compose file and the secrets example are checked as text,
// against the Compose Specification and against the code they will run.

const MIGRATIONS = readdirSync(path.join(REPO_ROOT, 'schema/migrations'))
  .filter((file) => file.endsWith('.cql'))
  .map((file) => `schema/migrations/${file}`);

const IMAGES = [
  {
    service: 'gateway',
    dockerfile: 'gateway/Dockerfile',
    image: 'cassette/gateway:0.1.0',
    port: 8000,
    entry: 'gateway/src/index.ts',
    // Also run in the image, by the migrate service and by hand.
    commands: ['scripts/migrate.ts', 'scripts/keys.ts'],
    // Read at run time from paths relative to the code.
    dataFiles: [
      'schema/supergraph.graphql',
      'subgraphs/upload/schema.graphql',
      'subgraphs/list/schema.graphql',
      'gateway/src/playground/static/playground.js',
      'gateway/src/playground/static/playground.css',
      ...MIGRATIONS,
    ],
  },
  {
    service: 'upload',
    dockerfile: 'subgraphs/upload/Dockerfile',
    image: 'cassette/upload:0.1.0',
    port: 8001,
    entry: 'subgraphs/upload/src/index.ts',
    commands: [],
    dataFiles: ['subgraphs/upload/schema.graphql', ...MIGRATIONS],
  },
  {
    service: 'list',
    dockerfile: 'subgraphs/list/Dockerfile',
    image: 'cassette/list:0.1.0',
    port: 8002,
    entry: 'subgraphs/list/src/index.ts',
    commands: [],
    dataFiles: ['subgraphs/list/schema.graphql', ...MIGRATIONS],
  },
] as const;

const SERVICE_USER = '10001:10001';

/** The repository path a destination under WORKDIR /app stands for. */
function repoPathOf(destination: string): string {
  return destination.replace(/^(\/app\/|\.\/|\.$)/, '');
}

const WORKSPACES = readWorkspaces();

function workspaceOf(file: string): Workspace | undefined {
  return WORKSPACES.find(({ folder }) => file.startsWith(`${folder}/`));
}

describe.each(IMAGES)('$dockerfile', (spec) => {
  const stages = readDockerfile(spec.dockerfile);
  const runtime = finalStage(stages);
  const ignore = DockerIgnore.read();

  test('builds in at least two stages, each from a Node 20 image pinned to a version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);

    const stageNames = new Set(stages.map((stage) => stage.name));
    for (const { base } of stages) {
      if (stageNames.has(base)) continue;
      expect(isPinned(base)).toBe(true);
      expect(base).toMatch(/^node:20\.\d+\.\d+-/);
    }
  });

  test('installs only the production dependencies of its workspace, with npm ci', () => {
    const [copy] = argsOf(runtime, 'COPY')
      .map((args) => splitFlags(args))
      .filter(({ flags, rest }) => flags.from && /node_modules\s/.test(rest));
    const depsStage = stages.find((stage) => stage.name === copy?.flags.from);

    const install = argsOf(depsStage ?? runtime, 'RUN').join('\n');
    expect(install).toMatch(/\bnpm ci\b/);
    expect(install).toMatch(/--omit=dev|--production/);
    expect(install).toContain(`--workspace ${workspaceOf(spec.entry)?.name}`);
    expect(install).not.toMatch(/\bnpm (install|i)\b/);
  });

  test('runs as the non-root user 10001 in its final stage', () => {
    expect(argsOf(runtime, 'USER').at(-1)).toBe(SERVICE_USER);
  });

  test(`exposes port ${spec.port} and checks /healthz with node's own fetch`, () => {
    expect(argsOf(runtime, 'EXPOSE')).toEqual([String(spec.port)]);

    const [healthcheck = ''] = argsOf(runtime, 'HEALTHCHECK');
    const { rest } = splitFlags(healthcheck);
    const [node, flag, script] = execForm(rest.replace(/^CMD\s+/, ''));
    expect([node, flag]).toEqual(['node', '-e']);
    expect(script).toContain('fetch(');
    expect(script).toContain(`|| ${spec.port}) + '/healthz'`);
  });

  test('starts the service under tsx in production mode and stops on SIGTERM', () => {
    const [cmd = ''] = argsOf(runtime, 'CMD');
    expect(execForm(cmd)).toEqual(['node', '--import', 'tsx', spec.entry]);
    expect(argsOf(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(argsOf(runtime, 'WORKDIR')).toEqual(['/app']);
    expect(envOf(runtime.instructions)).toEqual({
      NODE_ENV: 'production',
      BIND_HOST: '0.0.0.0',
      APOLLO_TELEMETRY_DISABLED: '1',
    });
  });

  test('copies paths that exist and are in the build context, each to its place in the repository', () => {
    for (const stage of stages) {
      for (const { sources, destination } of contextCopies(stage)) {
        for (const source of sources) {
          expect(existsSync(path.join(REPO_ROOT, source))).toBe(true);
          expect(ignore.excludes(source)).toBe(false);

          const intoFolder = destination.endsWith('/') || destination === '.';
          const target = intoFolder
            ? path.posix.join(
                repoPathOf(destination),
                path.posix.basename(source),
              )
            : repoPathOf(destination);
          expect(target).toBe(source);
        }
      }
    }
  });

  test('contains every file that its commands load or read', () => {
    const copied = contextCopies(runtime).flatMap(({ sources }) => sources);
    const inImage = (file: string) =>
      !ignore.excludes(file) &&
      copied.some((source) => file === source || file.startsWith(`${source}/`));

    const loaded = localImportClosure([spec.entry, ...spec.commands]);
    // Node reads a workspace's package.json to find its entry point.
    const manifests = [...loaded].flatMap((file) => {
      const workspace = workspaceOf(file);
      return workspace ? [`${workspace.folder}/package.json`] : [];
    });
    const needed = [...loaded, ...manifests, ...spec.dataFiles];

    expect(needed.filter((file) => !inImage(file))).toEqual([]);
    expect(loaded.size).toBeGreaterThan(10);
  });
});

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  restart?: string;
  user?: string;
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  env_file?: string;
  environment?: Record<string, string>;
  ports?: string[];
  networks?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean; start_period?: string };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}

interface ComposeFile {
  version?: string;
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean } | null>;
  volumes: Record<string, unknown>;
}

// The shape is checked against the Compose Specification by the first test
// below; the interface only names the parts the other tests read.
const compose = readComposeFile() as ComposeFile;
const CASSETTE_SERVICES = ['migrate', 'upload', 'list', 'gateway'] as const;
const LONG_RUNNING = ['upload', 'list', 'gateway'] as const;

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
}

function seconds(duration: string | undefined): number {
  const match = /^(\d+)s$/.exec(duration ?? '');
  if (!match) throw new Error(`expected a duration like 20s, got ${duration}`);
  return Number(match[1]);
}

describe('docker-compose.yml', () => {
  test('is valid under the Compose Specification, without the obsolete version key', () => {
    const schemaPath = path.join(
      path.dirname(require.resolve('dclint/package.json')),
      'schemas/compose.schema.json',
    );
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
      $schema: string;
      title: string;
    };
    expect(schema.title).toBe('Compose Specification');
    expect(schema.$schema).toMatch(/json-schema\.org\/draft-07\/schema/);

    // The spec's union types and untyped object keywords are valid draft-07
    // that ajv's extra strict type checks would reject.
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
    const validate = ajv.compile(schema);

    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    expect(compose.version).toBeUndefined();
  });

  test('publishes a port for the gateway alone, 8000 on the host', () => {
    const publishing = Object.entries(compose.services)
      .filter(([, { ports }]) => ports?.length)
      .map(([name, { ports }]) => [name, ports]);

    expect(publishing).toEqual([['gateway', ['8000:8000']]]);
  });

  test('keeps Cassandra and the subgraphs on an internal network, the gateway on both', () => {
    expect(compose.networks.backend?.internal).toBe(true);
    expect(compose.networks.frontend?.internal).toBeFalsy();

    for (const name of ['cassandra', 'migrate', 'upload', 'list']) {
      expect(service(name).networks).toEqual(['backend']);
    }
    expect(service('gateway').networks).toEqual(['backend', 'frontend']);
  });

  test('runs Cassandra 5.0 from a pinned image with a CQL healthcheck, a laptop-sized heap and a named volume', () => {
    const cassandra = service('cassandra');

    expect(cassandra.image).toMatch(/^cassandra:5\.0\.\d+$/);
    expect(cassandra.healthcheck?.test).toEqual([
      'CMD',
      'cqlsh',
      '-e',
      'describe keyspaces',
    ]);
    expect(seconds(cassandra.healthcheck?.start_period)).toBeGreaterThan(60);
    expect(cassandra.environment).toEqual({
      MAX_HEAP_SIZE: '1G',
      HEAP_NEWSIZE: '256M',
    });

    const [volume = ''] = cassandra.volumes ?? [];
    const [source = '', target] = volume.split(':');
    expect(target).toBe('/var/lib/cassandra');
    expect(Object.keys(compose.volumes)).toContain(source);
  });

  test('pins every image to a version tag and builds each Cassette image from its Dockerfile', () => {
    for (const { image } of Object.values(compose.services)) {
      expect(image && isPinned(image)).toBe(true);
    }

    for (const spec of IMAGES) {
      expect(service(spec.service).image).toBe(spec.image);
      expect(service(spec.service).build).toEqual({
        context: '.',
        dockerfile: spec.dockerfile,
      });
    }
  });

  describe.each(CASSETTE_SERVICES)('the %s service', (name) => {
    const config = service(name);

    test('runs as a non-root user on a read-only file system with no capabilities', () => {
      expect(config.user).toBe(SERVICE_USER);
      expect(config.read_only).toBe(true);
      expect(config.tmpfs).toEqual(['/tmp']);
      expect(config.cap_drop).toEqual(['ALL']);
      expect(config.security_opt).toEqual(['no-new-privileges:true']);
    });

    test('reads its secrets from compose.env', () => {
      expect(config.env_file).toBe('compose.env');
    });

    test('waits for a healthy Cassandra, and all but the migration for the migration to succeed', () => {
      expect(config.depends_on?.cassandra).toEqual({
        condition: 'service_healthy',
      });
      if (name !== 'migrate') {
        expect(config.depends_on?.migrate).toEqual({
          condition: 'service_completed_successfully',
        });
      }
    });

    test('lets in-flight requests drain for SHUTDOWN_GRACE_MS before it is killed', () => {
      const graceMs = Number(config.environment?.SHUTDOWN_GRACE_MS);
      expect(graceMs).toBeGreaterThan(0);
      expect(seconds(config.stop_grace_period) * 1000).toBeGreaterThanOrEqual(
        graceMs + 5_000,
      );
    });
  });

  test('restarts the long-running services and runs the migration once, in the gateway image', () => {
    for (const name of [...LONG_RUNNING, 'cassandra']) {
      expect(service(name).restart).toBe('unless-stopped');
    }

    const migrate = service('migrate');
    expect(migrate.restart).toBe('no');
    expect(migrate.image).toBe(service('gateway').image);
    expect(migrate.command).toEqual([
      'node',
      '--import',
      'tsx',
      'scripts/migrate.ts',
    ]);
    expect(migrate.healthcheck).toEqual({ disable: true });
  });

  test.each(IMAGES)(
    'checks that $service is ready on the port its image exposes',
    ({ service: name, port }) => {
      const [kind, node, flag, script] = service(name).healthcheck?.test ?? [];

      expect([kind, node, flag]).toEqual(['CMD', 'node', '-e']);
      expect(script).toContain(`fetch('http://127.0.0.1:${port}/readyz')`);
    },
  );

  test('starts the gateway once both subgraphs are ready, points it at them and does not migrate again', () => {
    const gateway = service('gateway');

    expect(gateway.depends_on).toMatchObject({
      upload: { condition: 'service_healthy' },
      list: { condition: 'service_healthy' },
    });
    expect(gateway.environment).toMatchObject({
      MIGRATE_ON_START: 'false',
      UPLOAD_SUBGRAPH_URL: 'http://upload:8001/graphql',
      LIST_SUBGRAPH_URL: 'http://list:8002/graphql',
    });
  });
});

describe('compose.env.example', () => {
  const exampleText = readFileSync(
    path.join(REPO_ROOT, 'compose.env.example'),
    'utf8',
  );
  const example = parseEnvFile(exampleText);
  const withSecrets = Object.fromEntries(
    Object.keys(example).map((name) => [name, randomBytes(32).toString('hex')]),
  );

  /** What a container sees: image ENV, then env_file, then `environment`. */
  function containerEnv(name: string, envFile: Env): Env {
    const spec = IMAGES.find(({ image }) => image === service(name).image);
    const stage = finalStage(readDockerfile(spec?.dockerfile ?? ''));
    return {
      ...envOf(stage.instructions),
      ...envFile,
      ...service(name).environment,
    };
  }

  const READERS: Record<string, (env: Env) => unknown> = {
    gateway: readGatewayConfig,
    upload: readUploadConfig,
    list: readListConfig,
    migrate: (env) => readWith(env, readCassandraConfig),
  };

  function problemsOf(name: string, envFile: Env): readonly string[] {
    return configProblems(() => READERS[name]?.(containerEnv(name, envFile)));
  }

  test('names every secret that a service requires', () => {
    const required = CASSETTE_SERVICES.flatMap((name) =>
      problemsOf(name, {}).map((problem) => problem.split(' ')[0] ?? ''),
    );

    expect(new Set(required)).toEqual(
      new Set(['CURSOR_SECRET', 'SUBGRAPH_SIGNING_SECRET']),
    );
    for (const secret of required) expect(example).toHaveProperty(secret);
  });

  test.each(CASSETTE_SERVICES)(
    'gives %s an environment that its configuration check accepts once the secrets are filled in',
    (name) => {
      expect(problemsOf(name, withSecrets)).toEqual([]);
    },
  );

  test('holds placeholders that the services refuse, so a forgotten one stops the stack', () => {
    for (const value of Object.values(example)) {
      expect(value.length).toBeLessThan(MIN_SECRET_LENGTH);
    }
    expect(problemsOf('list', example)).toEqual([
      expect.stringMatching(/^CURSOR_SECRET must be at least 32 characters/),
      expect.stringMatching(/^SUBGRAPH_SIGNING_SECRET must be at least 32/),
    ]);
  });

  test('says how to make a secret and how to create an API key in the running stack', () => {
    expect(exampleText).toContain('openssl rand -hex 32');
    expect(exampleText).toContain(
      'docker compose exec gateway node --import tsx scripts/keys.ts create --tenant acme --scopes items:read,items:write',
    );
  });

  test('names only variables that the README documents, as does docker-compose.yml', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const documented = new Set(
      [...readme.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(([, name]) => name),
    );
    const named = [
      ...[...exampleText.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map(
        ([, name]) => name,
      ),
      ...CASSETTE_SERVICES.flatMap((name) =>
        Object.keys(service(name).environment ?? {}),
      ),
    ];

    expect(named.filter((name) => !documented.has(name))).toEqual([]);
  });

  test('stands in for compose.env, which git ignores and which is never committed', () => {
    const tracked = execFileSync('git', ['ls-files', '--', 'compose.env'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });

    expect(tracked).toBe('');
    const checkIgnore = spawnSync(
      'git',
      ['check-ignore', '-q', 'compose.env'],
      {
        cwd: REPO_ROOT,
      },
    );
    expect(checkIgnore.status).toBe(0);
  });
});

describe('.dockerignore', () => {
  const ignore = DockerIgnore.read();

  test('keeps dependencies, the local Cassandra node, git history and env files out of the build context', () => {
    const excluded = [
      'node_modules/tsx/package.json',
      'gateway/node_modules/x/index.js',
      '.cassette/secrets.env',
      '.cassette/local-key',
      '.git/HEAD',
      'compose.env',
      '.env',
      'gateway/.env.local',
      'k8s/gateway.yaml',
      'tests/api.test.ts',
      'gateway/src/config.test.ts',
      'test-artifacts/jest.json',
    ];
    expect(excluded.filter((file) => !ignore.excludes(file))).toEqual([]);
  });

  test('lets the service code, schema files and migrations through', () => {
    const included = [
      'gateway/src/index.ts',
      'packages/common/src/index.ts',
      'schema/supergraph.graphql',
      ...MIGRATIONS,
      'package-lock.json',
    ];
    expect(included.filter((file) => ignore.excludes(file))).toEqual([]);
  });
});
