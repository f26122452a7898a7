// A pod under construction. Presets add to it; compose turns it into the workload's pod template.
// It keeps every helper's role and placement so the rules, the summary and the roles annotation
// all read one record, and, while a helper applies (ownedBy), which parts that helper added: the
// chart gives each helper's parts their own values block from that record.
import { createHash } from 'node:crypto';
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1ContainerPort as ContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { IIoK8sApiCoreV1Volume as Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IIoK8sApiCoreV1ResourceRequirements as Resources } from 'kubernetes-models/v1/ResourceRequirements';
import { InvalidRequestError } from '../model/errors.js';
import type { ContainerSummary, K8sObject, Role } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import type { ResolvedTarget } from '../model/request.js';
import { DEFAULT_IMAGES, mirrorImage, type ImageDefault, type ImageKey } from './images.js';
import type { HelperResources, PresetParams } from '../model/preset-params.js';
import { parseQuantity } from '../rules/quantity.js';
import { helperSecurityContext } from './security.js';

export interface HelperSpec {
  /** the preset item (name, preset, image and resources overrides) */
  item: PresetParams;
  role: Exclude<Role, 'main'>;
  /** default image, from the images table; or, for a caller-supplied container, its image and numeric user */
  image: ImageKey | ImageDefault;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  volumeMounts?: VolumeMount[];
  /** default resources when the item gives none */
  resources: Resources;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  /** paths the program writes to; each gets its own emptyDir (the root filesystem is read-only) */
  writablePaths?: string[];
  /**
   * 'long-running' helpers become native sidecars when the target allows (sidecars and
   * ambassadors); 'regular' always stays in containers (adapters); 'init' runs once to completion
   * before the app.
   */
  lifecycle?: 'long-running' | 'regular' | 'init';
  /** for 'init' helpers: a distinct container name (default: item name + "-init") */
  containerName?: string;
}

export interface ConfigFile {
  /** ConfigMap name */
  name: string;
  /** volume name for mounting it */
  volumeName: string;
}

/** An outbound connection a helper makes beyond the pod; a restricted NetworkPolicy allows it. */
export interface EgressNeed {
  port: number;
  protocol: 'TCP' | 'UDP';
  /** why, for people reading the policy, e.g. "upstream api.payments.example.com" */
  purpose: string;
}

/** A preset item while it adds to the pod. */
export interface HelperOwner {
  kind: Exclude<Role, 'main'>;
  name: string;
  preset: string;
}

/** What one helper added to the pod, in the order it added it. */
export interface OwnedParts {
  helper: HelperOwner;
  /** container names */
  containers: string[];
  /** names of the volumes it added first (a volume another helper added before stays that one's) */
  volumes: string[];
  /** env var names and mount paths it gave the app container */
  appEnv: string[];
  appMounts: string[];
  /** owners of the ConfigMaps it added (<app>-<owner>) */
  configOwners: string[];
  servicePorts: (ServicePort & { name: string })[];
  frontServicePorts: (ServicePort & { name: string })[];
  replacesServicePorts: string[];
  /** annotations as it set them, config checksums included */
  podAnnotations: Record<string, string>;
  serviceAnnotations: Record<string, string>;
  objects: K8sObject[];
  egress: EgressNeed[];
}

const ownedParts = (helper: HelperOwner): OwnedParts => ({
  helper,
  containers: [],
  volumes: [],
  appEnv: [],
  appMounts: [],
  configOwners: [],
  servicePorts: [],
  frontServicePorts: [],
  replacesServicePorts: [],
  podAnnotations: {},
  serviceAnnotations: {},
  objects: [],
  egress: [],
});

interface HelperEntry {
  summary: ContainerSummary;
  container: Container;
}

const ARRAY_LIMIT_NAME = 63;

export class PodBuilder {
  readonly main: Container;
  private readonly helpers: HelperEntry[] = [];
  private readonly volumes = new Map<string, Volume>();
  /** which owner and path each derived volume name stands for (volumeNameFor) */
  private readonly volumeNameHolders = new Map<string, string>();
  /** volume names the request gives (app.volumes), with the pointer of each */
  private readonly requestVolumes = new Map<string, string>();
  private readonly configMaps = new Map<string, { owner: string; data: Record<string, string> }>();
  readonly servicePorts: (ServicePort & { name: string })[] = [];
  /** Service ports for the app's clients served by a helper in front of the app (a reverse proxy). */
  readonly frontServicePorts: (ServicePort & { name: string })[] = [];
  /** names of the app's Service ports that a front helper took over: the Service no longer has them */
  readonly replacedAppServicePorts: string[] = [];
  readonly podAnnotations: Record<string, string> = {};
  readonly serviceAnnotations: Record<string, string> = {};
  readonly extraObjects: K8sObject[] = [];
  readonly findings: Finding[] = [];
  readonly egress: EgressNeed[] = [];
  /** each helper's parts, in the order the helpers applied */
  readonly owned: OwnedParts[] = [];
  /** the helper applying now (undefined: the app's own parts) */
  private owner: OwnedParts | undefined;

  constructor(
    readonly appName: string,
    readonly namespace: string | undefined,
    readonly target: ResolvedTarget,
    main: Container,
  ) {
    this.main = main;
  }

  /**
   * Runs `apply` with every part it adds recorded as the helper's. The record is a copy taken when
   * the helper is done, so what a later helper changes stays out of it.
   */
  ownedBy(helper: HelperOwner, apply: () => void): void {
    const parts = ownedParts(helper);
    this.owner = parts;
    try {
      apply();
    } finally {
      this.owner = undefined;
    }
    this.owned.push(structuredClone(parts));
  }

  /** Resolves a helper image: the item's override or the table default, then the registry mirror. */
  image(key: ImageKey, override?: string): string {
    return mirrorImage(override ?? DEFAULT_IMAGES[key].image, this.target.registryMirror);
  }

  /** Adds a helper container with the security defaults of its image; returns it for fine-tuning. */
  addHelper(spec: HelperSpec): Container {
    const lifecycle = spec.lifecycle ?? (spec.role === 'adapter' ? 'regular' : 'long-running');
    const name = lifecycle === 'init' ? (spec.containerName ?? `${spec.item.name}-init`) : spec.item.name;
    const user = typeof spec.image === 'string' ? DEFAULT_IMAGES[spec.image] : spec.image;
    const mounts = [...(spec.volumeMounts ?? [])];
    for (const path of spec.writablePaths ?? []) {
      const volumeName = this.volumeNameFor(name, path);
      this.addVolume({ name: volumeName, emptyDir: {} });
      mounts.push({ name: volumeName, mountPath: path });
    }
    const container: Container = {
      name,
      image: mirrorImage(spec.item.image ?? user.image, this.target.registryMirror),
      imagePullPolicy: 'IfNotPresent',
      ...(spec.command ? { command: spec.command } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      ...(spec.env?.length ? { env: spec.env } : {}),
      ...(spec.ports?.length ? { ports: spec.ports } : {}),
      resources: mergeResources(spec.resources, spec.item.resources),
      ...(mounts.length ? { volumeMounts: mounts } : {}),
      securityContext: helperSecurityContext(user.runAsUser, user.runAsGroup),
    };
    let placement: ContainerSummary['placement'] = 'container';
    if (lifecycle === 'init') {
      placement = 'init';
    } else if (lifecycle === 'long-running' && this.target.useNativeSidecars) {
      placement = 'native-sidecar';
      container.restartPolicy = 'Always';
      if (spec.startupProbe) container.startupProbe = spec.startupProbe;
    } else if (spec.startupProbe) {
      container.startupProbe = spec.startupProbe;
    }
    if (lifecycle !== 'init') {
      if (spec.readinessProbe) container.readinessProbe = spec.readinessProbe;
      if (spec.livenessProbe) container.livenessProbe = spec.livenessProbe;
    }
    this.helpers.push({
      container,
      summary: { name, role: spec.role, preset: spec.item.preset, placement },
    });
    this.owner?.containers.push(name);
    return container;
  }

  /**
   * Reserves a volume name the request gives (app.volumes): names made by volumeNameFor go round it,
   * and a helper that adds a volume of that name is a request error at `pointer`.
   */
  reserveVolumeName(name: string, pointer: string): void {
    this.requestVolumes.set(name, pointer);
    this.volumeNameHolders.set(name, `\u0000request\u0000${name}`);
  }

  /** Adds a volume once; adding a different volume under the same name is a request error. */
  addVolume(volume: Volume): void {
    const reserved = this.requestVolumes.get(volume.name);
    if (reserved !== undefined && this.owner) {
      const { kind, name } = this.owner.helper;
      throw new InvalidRequestError([
        {
          pointer: reserved,
          detail: `${kind} "${name}" adds a volume of its own named "${volume.name}"; give the app's volume another name`,
        },
      ]);
    }
    const existing = this.volumes.get(volume.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(volume)) {
      throw new InvalidRequestError([
        { pointer: '', detail: `two helpers need different volumes named "${volume.name}"` },
      ]);
    }
    if (!existing) this.owner?.volumes.push(volume.name);
    this.volumes.set(volume.name, volume);
  }

  hasVolume(name: string): boolean {
    return this.volumes.has(name);
  }

  /** Mounts a volume in the app container, or reuses an existing mount at the same path. */
  mountInMain(mount: VolumeMount, pointer: string): void {
    const mounts = (this.main.volumeMounts ??= []);
    const same = mounts.find((m) => m.mountPath === mount.mountPath);
    if (same) {
      if (same.name === mount.name) return;
      throw new InvalidRequestError([
        { pointer, detail: `the app already mounts volume "${same.name}" at ${mount.mountPath}` },
      ]);
    }
    mounts.push(mount);
    this.owner?.appMounts.push(mount.mountPath);
  }

  /**
   * Shares a directory of the app with a helper: reuses the volume the app already mounts at
   * `mountPath`, or adds an emptyDir named `volumeName` and mounts it there. Returns the volume name.
   */
  shareWithMain(mountPath: string, volumeName: string, pointer: string): string {
    const existing = this.main.volumeMounts?.find((m) => m.mountPath === mountPath);
    if (existing) return existing.name;
    this.addVolume({ name: volumeName, emptyDir: {} });
    this.mountInMain({ name: volumeName, mountPath }, pointer);
    return volumeName;
  }

  /** Adds an env var to the app; a name the app already sets is a request error (no silent override). */
  addMainEnv(env: EnvVar, pointer: string): void {
    const list = (this.main.env ??= []);
    if (list.some((e) => e.name === env.name)) {
      throw new InvalidRequestError([
        { pointer, detail: `the app already sets env var ${env.name}; choose another name for the helper's variable` },
      ]);
    }
    list.push(env);
    this.owner?.appEnv.push(env.name);
  }

  /**
   * Adds a ConfigMap owned by the bundle, named <app>-<owner>, plus its volume and the
   * checksum/config-<owner> pod annotation that rolls the pods when it changes.
   */
  addConfigFiles(owner: string, data: Record<string, string>): ConfigFile {
    const name = `${this.appName}-${owner}`;
    const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (!this.configMaps.has(name)) this.owner?.configOwners.push(owner);
    this.configMaps.set(name, { owner, data: sorted });
    const volumeName = this.volumeNameFor(owner, 'config');
    this.addVolume({ name: volumeName, configMap: { name } });
    this.addPodAnnotation(`checksum/config-${owner}`, configChecksum(sorted));
    return { name, volumeName };
  }

  addServicePort(port: ServicePort & { name: string }): void {
    this.servicePorts.push(port);
    this.owner?.servicePorts.push(port);
  }

  /**
   * A Service port for the app's clients that a helper serves in front of the app; `replaces` names
   * the app's Service port it takes the place of (gone from the Service while the helper is there).
   */
  addFrontServicePort(port: ServicePort & { name: string }, replaces?: string): void {
    this.frontServicePorts.push(port);
    this.owner?.frontServicePorts.push(port);
    if (replaces) {
      this.replacedAppServicePorts.push(replaces);
      this.owner?.replacesServicePorts.push(replaces);
    }
  }

  addPodAnnotation(key: string, value: string): void {
    this.podAnnotations[key] = value;
    if (this.owner) this.owner.podAnnotations[key] = value;
  }

  addServiceAnnotation(key: string, value: string): void {
    this.serviceAnnotations[key] = value;
    if (this.owner) this.owner.serviceAnnotations[key] = value;
  }

  addObject(object: K8sObject): void {
    this.extraObjects.push(object);
    this.owner?.objects.push(object);
  }

  /** Declares an outbound port a helper needs (loopback traffic needs none). */
  declareEgress(need: EgressNeed): void {
    this.egress.push({ ...need });
    this.owner?.egress.push({ ...need });
  }

  addFinding(finding: Finding): void {
    this.findings.push(finding);
  }

  /** Every container's port, the app's included, for collision checks by presets. */
  allPorts(): { container: string; port: ContainerPort }[] {
    const all = [this.main, ...this.helpers.map((h) => h.container)];
    return all.flatMap((c) => (c.ports ?? []).map((port) => ({ container: c.name, port })));
  }

  get helperSummaries(): ContainerSummary[] {
    return this.helpers.map((h) => h.summary);
  }

  get regularHelpers(): Container[] {
    return this.helpers.filter((h) => h.summary.placement === 'container').map((h) => h.container);
  }

  /** initContainers in the order they were added: one-shot inits and native sidecars interleave as added. */
  get initContainers(): Container[] {
    return this.helpers.filter((h) => h.summary.placement !== 'container').map((h) => h.container);
  }

  get volumeList(): Volume[] {
    return [...this.volumes.values()];
  }

  get configMapList(): { name: string; owner: string; data: Record<string, string> }[] {
    return [...this.configMaps.entries()]
      .map(([name, v]) => ({ name, ...v }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * A volume name from an owner and a purpose or path, kept within the 63-character label limit.
   * The slug folds case and punctuation ("/p" and "/P" both give "p"), so a name another owner or
   * path already holds gets a hash of this owner and path instead.
   */
  volumeNameFor(owner: string, pathOrPurpose: string): string {
    const slug =
      pathOrPurpose
        .replace(/^\/+/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'root';
    const key = `${owner}\u0000${pathOrPurpose}`;
    let name = `${owner}-${slug}`;
    if (name.length > ARRAY_LIMIT_NAME) name = `${name.slice(0, 50).replace(/-+$/, '')}-${sha256(name).slice(0, 8)}`;
    const holder = this.volumeNameHolders.get(name);
    if (holder !== undefined && holder !== key)
      name = `${name.slice(0, 50).replace(/-+$/, '')}-${sha256(key).slice(0, 8)}`;
    this.volumeNameHolders.set(name, key);
    return name;
  }
}

/**
 * sha256 of the config data as JSON with sorted keys, written the way Go's encoder writes it
 * (U+2028 and U+2029 escaped), so a Helm chart computes the same value with `toRawJson | sha256sum`.
 */
export function configChecksum(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sha256(
    JSON.stringify(sorted)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The given members of a requests/limits map: a parsed item carries its undeclared members as undefined. */
function given(map: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/**
 * The preset's defaults with the item's overrides. A default that would contradict what the user
 * set follows it: a request above the default limit raises that limit to the request, a limit
 * below the default request lowers that request to the limit (the user set only one side).
 */
function mergeResources(defaults: Resources, override: HelperResources | undefined): Resources {
  if (!override) return defaults;
  const setRequests = given(override.requests as Record<string, string | undefined>);
  const setLimits = given(override.limits as Record<string, string | undefined>);
  const requests: Record<string, string> = { ...(defaults.requests as Record<string, string>), ...setRequests };
  const limits: Record<string, string> = { ...(defaults.limits as Record<string, string>), ...setLimits };
  for (const name of Object.keys(limits)) {
    const request = requests[name];
    if (request === undefined || !(quantityValue(request) > quantityValue(limits[name]))) continue;
    if (name in setRequests && !(name in setLimits)) limits[name] = request;
    else if (name in setLimits && !(name in setRequests)) requests[name] = limits[name];
  }
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  } as Resources;
}

function quantityValue(quantity: string): number {
  return parseQuantity(quantity)?.value ?? NaN;
}
