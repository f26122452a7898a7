// The pod-level fields a request passes through with their Kubernetes names (imagePullSecrets,
// nodeSelector, tolerations, affinity, topologySpreadConstraints, priorityClassName) and the app's
// own volumes. Their cross-field rules, which the API server would refuse the bundle for, are
// checked here so the error points at the request field and says what to do.
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Volume as Volume } from 'kubernetes-models/v1/Volume';
import type { PodBuilder } from '../compose/pod-builder.js';
import { InvalidRequestError, type FieldError } from '../model/errors.js';
import type { AppDto } from '../request/app.js';
import type { NodeSelectorTermDto, PodAffinityTermDto } from '../request/scheduling.js';
import type { AppVolumeDto } from '../request/volumes.js';
import type { LabelSelectorDto } from '../request/workload-companions.js';
import { labelKeyConflicts, podAffinityTerms } from '../rules/scheduling.rules.js';
import { expressionProblems } from './network-policy.js';

/** Cross-field rules of the scheduling fields; throws a 400 with every problem found. */
export function checkPodFields(app: AppDto): void {
  const errors: FieldError[] = [
    ...(app.tolerations ?? []).flatMap((t, i) => tolerationProblems(t, `/app/tolerations/${i}`)),
    ...affinityProblems(app),
    ...spreadProblems(app.topologySpreadConstraints ?? []),
  ];
  if (errors.length) throw new InvalidRequestError(errors);
}

function spreadProblems(constraints: NonNullable<AppDto['topologySpreadConstraints']>): FieldError[] {
  const first = new Map<string, number>();
  return constraints.flatMap((c, i) => {
    const at = `/app/topologySpreadConstraints/${i}`;
    const problems = [...selectorProblems(c.labelSelector, `${at}/labelSelector`), ...labelKeyProblems(c, at)];
    if (c.minDomains !== undefined && c.whenUnsatisfiable !== 'DoNotSchedule')
      problems.push({
        pointer: `${at}/minDomains`,
        detail: 'minDomains applies only with whenUnsatisfiable "DoNotSchedule"; remove it or use DoNotSchedule',
      });
    // the API server keeps one constraint per topologyKey and whenUnsatisfiable
    const pair = `${c.topologyKey} ${c.whenUnsatisfiable}`;
    const earlier = first.get(pair);
    if (earlier === undefined) first.set(pair, i);
    else
      problems.push({
        pointer: `${at}/topologyKey`,
        detail: `topologyKey "${c.topologyKey}" with whenUnsatisfiable "${c.whenUnsatisfiable}" is already constrained by topologySpreadConstraints[${earlier}]; merge the two, or use another topologyKey`,
      });
    return problems;
  });
}

function labelKeyProblems(term: Parameters<typeof labelKeyConflicts>[0], at: string): FieldError[] {
  return labelKeyConflicts(term).map(({ field, message }) => ({ pointer: `${at}/${field}`, detail: message }));
}

function tolerationProblems(t: NonNullable<AppDto['tolerations']>[number], at: string): FieldError[] {
  const problems: FieldError[] = [];
  const operator = t.operator ?? 'Equal';
  if (operator === 'Exists' && t.value)
    problems.push({
      pointer: `${at}/value`,
      detail: 'operator "Exists" matches any value and takes none; remove value, or use operator "Equal"',
    });
  if (!t.key && operator !== 'Exists')
    problems.push({
      pointer: `${at}/operator`,
      detail: 'a toleration without a key matches every taint, which needs operator "Exists"; give the taint\'s key',
    });
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
    problems.push({
      pointer: `${at}/tolerationSeconds`,
      detail: 'tolerationSeconds applies only to effect "NoExecute"; set effect "NoExecute" or remove it',
    });
  return problems;
}

function selectorProblems(selector: LabelSelectorDto | undefined, at: string): FieldError[] {
  return expressionProblems(selector, at);
}

/** Node selector requirements: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt one integer. */
function termProblems(term: NodeSelectorTermDto, at: string): FieldError[] {
  const problems: FieldError[] = [];
  for (const list of ['matchExpressions', 'matchFields'] as const) {
    (term[list] ?? []).forEach((e, i) => {
      const values = e.values ?? [];
      const pointer = `${at}/${list}/${i}/values`;
      if ((e.operator === 'In' || e.operator === 'NotIn') && !values.length)
        problems.push({ pointer, detail: `operator ${e.operator} needs at least one value` });
      if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length)
        problems.push({ pointer, detail: `operator ${e.operator} takes no values` });
      if ((e.operator === 'Gt' || e.operator === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(values[0])))
        problems.push({ pointer, detail: `operator ${e.operator} takes exactly one value, an integer such as "3"` });
    });
    if (list === 'matchFields')
      (term.matchFields ?? []).forEach((e, i) => {
        if (e.key !== 'metadata.name')
          problems.push({
            pointer: `${at}/matchFields/${i}/key`,
            detail: 'matchFields takes only the key "metadata.name"; match node labels with matchExpressions',
          });
        if ((e.operator !== 'In' && e.operator !== 'NotIn') || (e.values ?? []).length !== 1)
          problems.push({
            pointer: `${at}/matchFields/${i}/operator`,
            detail: 'matchFields takes operator In or NotIn with exactly one value, a node name',
          });
      });
  }
  return problems;
}

function affinityProblems(app: AppDto): FieldError[] {
  const affinity = app.affinity;
  if (!affinity) return [];
  const at = '/app/affinity';
  const node = affinity.nodeAffinity;
  const problems: FieldError[] = [
    ...(node?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).flatMap((t, i) =>
      termProblems(t, `${at}/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/${i}`),
    ),
    ...(node?.preferredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((p, i) =>
      termProblems(p.preference, `${at}/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/${i}/preference`),
    ),
  ];
  for (const [term, pointer] of podAffinityTerms<PodAffinityTermDto>(affinity, at))
    problems.push(
      ...selectorProblems(term.labelSelector, `${pointer}/labelSelector`),
      ...selectorProblems(term.namespaceSelector, `${pointer}/namespaceSelector`),
      ...labelKeyProblems(term, pointer),
    );
  return problems;
}

/** The pod spec fields the request gives as Kubernetes has them (none when the request gives none). */
export function podPlacement(app: AppDto): Partial<PodSpec> {
  return {
    ...(app.imagePullSecrets?.length ? { imagePullSecrets: app.imagePullSecrets.map((s) => ({ name: s.name })) } : {}),
    ...(app.nodeSelector && Object.keys(app.nodeSelector).length ? { nodeSelector: { ...app.nodeSelector } } : {}),
    ...(app.tolerations?.length ? { tolerations: structuredClone(app.tolerations) } : {}),
    ...(app.affinity && Object.keys(app.affinity).length ? { affinity: structuredClone(app.affinity) } : {}),
    ...(app.topologySpreadConstraints?.length
      ? { topologySpreadConstraints: structuredClone(app.topologySpreadConstraints) }
      : {}),
    ...(app.priorityClassName ? { priorityClassName: app.priorityClassName } : {}),
  } as Partial<PodSpec>;
}

/** The pod volume of an app volume: its name and its one source, as given. */
export function appVolume(v: AppVolumeDto): Volume {
  const { name, mountPath: _m, readOnly: _r, subPath: _s, ...source } = v;
  return { name, ...structuredClone(source) } as Volume;
}

/**
 * Reserves the names of app.volumes before any other volume is added, so the names the pod builder
 * makes for the app's and the helpers' own volumes go round them.
 */
export function reserveAppVolumes(pod: PodBuilder, app: AppDto): void {
  (app.volumes ?? []).forEach((v, i) => pod.reserveVolumeName(v.name, `/app/volumes/${i}/name`));
}

/**
 * Adds app.volumes to the pod and mounts each in the app container (after the app's other mounts);
 * a name or path that clashes with one the app already has is a request error at the volume.
 */
export function addAppVolumes(pod: PodBuilder, app: AppDto): void {
  const volumes = app.volumes ?? [];
  const claim = app.storage ? (app.storage.name ?? 'data') : undefined;
  const errors: FieldError[] = [];
  volumes.forEach((v, i) => {
    const at = `/app/volumes/${i}`;
    if (v.name === claim)
      errors.push({
        pointer: `${at}/name`,
        detail: `"${v.name}" is the volume of app.storage (its claim template); give this volume another name`,
      });
    else if (pod.hasVolume(v.name))
      errors.push({
        pointer: `${at}/name`,
        detail: `the pod already has a volume "${v.name}" (from secretMounts or writablePaths); give this volume another name`,
      });
    const taken = pod.main.volumeMounts?.find((m) => m.mountPath === v.mountPath);
    if (taken)
      errors.push({
        pointer: `${at}/mountPath`,
        detail: `the app already mounts volume "${taken.name}" at ${v.mountPath} (${mountOrigin(app, v.mountPath)}); choose another mountPath, or remove that one`,
      });
  });
  if (errors.length) throw new InvalidRequestError(errors);
  volumes.forEach((v, i) => {
    pod.addVolume(appVolume(v));
    pod.mountInMain(
      {
        name: v.name,
        mountPath: v.mountPath,
        ...(v.readOnly !== undefined ? { readOnly: v.readOnly } : {}),
        ...(v.subPath !== undefined ? { subPath: v.subPath } : {}),
      },
      `/app/volumes/${i}/mountPath`,
    );
  });
}

function mountOrigin(app: AppDto, path: string): string {
  if (app.storage?.mountPath === path) return 'app.storage';
  if (app.secretMounts?.some((m) => m.mountPath === path)) return 'app.secretMounts';
  if (path === '/tmp' && !app.securityContext?.writablePaths?.includes(path))
    return 'the writable /tmp every app with a read-only root filesystem gets';
  return 'app.securityContext.writablePaths';
}
