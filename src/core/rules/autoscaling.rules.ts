// HorizontalPodAutoscalers: what they scale, whether their metrics can be computed at all, and
// whether the workload fights them over the replica count.
import {
  asObj,
  containerSites,
  isLongRunning,
  objectsNamed,
  objEntries,
  podSiteOf,
  podSites,
  sameNamespace,
  show,
  type Obj,
  type PodSite,
} from './pod-spec.js';
import { deploymentExample, labelledTemplate } from './examples.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

/** Kinds with a scale subresource that the HPA can drive. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
/** Built-in kinds without one: an HPA on them never works. */
const NOT_SCALABLE = new Set(['DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'ConfigMap']);

export interface Autoscaler {
  document: BundleDocument;
  spec: Obj;
  ref: { kind: string; name: string };
  /** the target in the bundle, if there */
  target?: BundleDocument;
}

function isAutoscaler(document: BundleDocument): boolean {
  const av = document.object?.apiVersion;
  return document.object?.kind === 'HorizontalPodAutoscaler' && typeof av === 'string' && av.startsWith('autoscaling/');
}

const autoscalerCache = new WeakMap<BundleDocument[], Autoscaler[]>();

/** Every HPA of the bundle with a readable scaleTargetRef, and its target when the bundle has it. */
export function autoscalers(ctx: RuleContext): Autoscaler[] {
  let list = autoscalerCache.get(ctx.documents);
  if (list) return list;
  list = ctx.documents.filter(isAutoscaler).flatMap((document) => {
    const spec = asObj(document.object.spec);
    const ref = asObj(spec?.scaleTargetRef);
    if (!spec || typeof ref?.kind !== 'string' || typeof ref.name !== 'string') return []; // schema.type reports it
    const target = objectsNamed(ctx, ref.kind, ref.name).find((d) => sameNamespace(d, document));
    return [{ document, spec, ref: { kind: ref.kind, name: ref.name }, ...(target ? { target } : {}) }];
  });
  autoscalerCache.set(ctx.documents, list);
  return list;
}

const hpa = (target: string, metric: string, extra = '') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${target}
  minReplicas: 2
  maxReplicas: 10
  metrics:
${metric}${extra}`;

const cpuMetric = `    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

const deployment = (spec: string, resources: string) => `---\n${deploymentExample(spec, resources)}`;

const withCpuRequest = '          resources:\n            requests:\n              cpu: 100m\n';
/** An HPA and the Deployment it scales, as they should be. */
const SCALED_WEB = hpa('web', cpuMetric) + deployment('', withCpuRequest);

export const hpaTargetRule: Rule = {
  id: 'hpa.target',
  layer: 'workload',
  severity: 'warning',
  title: 'A HorizontalPodAutoscaler scales a workload of the bundle that has a scale subresource',
  rationale:
    'An HPA whose scaleTargetRef names no workload of a bundle that has workloads does nothing until ' +
    'that workload exists (a typo in the name or kind goes unnoticed: the HPA only reports ' +
    'FailedGetScale). A DaemonSet, Job or Pod has no scale subresource, so an HPA on it can never ' +
    'work (error).',
  seeAlso: ['kube-score (horizontalpodautoscaler-has-target)', 'kubectl describe hpa (FailedGetScale)'],
  examples: {
    failing: hpa('website', cpuMetric) + deployment('', withCpuRequest),
    passing: SCALED_WEB,
    at: { path: '/spec/scaleTargetRef/name', line: 9 },
    more: [
      {
        about: 'a workload whose pod template has labels but no spec still counts as a workload of the bundle',
        failing: `${hpa('website', cpuMetric)}---\n${labelledTemplate('web')}`,
        passing: `${hpa('web', cpuMetric)}---\n${labelledTemplate('web')}`,
        at: { path: '/spec/scaleTargetRef/name', line: 9 },
        otherErrors: ['pod.containers'],
      },
    ],
  },
  check(ctx) {
    const out: RawFinding[] = [];
    // As with Services: an HPA-only bundle points at workloads applied elsewhere.
    const hasWorkloads = podSites(ctx).length > 0;
    for (const a of autoscalers(ctx)) {
      const what = `${a.ref.kind} "${a.ref.name}"`;
      if (NOT_SCALABLE.has(a.ref.kind)) {
        out.push({
          document: a.document,
          path: '/spec/scaleTargetRef/kind',
          severity: 'error',
          message: `${a.ref.kind} has no scale subresource; an HPA cannot scale ${what}`,
        });
      } else if (!a.target && hasWorkloads) {
        out.push({
          document: a.document,
          path: '/spec/scaleTargetRef/name',
          message: `${what} is not in the bundle; the HPA does nothing until it exists in the namespace`,
        });
      }
    }
    return out;
  },
};

/**
 * Containers whose requests count for a pod-level Resource metric: regular containers and native
 * sidecars (as the HPA controller sums them).
 */
function countedContainers(pod: PodSite) {
  return containerSites(pod, ['initContainers', 'containers']).filter(isLongRunning);
}

/** Whether a container requests the resource; a limit alone counts, as the API server copies it into the request. */
function requests(container: Obj, resource: string): boolean {
  const r = asObj(container.resources);
  return asObj(r?.requests)?.[resource] !== undefined || asObj(r?.limits)?.[resource] !== undefined;
}

/** The utilisation metrics of an HPA as (resource, container or all, path). autoscaling/v1 has only CPU. */
function utilisationMetrics(a: Autoscaler): { resource: string; container?: string; path: string }[] {
  if (a.document.object.apiVersion === 'autoscaling/v1') {
    return a.spec.targetCPUUtilizationPercentage === undefined
      ? []
      : [{ resource: 'cpu', path: '/spec/targetCPUUtilizationPercentage' }];
  }
  return objEntries(a.spec.metrics).flatMap(([m, i]) => {
    const source =
      m.type === 'Resource'
        ? asObj(m.resource)
        : m.type === 'ContainerResource'
          ? asObj(m.containerResource)
          : undefined;
    if (typeof source?.name !== 'string' || asObj(source.target)?.type !== 'Utilization') return [];
    const path = `/spec/metrics/${i}`;
    if (m.type === 'Resource') return [{ resource: source.name, path }];
    return typeof source.container === 'string' ? [{ resource: source.name, container: source.container, path }] : [];
  });
}

export const hpaRequestsRule: Rule = {
  id: 'hpa.requests',
  layer: 'workload',
  severity: 'error',
  title: 'A utilisation metric has the requests it is computed from',
  rationale:
    'Utilisation is use divided by request. When a container the metric counts has no request for ' +
    'the resource (every container and native sidecar for a Resource metric, the named one for a ' +
    'ContainerResource metric), the HPA reports FailedGetResourceMetric ("missing request for cpu") ' +
    'and never scales. A limit alone is enough: the API server copies it into the request.',
  seeAlso: ['kubectl describe hpa (FailedGetResourceMetric)'],
  examples: {
    failing: hpa('web', cpuMetric) + deployment('', ''),
    passing: SCALED_WEB,
    at: { path: '/spec/metrics/0', line: 13 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const a of autoscalers(ctx)) {
      const pod = a.target && SCALABLE.has(a.ref.kind) ? podSiteOf(a.target) : undefined;
      if (!pod) continue;
      const podLevel = asObj(asObj(pod.spec.resources)?.requests);
      const counted = countedContainers(pod);
      for (const metric of utilisationMetrics(a)) {
        const where = `${a.ref.kind} "${a.ref.name}"`;
        if (metric.container !== undefined) {
          const site = counted.find((s) => s.name === metric.container);
          if (!site) {
            out.push({
              document: a.document,
              path: metric.path,
              message: `${where} has no container "${metric.container}" for this ${metric.resource} metric`,
            });
          } else if (!requests(site.container, metric.resource)) {
            out.push({
              document: a.document,
              path: metric.path,
              message: `container "${metric.container}" of ${where} has no ${metric.resource} request, so its ${metric.resource} utilisation cannot be computed`,
            });
          }
          continue;
        }
        if (podLevel?.[metric.resource] !== undefined) continue; // pod-level resources stand in for the containers'
        const missing = counted
          .filter((s) => !requests(s.container, metric.resource))
          .map((s) => show(s.name ?? s.index));
        if (missing.length) {
          out.push({
            document: a.document,
            path: metric.path,
            message: `container${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')} of ${where} ${missing.length > 1 ? 'have' : 'has'} no ${metric.resource} request, so the pods' ${metric.resource} utilisation cannot be computed`,
          });
        }
      }
    }
    return out;
  },
};

export const hpaReplicasRule: Rule = {
  id: 'hpa.replicas',
  layer: 'workload',
  severity: 'error',
  title: 'minReplicas is at least 1 and at most maxReplicas',
  rationale:
    'The API server rejects maxReplicas below minReplicas, and minReplicas 0 unless the alpha ' +
    'HPAScaleToZero feature gate is on.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: hpa('web', cpuMetric).replace('maxReplicas: 10', 'maxReplicas: 1') + deployment('', withCpuRequest),
    passing: SCALED_WEB,
    at: { path: '/spec/maxReplicas', line: 11 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents.filter(isAutoscaler)) {
      const spec = asObj(document.object.spec);
      const min = spec?.minReplicas ?? 1;
      const max = spec?.maxReplicas;
      if (typeof min !== 'number' || typeof max !== 'number') continue; // schema.type reports it
      if (min < 1)
        out.push({
          document,
          path: '/spec/minReplicas',
          message: `minReplicas is ${min}; it must be at least 1 (0 needs the alpha HPAScaleToZero feature gate)`,
        });
      if (max < min)
        out.push({
          document,
          path: '/spec/maxReplicas',
          message: `maxReplicas (${max}) is below minReplicas (${min})`,
        });
    }
    return out;
  },
};

export const hpaWorkloadReplicasRule: Rule = {
  id: 'hpa.workload-replicas',
  layer: 'workload',
  severity: 'warning',
  title: 'A workload scaled by an HPA leaves spec.replicas out',
  rationale:
    'The HPA writes the replica count; a manifest that also sets spec.replicas puts it back at every ' +
    '`kubectl apply` or `helm upgrade`, so a release under load drops to that count until the HPA ' +
    'scales up again. Leave spec.replicas out (the workload starts at 1 and the HPA raises it to minReplicas).',
  seeAlso: ['Argo CD docs (leaving replicas out with an HPA)', 'helm create (replicas only when autoscaling is off)'],
  examples: {
    failing: hpa('web', cpuMetric) + deployment('  replicas: 2\n', withCpuRequest),
    passing: SCALED_WEB,
    at: { path: '/spec/replicas', line: 25 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const reported = new Set<BundleDocument>();
    for (const a of autoscalers(ctx)) {
      const target = a.target;
      if (
        !target ||
        !SCALABLE.has(a.ref.kind) ||
        reported.has(target) ||
        asObj(target.object.spec)?.replicas === undefined
      )
        continue;
      reported.add(target);
      out.push({
        document: target,
        path: '/spec/replicas',
        message: `HorizontalPodAutoscaler "${show(a.document.object.metadata?.name)}" scales this ${a.ref.kind}; spec.replicas here resets its count at every apply`,
      });
    }
    return out;
  },
};

export const AUTOSCALING_RULES: Rule[] = [hpaTargetRule, hpaRequestsRule, hpaReplicasRule, hpaWorkloadReplicasRule];
