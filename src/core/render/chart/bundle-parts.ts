// A composed bundle taken apart by owner: what the app brings itself and what each preset item
// (helper) added to the pod. The chart puts each helper's parts in its own values block, so
// turning the helper off removes exactly what it added. The parts come from the pod builder's
// record of one composition (who added what, as it was added), so chart and bundle never disagree.
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IIoK8sApiCoreV1Volume as Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { compose } from '../../generate/compose-bundle.js';
import type { BundleRequestDto } from '../../input/bundle-request.js';
import type { EgressNeed } from '../../compose/pod-builder.js';
import type { Bundle, ContainerSummary, K8sObject } from '../../model/bundle.js';
import type { BundleRequest } from '../../request/bundle.js';
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
  /** the request as composition read it (plain data): the chart reads this one, not its input */
  request: BundleRequest;
  bundle: Bundle;
  workload: K8sObject;
  /** the app container as the bundle has it, helpers' env and mounts removed */
  main: Container;
  /** pod volumes that are the app's own (no helper added them) */
  appVolumes: Volume[];
  helpers: HelperPart[];
}

const clone = <T>(value: T): T => structuredClone(value);

/** Composes the validated request (throwing as composeBundle does) and splits the pod by owner. */
export function bundleParts(input: BundleRequestDto): BundleParts {
  const { request, bundle, pod } = compose(input);
  const workload = bundle.manifests.find(
    (o) => o.kind === bundle.summary.workload.kind && o.metadata?.name === bundle.summary.workload.name,
  )!;
  const podSpec = (
    workload.spec as {
      template: { spec: { containers: Container[]; initContainers?: Container[]; volumes?: Volume[] } };
    }
  ).template.spec;
  const containerByName = new Map([...(podSpec.initContainers ?? []), ...podSpec.containers].map((c) => [c.name, c]));
  const placementByName = new Map(bundle.summary.containers.map((c) => [c.name, c.placement]));
  const volumeByName = new Map((podSpec.volumes ?? []).map((v) => [v.name, v]));
  const configByOwner = new Map(pod.configMapList.map((c) => [c.owner, c.data]));
  const main = clone(podSpec.containers[0]);
  const helperEnv = new Set(pod.owned.flatMap((o) => o.appEnv));
  const helperMounts = new Set(pod.owned.flatMap((o) => o.appMounts));
  const helperVolumes = new Set(pod.owned.flatMap((o) => o.volumes));

  const helpers = pod.owned.map((o): HelperPart => {
    const podAnnotations = { ...o.podAnnotations };
    for (const owner of o.configOwners) delete podAnnotations[`checksum/config-${owner}`];
    return {
      kind: o.helper.kind,
      group: KIND_FIELD[o.helper.kind],
      name: o.helper.name,
      preset: o.helper.preset,
      containers: o.containers.map((name) => ({
        container: clone(containerByName.get(name)!),
        placement: placementByName.get(name)!,
      })),
      volumes: o.volumes.map((name) => clone(volumeByName.get(name)!)),
      // in ConfigMap name order, as the bundle lists them
      configMaps: o.configOwners
        .map((owner) => ({ owner, data: clone(configByOwner.get(owner)!) }))
        .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0)),
      appEnv: (main.env ?? []).filter((e) => o.appEnv.includes(e.name)),
      appVolumeMounts: (main.volumeMounts ?? []).filter((m) => o.appMounts.includes(m.mountPath)),
      servicePorts: o.servicePorts,
      frontServicePorts: o.frontServicePorts,
      replacesServicePorts: o.replacesServicePorts,
      podAnnotations,
      serviceAnnotations: o.serviceAnnotations,
      objects: o.objects,
      egress: o.egress,
    };
  });

  const ownEnv = (main.env ?? []).filter((e) => !helperEnv.has(e.name));
  const ownMounts = (main.volumeMounts ?? []).filter((m) => !helperMounts.has(m.mountPath));
  delete main.env;
  delete main.volumeMounts;
  if (ownEnv.length) main.env = ownEnv;
  if (ownMounts.length) main.volumeMounts = ownMounts;
  return {
    request,
    bundle,
    workload,
    main,
    appVolumes: (podSpec.volumes ?? []).filter((v) => !helperVolumes.has(v.name)).map(clone),
    helpers,
  };
}
