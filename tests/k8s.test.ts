import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parseReplication } from '@cassette/common';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { parse } from 'yaml';

import { REPO_ROOT } from '../scripts/lib/services';
import {
  admissionTo,
  buildOverlay,
  containersOf,
  describeObject,
  K8S_DIR,
  KUSTOMIZE_BUILD,
  overlayNames,
  podLabelsOf,
  podSpecOf,
  portNumber,
  preStopSleepSeconds,
  referencesOf,
  selects,
  validateAgainstApi,
  type Build,
  type Workload,
} from './support/k8s';

// The manifests are checked statically: kubectl kustomize builds them and
// the tests read the objects it prints. Nothing is applied to a cluster.

const SERVICES = [
  { name: 'gateway', port: 8000, portVariable: 'GATEWAY_PORT' },
  { name: 'upload', port: 8001, portVariable: 'UPLOAD_PORT' },
  { name: 'list', port: 8002, portVariable: 'LIST_PORT' },
] as const;
const SUBGRAPH_URLS = [
  { variable: 'UPLOAD_SUBGRAPH_URL', service: 'upload' },
  { variable: 'LIST_SUBGRAPH_URL', service: 'list' },
] as const;
const IMAGE_VERSION = '0.1.0';
const MIGRATE_JOB = 'cassette-migrate';
const CASSANDRA = 'cassandra';

/** The values each Cassette workload takes from cassette-secrets. */
const NEEDED_SECRETS: Record<string, string[]> = {
  gateway: [
    'SUBGRAPH_SIGNING_SECRET',
    'CASSANDRA_USERNAME',
    'CASSANDRA_PASSWORD',
  ],
  upload: [
    'SUBGRAPH_SIGNING_SECRET',
    'CASSANDRA_USERNAME',
    'CASSANDRA_PASSWORD',
  ],
  list: [
    'CURSOR_SECRET',
    'SUBGRAPH_SIGNING_SECRET',
    'CASSANDRA_USERNAME',
    'CASSANDRA_PASSWORD',
  ],
  [MIGRATE_JOB]: ['CASSANDRA_USERNAME', 'CASSANDRA_PASSWORD'],
};

/** What every Cassette pod and container runs with. */
const RESTRICTED_POD = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

const builds = new Map<string, Build>();

/** Each overlay is built once, by whichever test asks first. */
function built(overlay: string): Build {
  const build = builds.get(overlay) ?? buildOverlay(overlay);
  builds.set(overlay, build);
  return build;
}

function cassetteWorkloads(build: Build): Workload[] {
  return [
    ...SERVICES.map(({ name }) => build.one('Deployment', name)),
    build.one('Job', MIGRATE_JOB),
  ];
}

function onlyContainer(workload: Workload) {
  const [container, ...others] = podSpecOf(workload).containers;
  expect(others).toEqual([]);
  return container!;
}

/** An image reference's tag: what follows the last ':' after the last '/'. */
function tagOf(image: string): string | undefined {
  const [reference = ''] = image.split('@');
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/')
    ? reference.slice(colon + 1)
    : undefined;
}

function configOf(build: Build): Record<string, string> {
  return build.generated('ConfigMap', 'cassette-config').data ?? {};
}

describe.each(overlayNames())('the %s overlay', (overlay) => {
  let build: Build;

  beforeAll(() => {
    build = built(overlay);
  });

  it('builds into objects that all validate against the Kubernetes API schemas', () => {
    const failures = build.objects.flatMap((object) => {
      try {
        validateAgainstApi(object);
        return [];
      } catch (error) {
        return [`${describeObject(object)}: ${(error as Error).message}`];
      }
    });

    expect(build.objects.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('puts every object in the cassette namespace', () => {
    const elsewhere = build.objects
      .filter(({ kind }) => kind !== 'Namespace')
      .filter(({ metadata }) => metadata.namespace !== 'cassette')
      .map(describeObject);

    expect(build.one('Namespace', 'cassette')).toBeDefined();
    expect(elsewhere).toEqual([]);
  });

  it('runs exactly the three Cassette services as Deployments', () => {
    const names = build.all('Deployment').map((d) => d.metadata?.name);

    expect(names.sort()).toEqual(SERVICES.map(({ name }) => name).sort());
  });

  it.each(SERVICES)(
    'runs at least two $name replicas, with a CPU autoscaler and a disruption budget',
    ({ name }) => {
      const deployment = build.one('Deployment', name);
      const autoscaler = build.one('HorizontalPodAutoscaler', name);
      const budget = build.one('PodDisruptionBudget', name);

      expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(2);
      expect(autoscaler.spec?.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name,
      });
      expect(autoscaler.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(autoscaler.spec?.maxReplicas).toBeGreaterThan(
        autoscaler.spec?.minReplicas ?? 0,
      );
      expect(autoscaler.spec?.metrics).toContainEqual(
        expect.objectContaining({
          type: 'Resource',
          resource: expect.objectContaining({ name: 'cpu' }),
        }),
      );
      expect(
        selects(budget.spec?.selector ?? {}, podLabelsOf(deployment)),
      ).toBe(true);
      expect(budget.spec?.maxUnavailable ?? 0).toBeGreaterThanOrEqual(1);
    },
  );

  it.each(SERVICES)(
    'probes $name for readiness at /readyz and liveness at /healthz on the port it listens on',
    ({ name, port, portVariable }) => {
      const container = onlyContainer(build.one('Deployment', name));
      const { readinessProbe, livenessProbe } = container;

      expect(readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(portNumber(container, readinessProbe?.httpGet?.port)).toBe(port);
      expect(portNumber(container, livenessProbe?.httpGet?.port)).toBe(port);
      expect(build.envOf(container)[portVariable]).toBe(String(port));
      expect(build.envOf(container).BIND_HOST).toBe('0.0.0.0');
    },
  );

  it('gives every container CPU and memory requests and limits', () => {
    const both = (values?: Record<string, unknown>) =>
      'cpu' in (values ?? {}) && 'memory' in (values ?? {});
    const unbounded = build
      .workloads()
      .flatMap(containersOf)
      .filter(
        ({ resources }) =>
          !both(resources?.requests) || !both(resources?.limits),
      )
      .map(({ name }) => name);

    expect(unbounded).toEqual([]);
  });

  it('runs every Cassette pod and container under the restricted security context', () => {
    for (const workload of cassetteWorkloads(build)) {
      const pod = podSpecOf(workload);

      expect(pod.securityContext).toMatchObject(RESTRICTED_POD);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of containersOf(workload)) {
        expect(container.securityContext).toMatchObject(RESTRICTED_CONTAINER);
      }
    }
  });

  it('meets the restricted Pod Security Standard that its namespace enforces, Cassandra included', () => {
    const labels = build.one('Namespace', 'cassette').metadata?.labels;
    const offending = build.workloads().flatMap((workload) => {
      const pod = podSpecOf(workload);
      const podOk =
        pod.securityContext?.runAsNonRoot === true &&
        pod.securityContext.seccompProfile?.type === 'RuntimeDefault';
      return containersOf(workload)
        .filter(({ securityContext: context }) => {
          const dropsAll = context?.capabilities?.drop?.includes('ALL');
          const adds = context?.capabilities?.add ?? [];
          return (
            !podOk ||
            context?.allowPrivilegeEscalation !== false ||
            !dropsAll ||
            adds.some((capability) => capability !== 'NET_BIND_SERVICE')
          );
        })
        .map(({ name }) => name);
    });

    expect(labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(offending).toEqual([]);
  });

  it('mounts an emptyDir at /tmp in every Cassette container, for the tsx cache', () => {
    const withoutTmp = cassetteWorkloads(build).flatMap((workload) => {
      const volumes = podSpecOf(workload).volumes ?? [];
      const tmpIsEmptyDir = ({ volumeMounts = [] }: IContainer) => {
        const mount = volumeMounts.find(
          ({ mountPath }) => mountPath === '/tmp',
        );
        return volumes.some(
          ({ name, emptyDir }) => name === mount?.name && emptyDir,
        );
      };
      return containersOf(workload)
        .filter((container) => !tmpIsEmptyDir(container))
        .map(({ name }) => name);
    });

    expect(withoutTmp).toEqual([]);
  });

  it.each(SERVICES)(
    'gives $name longer to stop than its preStop sleep plus SHUTDOWN_GRACE_MS',
    ({ name }) => {
      const deployment = build.one('Deployment', name);
      const container = onlyContainer(deployment);
      const sleepSeconds = preStopSleepSeconds(container) ?? 0;
      const graceMs = Number(
        build.envOf(container).SHUTDOWN_GRACE_MS ?? 10_000,
      );

      expect(sleepSeconds).toBeGreaterThanOrEqual(3);
      expect(
        podSpecOf(deployment).terminationGracePeriodSeconds,
      ).toBeGreaterThan(sleepSeconds + graceMs / 1000);
    },
  );

  it('pins every image to a version, never latest', () => {
    const images = build
      .workloads()
      .flatMap(containersOf)
      .map(({ image }) => image ?? '');
    const unpinned = images.filter((image) => {
      const tag = tagOf(image);
      return (tag === undefined && !image.includes('@')) || tag === 'latest';
    });

    expect(images.length).toBeGreaterThan(0);
    expect(unpinned).toEqual([]);
  });

  it('runs the Cassette images of this release with their own start commands', () => {
    for (const { name } of SERVICES) {
      const container = onlyContainer(build.one('Deployment', name));

      expect(container.image).toBe(`cassette/${name}:${IMAGE_VERSION}`);
      expect(container.command).toBeUndefined();
    }
  });

  it('exposes only the gateway outside the cluster', () => {
    const exposed = build
      .all('Service')
      .filter(
        ({ spec }) =>
          spec?.type === 'LoadBalancer' || spec?.type === 'NodePort',
      )
      .map(({ metadata }) => metadata?.name);
    const backends = build
      .all('Ingress')
      .flatMap(({ spec }) => [
        ...(spec?.defaultBackend ? [spec.defaultBackend] : []),
        ...(spec?.rules ?? []).flatMap(({ http }) =>
          (http?.paths ?? []).map(({ backend }) => backend),
        ),
      ]);
    const hostPorts = build
      .workloads()
      .flatMap(containersOf)
      .flatMap(({ ports }) => ports ?? [])
      .filter(({ hostPort }) => hostPort !== undefined);

    expect(exposed.filter((name) => name !== 'gateway')).toEqual([]);
    expect(backends.map(({ service }) => service?.name)).toEqual(
      backends.map(() => 'gateway'),
    );
    expect(hostPorts).toEqual([]);
  });

  it('denies ingress to every pod in the namespace unless a policy allows it', () => {
    const denyAll = build
      .all('NetworkPolicy')
      .filter(
        ({ spec }) =>
          Object.keys(spec?.podSelector ?? {}).length === 0 &&
          spec?.policyTypes?.includes('Ingress') &&
          (spec.ingress ?? []).length === 0,
      );

    expect(denyAll).toHaveLength(1);
  });

  it('lets anyone reach the gateway, but only the gateway reach the subgraphs', () => {
    const gateway = build.one('Deployment', 'gateway');
    const upload = build.one('Deployment', 'upload');
    const list = build.one('Deployment', 'list');
    const onlyGateway = { fromOutside: false, workloads: ['gateway'] };

    expect(admissionTo(build, gateway, 8000).fromOutside).toBe(true);
    expect(admissionTo(build, upload, 8001)).toEqual(onlyGateway);
    expect(admissionTo(build, list, 8002)).toEqual(onlyGateway);
    expect(admissionTo(build, upload, 9999)).toEqual({
      fromOutside: false,
      workloads: [],
    });
  });

  it("lets only Cassette's pods reach Cassandra over CQL, and only Cassandra its peers", () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);

    expect(admissionTo(build, cassandra, 9042)).toEqual({
      fromOutside: false,
      workloads: [MIGRATE_JOB, 'gateway', 'list', 'upload'],
    });
    expect(admissionTo(build, cassandra, 7000)).toEqual({
      fromOutside: false,
      workloads: [CASSANDRA],
    });
    expect(admissionTo(build, cassandra, 7199)).toEqual({
      fromOutside: false,
      workloads: [],
    });
  });

  it('ships the committed supergraph byte for byte and serves it in production mode', () => {
    const committed = readFileSync(
      path.join(REPO_ROOT, 'schema/supergraph.graphql'),
      'utf8',
    );
    const configMap = build.generated('ConfigMap', 'cassette-supergraph');
    const gateway = build.one('Deployment', 'gateway');
    const container = onlyContainer(gateway);
    const volume = podSpecOf(gateway).volumes?.find(
      ({ configMap: source }) => source?.name === configMap.metadata?.name,
    );
    const mount = container.volumeMounts?.find(
      ({ name }) => name === volume?.name,
    );
    const env = build.envOf(container);

    expect(configMap.data?.['supergraph.graphql']).toBe(committed);
    expect(env.SUPERGRAPH_PATH).toBe(`${mount?.mountPath}/supergraph.graphql`);
    expect(env.NODE_ENV).toBe('production');
  });

  it.each(SUBGRAPH_URLS)(
    'points the gateway at $service through its Service, on the port the subgraph listens on',
    ({ variable, service: name }) => {
      const gateway = onlyContainer(build.one('Deployment', 'gateway'));
      const url = new URL(build.envOf(gateway)[variable] ?? '');
      const service = build.one('Service', url.hostname);
      const deployment = build.one('Deployment', name);
      const subgraph = onlyContainer(deployment);
      const servicePort = service.spec?.ports?.find(
        ({ port }) => port === Number(url.port),
      );
      const listening = SERVICES.find((s) => s.name === name)!;

      expect(url.hostname).toBe(name);
      expect(url.pathname).toBe('/graphql');
      expect(service.spec?.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(
        selects(service.spec?.selector ?? {}, podLabelsOf(deployment)),
      ).toBe(true);
      expect(portNumber(subgraph, servicePort?.targetPort)).toBe(
        Number(build.envOf(subgraph)[listening.portVariable]),
      );
    },
  );

  it('runs migrations as the cassette-migrate Job instead of at gateway start', () => {
    const job = build.one('Job', MIGRATE_JOB);
    const migrate = onlyContainer(job);
    const gateway = onlyContainer(build.one('Deployment', 'gateway'));

    expect(migrate.image).toBe(`cassette/gateway:${IMAGE_VERSION}`);
    expect(migrate.command).toEqual([
      'node',
      '--import',
      'tsx',
      'scripts/migrate.ts',
    ]);
    expect(job.spec?.backoffLimit).toBeGreaterThan(0);
    expect(job.spec?.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(podSpecOf(job).restartPolicy).toBe('Never');
    expect(build.envOf(gateway).MIGRATE_ON_START).toBe('false');
    expect(build.envOf(migrate).CASSANDRA_REPLICATION).toBe(
      configOf(build).CASSANDRA_REPLICATION,
    );
  });

  it.each(Object.entries(NEEDED_SECRETS))(
    'gives %s the secrets it needs from the generated Secret',
    (name, needed) => {
      const secret = build.generated('Secret', 'cassette-secrets');
      const workload = cassetteWorkloads(build).find(
        ({ metadata }) => metadata?.name === name,
      );
      const refs = (onlyContainer(workload!).env ?? []).flatMap(
        ({ name: variable, valueFrom }) =>
          valueFrom?.secretKeyRef
            ? [{ variable, ...valueFrom.secretKeyRef }]
            : [],
      );
      const keys = Object.keys(secret.data ?? {});

      expect(build.all('Secret')).toEqual([secret]);
      expect(refs.map(({ variable }) => variable)).toEqual(
        expect.arrayContaining(needed),
      );
      for (const ref of refs) {
        expect(ref.name).toBe(secret.metadata?.name);
        if (!ref.optional) expect(keys).toContain(ref.key);
      }
    },
  );

  it('refers only to ConfigMaps, Secrets and Services that it builds', () => {
    const names = (kind: string) =>
      build.objects
        .filter((object) => object.kind === kind)
        .map(({ metadata }) => metadata.name);
    const backends = build
      .all('Ingress')
      .flatMap(({ spec }) => spec?.rules ?? [])
      .flatMap(({ http }) => http?.paths ?? [])
      .map(({ backend }) => ({ kind: 'Service', name: backend.service?.name }));
    const references = [
      ...build.workloads().flatMap(referencesOf),
      ...backends,
    ];

    for (const { kind, name } of references) {
      expect([kind, names(kind)]).toEqual([
        kind,
        expect.arrayContaining([name]),
      ]);
    }
  });
});

describe('the local overlay', () => {
  let build: Build;

  beforeAll(() => {
    build = built('local');
  });

  it('runs one Cassandra 5.0.7 node with a small heap, a volume claim and a readiness check', () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);
    const container = onlyContainer(cassandra);
    const env = build.envOf(container);
    const probe = container.readinessProbe?.exec?.command?.join(' ') ?? '';

    expect(cassandra.spec?.replicas).toBe(1);
    expect(container.image).toBe('cassandra:5.0.7');
    expect(env).toMatchObject({ MAX_HEAP_SIZE: '512M', HEAP_NEWSIZE: '128M' });
    expect(cassandra.spec?.volumeClaimTemplates).toHaveLength(1);
    expect(probe).toMatch(/nodetool status|cqlsh/);
  });

  it('keeps the single copy that one node can hold', () => {
    expect(
      parseReplication(configOf(build).CASSANDRA_REPLICATION ?? ''),
    ).toEqual({
      strategy: 'SimpleStrategy',
      factor: 1,
    });
  });

  it('exposes the gateway Service as a LoadBalancer and keeps the subgraphs internal', () => {
    const typeOf = (name: string) =>
      build.one('Service', name).spec?.type ?? 'ClusterIP';

    expect(typeOf('gateway')).toBe('LoadBalancer');
    expect(typeOf('upload')).toBe('ClusterIP');
    expect(typeOf('list')).toBe('ClusterIP');
    expect(build.all('Ingress')).toEqual([]);
  });
});

describe('the production overlay', () => {
  let build: Build;

  beforeAll(() => {
    build = built('production');
  });

  it('runs three Cassandra nodes, never two on one host, behind a headless Service', () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);
    const service = build.one('Service', cassandra.spec?.serviceName ?? '');
    const required =
      podSpecOf(cassandra).affinity?.podAntiAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

    expect(cassandra.spec?.replicas).toBe(3);
    expect(onlyContainer(cassandra).image).toBe('cassandra:5.0.7');
    expect(service.spec?.clusterIP).toBe('None');
    expect(required).toContainEqual(
      expect.objectContaining({ topologyKey: 'kubernetes.io/hostname' }),
    );
    for (const term of required) {
      expect(selects(term.labelSelector ?? {}, podLabelsOf(cassandra))).toBe(
        true,
      );
    }
  });

  it('lets voluntary disruptions take down one Cassandra node at a time', () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);
    const budgets = build
      .all('PodDisruptionBudget')
      .filter(({ spec }) =>
        selects(spec?.selector ?? {}, podLabelsOf(cassandra)),
      );

    expect(budgets).toHaveLength(1);
    expect(budgets[0]!.spec?.maxUnavailable).toBe(1);
  });

  it('gives each Cassandra node its own volume and drains it before it stops', () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);
    const container = onlyContainer(cassandra);
    const claims = cassandra.spec?.volumeClaimTemplates ?? [];
    const dataMount = container.volumeMounts?.find(
      ({ mountPath }) => mountPath === '/var/lib/cassandra',
    );

    expect(claims.map(({ metadata }) => metadata?.name)).toEqual([
      dataMount?.name,
    ]);
    expect(container.lifecycle?.preStop?.exec?.command).toEqual([
      'nodetool',
      'drain',
    ]);
    expect(
      podSpecOf(cassandra).terminationGracePeriodSeconds,
    ).toBeGreaterThanOrEqual(120);
  });

  it('readies a Cassandra node only once nodetool reports it Up and Normal', () => {
    const container = onlyContainer(build.one('StatefulSet', CASSANDRA));
    const probe = container.readinessProbe?.exec?.command?.join(' ') ?? '';

    expect(probe).toContain('nodetool status');
    expect(probe).toMatch(/\bUN\b/);
    expect(container.livenessProbe).toBeUndefined();
  });

  it('gossips by datacenter and rack, seeded by the first pods of the StatefulSet', () => {
    const cassandra = build.one('StatefulSet', CASSANDRA);
    const env = build.envOf(onlyContainer(cassandra));
    const seeds = (env.CASSANDRA_SEEDS ?? '').split(',');

    expect(env.CASSANDRA_ENDPOINT_SNITCH).toBe('GossipingPropertyFileSnitch');
    expect(env.CASSANDRA_DC).toMatch(/\S/);
    expect(env.CASSANDRA_RACK).toMatch(/\S/);
    expect(seeds.length).toBeGreaterThanOrEqual(2);
    expect(seeds.length).toBeLessThan(cassandra.spec?.replicas ?? 0);
    seeds.forEach((seed, i) => {
      expect(seed).toBe(`${CASSANDRA}-${i}.${cassandra.spec?.serviceName}`);
    });
  });

  it('keeps three copies of the keyspace in the datacenter the nodes and the services use', () => {
    const cassandra = onlyContainer(build.one('StatefulSet', CASSANDRA));
    const datacenter = build.envOf(cassandra).CASSANDRA_DC ?? '';
    const config = configOf(build);

    expect(parseReplication(config.CASSANDRA_REPLICATION ?? '')).toEqual({
      strategy: 'NetworkTopologyStrategy',
      factors: { [datacenter]: 3 },
    });
    expect(config.CASSANDRA_LOCAL_DC).toBe(datacenter);
  });

  it('switches Cassandra logins on before the image entrypoint starts the node', () => {
    const container = onlyContainer(build.one('StatefulSet', CASSANDRA));
    const script = (container.command ?? []).join(' ');

    expect(script).toContain('PasswordAuthenticator');
    expect(script).toContain('CassandraAuthorizer');
    expect(script).toContain('exec docker-entrypoint.sh cassandra -f');
  });

  it('routes only /graphql, over TLS, through one Ingress to the gateway Service', () => {
    const [ingress, ...others] = build.all('Ingress');
    const rules = ingress?.spec?.rules ?? [];
    const paths = rules.flatMap(({ http }) => http?.paths ?? []);
    const tls = ingress?.spec?.tls ?? [];

    expect(others).toEqual([]);
    expect(ingress?.spec?.defaultBackend).toBeUndefined();
    expect(paths).toEqual([
      {
        path: '/graphql',
        pathType: 'Exact',
        backend: { service: { name: 'gateway', port: { name: 'http' } } },
      },
    ]);
    expect(tls.map(({ secretName }) => secretName)).toEqual([
      'cassette-gateway-tls',
    ]);
    expect(tls.flatMap(({ hosts }) => hosts)).toEqual(
      rules.map(({ host }) => host),
    );
    expect(build.one('Service', 'gateway').spec?.type ?? 'ClusterIP').toBe(
      'ClusterIP',
    );
  });

  it.each(SERVICES)(
    'starts more $name replicas, and lets them scale further, than the local overlay',
    ({ name }) => {
      const local = built('local');
      const replicas = (b: Build) =>
        b.one('Deployment', name).spec?.replicas ?? 0;
      const bounds = (b: Build) => {
        const spec = b.one('HorizontalPodAutoscaler', name).spec;
        return [spec?.minReplicas ?? 0, spec?.maxReplicas ?? 0] as const;
      };

      expect(replicas(build)).toBeGreaterThan(replicas(local));
      expect(bounds(build)[0]).toBeGreaterThan(bounds(local)[0]);
      expect(bounds(build)[1]).toBeGreaterThan(bounds(local)[1]);
    },
  );
});

describe('the k8s folder', () => {
  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(file) : [file];
    });
  }

  it('commits no Secret manifest: secrets come from generators fed by ignored env files', () => {
    const committed = filesUnder(K8S_DIR).filter(
      (file) => !file.endsWith('.env'),
    );
    const withSecrets = committed.filter((file) =>
      /^kind:\s*Secret\b/m.test(readFileSync(file, 'utf8')),
    );
    const envFiles = committed
      .filter((file) => path.basename(file) === 'kustomization.yaml')
      .flatMap((file) => {
        const kustomization = parse(readFileSync(file, 'utf8')) as {
          secretGenerator?: Array<{ envs?: string[]; files?: string[] }>;
        };
        return (kustomization.secretGenerator ?? [])
          .flatMap(({ envs = [], files = [] }) => [...envs, ...files])
          .map((source) => path.join(path.dirname(file), source));
      });

    expect(withSecrets).toEqual([]);
    expect(envFiles.length).toBeGreaterThan(0);
    for (const envFile of envFiles) {
      const ignored = spawnSync('git', ['check-ignore', '--quiet', envFile], {
        cwd: REPO_ROOT,
      });
      expect([envFile, ignored.status]).toEqual([envFile, 0]);
      expect([envFile, existsSync(`${envFile}.example`)]).toEqual([
        envFile,
        true,
      ]);
    }
  });

  it('documents the build command that these tests run', () => {
    const readme = readFileSync(path.join(K8S_DIR, 'README.md'), 'utf8');

    for (const overlay of overlayNames()) {
      expect(readme).toContain(
        `${KUSTOMIZE_BUILD.join(' ')} k8s/overlays/${overlay}`,
      );
    }
  });
});
