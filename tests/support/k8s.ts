import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as models from 'kubernetes-models';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

import { REPO_ROOT } from '../../scripts/lib/services';

export const K8S_DIR = path.join(REPO_ROOT, 'k8s');

/** How every overlay is built; k8s/README.md documents the same command. */
export const KUSTOMIZE_BUILD = [
  'kubectl',
  'kustomize',
  '--load-restrictor',
  'LoadRestrictionsNone',
] as const;

/** The kinds the manifests use, with their API types. */
export interface Kinds {
  ConfigMap: IConfigMap;
  Deployment: IDeployment;
  HorizontalPodAutoscaler: IHorizontalPodAutoscaler;
  Ingress: IIngress;
  Job: IJob;
  Namespace: INamespace;
  NetworkPolicy: INetworkPolicy;
  PodDisruptionBudget: IPodDisruptionBudget;
  Secret: ISecret;
  Service: IService;
  StatefulSet: IStatefulSet;
}

export type LabelSelector = NonNullable<INetworkPolicyPeer['podSelector']>;
export type Labels = Record<string, string>;
export type Workload = IDeployment | IStatefulSet | IJob;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
}

/** Every folder under k8s/overlays. */
export function overlayNames(): string[] {
  return readdirSync(path.join(K8S_DIR, 'overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Builds one overlay from a scratch copy of k8s/ and schema/, with every
 * committed `*.env.example` copied to the name the secret generators read.
 * Real env files are never copied: the build sees only the examples.
 */
export function buildOverlay(overlay: string): Build {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cassette-k8s-'));
  try {
    cpSync(K8S_DIR, path.join(scratch, 'k8s'), {
      recursive: true,
      filter: (source) => !source.endsWith('.env'),
    });
    cpSync(path.join(REPO_ROOT, 'schema'), path.join(scratch, 'schema'), {
      recursive: true,
    });
    copyExamples(path.join(scratch, 'k8s'));

    const [command, ...args] = KUSTOMIZE_BUILD;
    const target = path.join(scratch, 'k8s', 'overlays', overlay);
    const result = spawnSync(command, [...args, target], { encoding: 'utf8' });
    if (result.error) {
      throw new Error(`could not run ${command}: ${result.error.message}`);
    }
    if (result.status !== 0) {
      throw new Error(`${KUSTOMIZE_BUILD.join(' ')} failed:\n${result.stderr}`);
    }
    return new Build(parseStream(result.stdout));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyExamples(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) copyExamples(file);
    else if (entry.name.endsWith('.env.example')) {
      copyFileSync(file, file.slice(0, -'.example'.length));
    }
  }
}

function parseStream(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`kustomize printed invalid YAML: ${document.errors}`);
    }
    const value: unknown = document.toJS();
    if (value === null) continue;
    if (!isKubeObject(value)) {
      throw new Error(`not a Kubernetes object: ${JSON.stringify(value)}`);
    }
    objects.push(value);
  }
  return objects;
}

function isKubeObject(value: unknown): value is KubeObject {
  const object = value as Partial<KubeObject> | null;
  return (
    typeof object?.apiVersion === 'string' &&
    typeof object.kind === 'string' &&
    typeof object.metadata?.name === 'string'
  );
}

/** `Kind/name`, for messages. */
export function describeObject(object: KubeObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

type ModelClass = new (data: unknown) => { validate(): void };
type KindModels = Record<string, ModelClass | undefined>;
// kubernetes-models exports the core API's kinds under `v1`, and every
// other group's versions under the group's name in camel case
// (networking.k8s.io becomes networkingK8sIo).
const coreModels = models.v1 as unknown as KindModels;
const groupModels = models as unknown as Record<
  string,
  Record<string, KindModels | undefined> | undefined
>;

/**
 * Custom resources, as `apiVersion/kind`, that an overlay may contain
 * without a schema to check them against; each must be documented in
 * k8s/README.md. Cassette's manifests use none.
 */
export const CUSTOM_RESOURCES: readonly string[] = [];

/**
 * Validates an object against the Kubernetes OpenAPI schema of its
 * apiVersion and kind, offline; throws for a kind with no schema unless it
 * is one of CUSTOM_RESOURCES. The schemas check types, required fields and
 * formats but allow unknown fields, so a misspelt field passes here; the
 * tests that read each field catch the ones that matter.
 */
export function validateAgainstApi(object: KubeObject): void {
  const [group = '', version = ''] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const groupKey = group
    .split('.')
    .map((part, i) => (i === 0 ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('');
  const kinds =
    group === '' && version === 'v1'
      ? coreModels
      : groupModels[groupKey]?.[version];
  const Model = kinds?.[object.kind];
  if (Model) return new Model(object).validate();

  if (!CUSTOM_RESOURCES.includes(`${object.apiVersion}/${object.kind}`)) {
    throw new Error(
      `no Kubernetes API schema for ${object.apiVersion} ${object.kind}; a custom resource must be listed in CUSTOM_RESOURCES and documented in k8s/README.md`,
    );
  }
}

/** The objects one overlay builds into, by kind. */
export class Build {
  constructor(readonly objects: readonly KubeObject[]) {}

  all<K extends keyof Kinds>(kind: K): Kinds[K][] {
    // Sound once validateAgainstApi has passed, which a test checks.
    return this.objects.filter(
      (object) => object.kind === kind,
    ) as unknown[] as Kinds[K][];
  }

  one<K extends keyof Kinds>(kind: K, name: string): Kinds[K] {
    const found = this.all(kind).find(
      (object) => object.metadata?.name === name,
    );
    if (!found) throw new Error(`the build has no ${kind}/${name}`);
    return found;
  }

  /** A generated object, by the name before kustomize's hash suffix. */
  generated<K extends 'ConfigMap' | 'Secret'>(kind: K, name: string): Kinds[K] {
    const pattern = new RegExp(`^${name}-[a-z0-9]{10}$`);
    const found = this.all(kind).filter((object) =>
      pattern.test(object.metadata?.name ?? ''),
    );
    if (found.length !== 1) {
      throw new Error(
        `expected one generated ${kind} ${name}-<hash>, found ${found.length}`,
      );
    }
    return found[0]!;
  }

  workloads(): Workload[] {
    return [
      ...this.all('Deployment'),
      ...this.all('StatefulSet'),
      ...this.all('Job'),
    ];
  }

  /**
   * The container's environment as the kubelet would set it from plain
   * values and ConfigMaps; values from Secrets are left out.
   */
  envOf(container: IContainer): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const name = source.configMapRef?.name;
      if (name) Object.assign(env, this.one('ConfigMap', name).data);
    }
    for (const variable of container.env ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
    }
    return env;
  }
}

export function podSpecOf(workload: Workload): IPodSpec {
  const spec = workload.spec?.template?.spec;
  if (!spec)
    throw new Error(
      `${workload.kind}/${workload.metadata?.name} has no pod spec`,
    );
  return spec;
}

export function podLabelsOf(workload: Workload): Labels {
  return workload.spec?.template?.metadata?.labels ?? {};
}

/** Containers and init containers alike. */
export function containersOf(workload: Workload): IContainer[] {
  const spec = podSpecOf(workload);
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export interface Reference {
  kind: 'ConfigMap' | 'Secret';
  name?: string;
}

/** The ConfigMaps and Secrets a workload's pods read, by kind and name. */
export function referencesOf(workload: Workload): Reference[] {
  const references: Reference[] = [];
  const add = (kind: Reference['kind'], ref?: { name?: string }) => {
    if (ref) references.push({ kind, name: ref.name });
  };

  for (const { configMap, secret } of podSpecOf(workload).volumes ?? []) {
    add('ConfigMap', configMap);
    add('Secret', secret && { name: secret.secretName });
  }
  for (const { envFrom = [], env = [] } of containersOf(workload)) {
    for (const { configMapRef, secretRef } of envFrom) {
      add('ConfigMap', configMapRef);
      add('Secret', secretRef);
    }
    for (const { valueFrom } of env) {
      add('ConfigMap', valueFrom?.configMapKeyRef);
      add('Secret', valueFrom?.secretKeyRef);
    }
  }
  return references;
}

/** A Service or probe port, named or numbered, as a container port number. */
export function portNumber(
  container: IContainer,
  port: number | string | undefined,
): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)
    ?.containerPort;
}

/** Whether a label selector matches a set of labels; empty matches all. */
export function selects(selector: LabelSelector, labels: Labels): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const labelsMatch = matchLabels.every(
    ([key, value]) => labels[key] === value,
  );

  return (
    labelsMatch &&
    (selector.matchExpressions ?? []).every(
      ({ key, operator, values = [] }) => {
        const value = labels[key];
        switch (operator) {
          case 'In':
            return value !== undefined && values.includes(value);
          case 'NotIn':
            return value === undefined || !values.includes(value);
          case 'Exists':
            return value !== undefined;
          case 'DoesNotExist':
            return value === undefined;
          default:
            throw new Error(`unknown selector operator ${operator}`);
        }
      },
    )
  );
}

/** Who may open a connection to one port of some pods, by NetworkPolicy. */
export interface Admission {
  /** A rule lets in any source, or sources outside the namespace. */
  fromOutside: boolean;
  /** The workloads of the build whose pods a rule lets in. */
  workloads: string[];
}

/**
 * Works out which sources reach `port` on the pods of `target` under the
 * build's ingress NetworkPolicies. Pods no policy selects are open to all.
 */
export function admissionTo(
  build: Build,
  target: Workload,
  port: number,
): Admission {
  const targetLabels = podLabelsOf(target);
  const container = podSpecOf(target).containers[0]!;
  const policies = build
    .all('NetworkPolicy')
    .filter(
      (policy) =>
        selects(policy.spec?.podSelector ?? {}, targetLabels) &&
        (policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress'),
    );
  if (policies.length === 0) return { fromOutside: true, workloads: [] };

  const rules = policies
    .flatMap((policy) => policy.spec?.ingress ?? [])
    .filter(
      (rule) =>
        !rule.ports ||
        rule.ports.some(
          (allowed) => portNumber(container, allowed.port) === port,
        ),
    );
  // A rule without sources lets in every source.
  const peers = rules.flatMap((rule) => (rule.from?.length ? rule.from : [{}]));
  const fromOutside = peers.some(
    (peer) => !peer.podSelector || peer.namespaceSelector,
  );
  const podPeers = peers.filter(
    (peer) => peer.podSelector && !peer.namespaceSelector,
  );

  const workloads = build
    .workloads()
    .filter((workload) =>
      podPeers.some((peer) =>
        selects(peer.podSelector!, podLabelsOf(workload)),
      ),
    )
    .map((workload) => workload.metadata!.name!)
    .sort();
  return { fromOutside, workloads };
}

/** The seconds a container's preStop hook sleeps, native or `sleep N`. */
export function preStopSleepSeconds(container: IContainer): number | undefined {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;

  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : undefined;
}
