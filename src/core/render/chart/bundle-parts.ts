// A composed bundle taken apart by owner: what the app brings itself and what each preset item
// (helper) added to the pod. The chart puts each helper's parts in its own values block, so
// turning the helper off removes exactly what it added. The parts come from watching one
// composition (composeBundle's observer), so chart and bundle can never disagree.
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IIoK8sApiCoreV1Volume as Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { composeBundle } from '../../compose/compose-bundle.js';
import type { EgressNeed, PodBuilder } from '../../compose/pod-builder.js';
import type { Bundle, ContainerSummary, K8sObject } from '../../model/bundle.js';
import type { BundleRequest } from '../../model/request.js';
import { KIND_FIELD, type PresetKind } from '../../presets/preset.js';

export type HelperGroup = (typeof KIND_FIELD)[PresetKind];

export interface HelperPart {
  kind: PresetKind;
  /** the request field and values key: sidecars, ambassadors or adapters */
  group: HelperGroup;
  name: string;
  preset: string;
  /** the helper's containers in the order it added them */
  containers: { container: Container; placement: ContainerSummary['placement'] }[];
  volumes: Volume[];
  /** ConfigMaps it owns, named <app>-<owner> */
  configMaps: { owner: string; data: Record<string, string> }[];
  /** env vars and mounts it added to the app container */
  appEnv: EnvVar[];
  appVolumeMounts: VolumeMount[];
  servicePorts: ServicePort[];
  /** Service ports for the app's clients it serves in front of the app, and the app's Service ports they replace */
  frontServicePorts: ServicePort[];
  replacesServicePorts: string[];
  /** pod annotations it set, without its config checksums (the chart computes those) */
  podAnnotations: Record<string, string>;
  serviceAnnotations: Record<string, string>;
  objects: K8sObject[];
  /** outbound ports it declared (a restricted NetworkPolicy allows them) */
  egress: EgressNeed[];
}

export interface BundleParts {
  bundle: Bundle;
  workload: K8sObject;
  /** the app container as the bundle has it, helpers' env and mounts removed */
  main: Container;
  /** pod volumes that exist before any helper applies */
  appVolumes: Volume[];
  helpers: HelperPart[];
}

interface Snapshot {
  env: string[];
  mounts: string[];
  volumes: string[];
  containers: string[];
  configMaps: string[];
  servicePorts: number;
  frontServicePorts: number;
  replacedServicePorts: number;
  podAnnotations: Record<string, string>;
  serviceAnnotations: Record<string, string>;
  objects: number;
  egress: number;
}

function snapshot(pod: PodBuilder): Snapshot {
  return {
    env: (pod.main.env ?? []).map((e) => e.name),
    mounts: (pod.main.volumeMounts ?? []).map((m) => m.mountPath),
    volumes: pod.volumeList.map((v) => v.name),
    containers: pod.helperSummaries.map((s) => s.name),
    configMaps: pod.configMapList.map((c) => c.name),
    servicePorts: pod.servicePorts.length,
    frontServicePorts: pod.frontServicePorts.length,
    replacedServicePorts: pod.replacedAppServicePorts.length,
    podAnnotations: { ...pod.podAnnotations },
    serviceAnnotations: { ...pod.serviceAnnotations },
    objects: pod.extraObjects.length,
    egress: pod.egress.length,
  };
}

const added = (before: string[], after: string[]) => after.filter((x) => !before.includes(x));
const changed = (before: Record<string, string>, after: Record<string, string>) =>
  Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
const clone = <T>(value: T): T => structuredClone(value);

interface Draft {
  helper: { kind: PresetKind; name: string; preset: string };
  containers: string[];
  volumes: string[];
  env: string[];
  mounts: string[];
  configMaps: { owner: string; data: Record<string, string> }[];
  servicePorts: ServicePort[];
  frontServicePorts: ServicePort[];
  replacesServicePorts: string[];
  podAnnotations: Record<string, string>;
  serviceAnnotations: Record<string, string>;
  objects: K8sObject[];
  egress: EgressNeed[];
}

/** Composes the request (throwing as composeBundle does) and splits the pod by owner. */
export function bundleParts(request: BundleRequest): BundleParts {
  let previous: Snapshot | undefined;
  let appVolumes: string[] = [];
  const drafts: Draft[] = [];
  const bundle = composeBundle(request, {
    appReady(pod) {
      previous = snapshot(pod);
      appVolumes = previous.volumes;
    },
    helperApplied(helper, pod) {
      const now = snapshot(pod);
      const before = previous!;
      const newConfigMaps = added(before.configMaps, now.configMaps);
      drafts.push({
        helper,
        containers: added(before.containers, now.containers),
        volumes: added(before.volumes, now.volumes),
        env: added(before.env, now.env),
        mounts: added(before.mounts, now.mounts),
        configMaps: pod.configMapList.filter((c) => newConfigMaps.includes(c.name)).map((c) => ({ owner: c.owner, data: clone(c.data) })),
        servicePorts: clone(pod.servicePorts.slice(before.servicePorts)),
        frontServicePorts: clone(pod.frontServicePorts.slice(before.frontServicePorts)),
        replacesServicePorts: pod.replacedAppServicePorts.slice(before.replacedServicePorts),
        podAnnotations: changed(before.podAnnotations, now.podAnnotations),
        serviceAnnotations: changed(before.serviceAnnotations, now.serviceAnnotations),
        objects: clone(pod.extraObjects.slice(before.objects)),
        egress: clone(pod.egress.slice(before.egress)),
      });
      previous = now;
    },
  });

  const workload = bundle.manifests.find((o) => o.kind === bundle.summary.workload.kind && o.metadata?.name === bundle.summary.workload.name)!;
  const podSpec = (workload.spec as { template: { spec: { containers: Container[]; initContainers?: Container[]; volumes?: Volume[] } } }).template.spec;
  const containerByName = new Map([...(podSpec.initContainers ?? []), ...podSpec.containers].map((c) => [c.name, c]));
  const placementByName = new Map(bundle.summary.containers.map((c) => [c.name, c.placement]));
  const volumeByName = new Map((podSpec.volumes ?? []).map((v) => [v.name, v]));
  const main = clone(podSpec.containers[0]);
  const helperEnv = new Set(drafts.flatMap((d) => d.env));
  const helperMounts = new Set(drafts.flatMap((d) => d.mounts));

  const helpers = drafts.map((d): HelperPart => {
    const podAnnotations = { ...d.podAnnotations };
    for (const cm of d.configMaps) delete podAnnotations[`checksum/config-${cm.owner}`];
    return {
      kind: d.helper.kind,
      group: KIND_FIELD[d.helper.kind],
      name: d.helper.name,
      preset: d.helper.preset,
      containers: d.containers.map((name) => ({ container: clone(containerByName.get(name)!), placement: placementByName.get(name)! })),
      volumes: d.volumes.map((name) => clone(volumeByName.get(name)!)),
      configMaps: d.configMaps,
      appEnv: (main.env ?? []).filter((e) => d.env.includes(e.name)),
      appVolumeMounts: (main.volumeMounts ?? []).filter((m) => d.mounts.includes(m.mountPath)),
      servicePorts: d.servicePorts,
      frontServicePorts: d.frontServicePorts,
      replacesServicePorts: d.replacesServicePorts,
      podAnnotations,
      serviceAnnotations: d.serviceAnnotations,
      objects: d.objects,
      egress: d.egress,
    };
  });

  const ownEnv = (main.env ?? []).filter((e) => !helperEnv.has(e.name));
  const ownMounts = (main.volumeMounts ?? []).filter((m) => !helperMounts.has(m.mountPath));
  delete main.env;
  delete main.volumeMounts;
  if (ownEnv.length) main.env = ownEnv;
  if (ownMounts.length) main.volumeMounts = ownMounts;
  return {
    bundle,
    workload,
    main,
    appVolumes: appVolumes.map((name) => clone(volumeByName.get(name)!)),
    helpers,
  };
}
