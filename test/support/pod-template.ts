// Reads the pod template out of a composed bundle and states what the restricted Pod Security
// level and the Kubernetes schema require of it, for tests that check generated pods.
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { Bundle, K8sObject } from '../../src/core/model/bundle.js';
import { schemaErrors } from './k8s-models.js';

export interface PodTemplate {
  annotations: Record<string, string>;
  spec: PodSpec;
}

/** The pod template of the bundle's Deployment or StatefulSet. */
export function podTemplateOf(bundle: Bundle): PodTemplate {
  const workload = bundle.manifests.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  if (!workload) throw new Error('the bundle has no workload');
  const template = (
    workload.spec as { template: { metadata: { annotations?: Record<string, string> }; spec: PodSpec } }
  ).template;
  return { annotations: template.metadata.annotations ?? {}, spec: template.spec };
}

export function podSpecOf(bundle: Bundle): PodSpec {
  return podTemplateOf(bundle).spec;
}

export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** A container by name from initContainers or containers; fails loudly when absent. */
export function containerNamed(spec: PodSpec, name: string): Container {
  const found = allContainers(spec).find((c) => c.name === name);
  if (!found)
    throw new Error(
      `no container "${name}" in the pod (have: ${allContainers(spec)
        .map((c) => c.name)
        .join(', ')})`,
    );
  return found;
}

export function configMapData(bundle: Bundle, name: string): Record<string, string> {
  const cm = bundle.manifests.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name);
  if (!cm) throw new Error(`no ConfigMap ${name}`);
  return cm.data as Record<string, string>;
}

/** What the bundle's NetworkPolicy declares each egress port for (its pod-patterns.io/egress annotation). */
export function declaredEgress(bundle: Bundle): string[] {
  const np = bundle.manifests.find((o) => o.kind === 'NetworkPolicy');
  if (!np) throw new Error('no NetworkPolicy in the bundle');
  return JSON.parse((np.metadata!.annotations as Record<string, string>)['pod-patterns.io/egress']) as string[];
}

/**
 * What the restricted level (plus this product's helper defaults) wants of every container:
 * one line per violation, empty when the pod complies. `helpers` are the containers that must
 * carry a numeric non-root runAsUser.
 */
export function restrictedProblems(spec: PodSpec, helpers: readonly string[]): string[] {
  const problems: string[] = [];
  if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
    problems.push('pod: seccompProfile is not RuntimeDefault');
  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  for (const c of allContainers(spec)) {
    const sc = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (!(sc.runAsNonRoot === true || (podNonRoot && sc.runAsNonRoot === undefined)))
      problems.push(`${at}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${at}: runAsUser is 0`);
    if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
    if ((sc.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE'))
      problems.push(`${at}: adds capabilities`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
    if (helpers.includes(c.name) && !(Number.isInteger(sc.runAsUser) && sc.runAsUser! > 0))
      problems.push(`${at}: no numeric non-root runAsUser`);
  }
  for (const v of spec.volumes ?? []) {
    const allowed = [
      'configMap',
      'csi',
      'downwardAPI',
      'emptyDir',
      'ephemeral',
      'image',
      'persistentVolumeClaim',
      'projected',
      'secret',
    ];
    const kinds = Object.keys(v).filter((k) => k !== 'name');
    if (!kinds.every((k) => allowed.includes(k)))
      problems.push(`volume ${v.name}: type ${kinds.join(',')} is not allowed`);
  }
  return problems;
}

/** Schema errors of every object, as "Kind/name: path message"; empty when all validate. */
export function schemaProblems(manifests: readonly K8sObject[]): string[] {
  return manifests.flatMap((o) => {
    const errors = schemaErrors(o);
    if (errors === undefined) return [`${o.kind}/${o.metadata?.name}: no schema model for ${o.apiVersion}/${o.kind}`];
    return errors.map((e) => `${o.kind}/${o.metadata?.name}: ${e.path} ${e.message}`);
  });
}
