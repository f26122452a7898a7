// The HorizontalPodAutoscaler of an app (autoscaling/v2). It scales on the app container's own use
// (ContainerResource metrics, on by default since 1.27 and GA in 1.30), so the helpers' small
// requests and their own load never skew the utilisation the app is scaled by. With an HPA the
// workload carries no spec.replicas: `kubectl apply` and `helm upgrade` would otherwise reset the
// count the HPA chose (the same choice as `helm create`'s chart).
import type { K8sObject } from '../model/bundle.js';
import { InvalidRequestError, type FieldError } from '../model/errors.js';
import type { AppDto } from '../request/app.js';
import type { AutoscalingDto } from '../request/workload-companions.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';

const AT = '/app/autoscaling';

/** The metrics the request asks for, in a fixed order: CPU, then memory. */
export const UTILIZATION_TARGETS = [
  { resource: 'cpu', field: 'targetCPUUtilizationPercentage' },
  { resource: 'memory', field: 'targetMemoryUtilizationPercentage' },
] as const;

/**
 * Whether the app container has a request for the resource; a limit alone counts, since the API
 * server copies it into the request.
 */
export function hasRequest(app: AppDto, resource: 'cpu' | 'memory'): boolean {
  return Boolean(app.resources?.requests?.[resource] ?? app.resources?.limits?.[resource]);
}

/**
 * Cross-field rules of app.autoscaling: a range, at least one metric, and requests the metrics can
 * be computed from.
 */
export function checkAutoscaling(app: AppDto): void {
  const a = app.autoscaling;
  if (!a) return;
  const errors: FieldError[] = [];
  if (a.minReplicas > a.maxReplicas) {
    errors.push({
      pointer: `${AT}/minReplicas`,
      detail: `minReplicas (${a.minReplicas}) is more than maxReplicas (${a.maxReplicas})`,
    });
  }
  const targets = UTILIZATION_TARGETS.filter((t) => a[t.field] !== undefined);
  if (!targets.length) {
    errors.push({
      pointer: AT,
      detail: 'give at least one metric: targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage',
    });
  }
  for (const t of targets) {
    if (!hasRequest(app, t.resource)) {
      errors.push({
        pointer: `${AT}/${t.field}`,
        detail: `utilisation is use divided by request, so it needs app.resources.requests.${t.resource} (or a ${t.resource} limit); without one the HPA can never compute it`,
      });
    }
  }
  if (app.replicas !== undefined && (app.replicas < a.minReplicas || app.replicas > a.maxReplicas)) {
    errors.push({
      pointer: '/app/replicas',
      detail: `with autoscaling the HPA keeps the count between minReplicas (${a.minReplicas}) and maxReplicas (${a.maxReplicas}); replicas (${app.replicas}) must lie in that range`,
    });
  }
  if (errors.length) throw new InvalidRequestError(errors);
}

/** The fewest pods the app runs: what decides whether a PodDisruptionBudget makes sense. */
export function minimumReplicas(app: AppDto): number {
  return app.autoscaling ? app.autoscaling.minReplicas : (app.replicas ?? REQUEST_DEFAULTS.replicas);
}

type UtilizationTargets = Pick<AutoscalingDto, (typeof UTILIZATION_TARGETS)[number]['field']>;

/** The HPA's metrics: the app container's utilisation of each resource the request targets. */
export function utilizationMetrics(app: AppDto, a: UtilizationTargets) {
  return UTILIZATION_TARGETS.filter((t) => a[t.field] !== undefined).map((t) => ({
    type: 'ContainerResource',
    containerResource: {
      name: t.resource,
      container: app.name,
      target: { type: 'Utilization', averageUtilization: a[t.field] },
    },
  }));
}

export function horizontalPodAutoscaler(
  app: AppDto,
  a: AutoscalingDto,
  workloadKind: string,
  metadata: K8sObject['metadata'],
): K8sObject {
  const metrics = utilizationMetrics(app, a);
  const behavior = Object.fromEntries(
    (['scaleUp', 'scaleDown'] as const)
      .filter((direction) => a.behavior?.[direction]?.stabilizationWindowSeconds !== undefined)
      .map((direction) => [
        direction,
        { stabilizationWindowSeconds: a.behavior![direction]!.stabilizationWindowSeconds },
      ]),
  );
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: workloadKind, name: app.name },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics,
      ...(Object.keys(behavior).length ? { behavior } : {}),
    },
  };
}
