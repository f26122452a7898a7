import { describe, expect, it } from 'vitest';
import { ordersApp } from '../../../test/support/orders-app.js';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import type { K8sObject } from '../model/bundle.js';
import { schemaErrors } from '../../../test/support/k8s-models.js';
import type { AppDto } from '../request/app.js';
import type { BundleRequest } from '../request/bundle.js';
import { composeBundle } from '../../../test/support/validated.js';

type Obj = Record<string, any>;

const request = (app: Partial<AppDto> = {}): BundleRequest => ({
  app: ordersApp({ autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 }, ...app }),
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
});

const find = (manifests: K8sObject[], kind: string) => manifests.find((o) => o.kind === kind) as Obj | undefined;
const errorsOf = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req)).errors;

describe('app.autoscaling', () => {
  it('adds an HPA on the app container after the workload, and leaves spec.replicas to it', () => {
    const { manifests, findings } = composeBundle(request());
    expect(manifests.map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'ConfigMap',
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]);
    const hpa = find(manifests, 'HorizontalPodAutoscaler')!;
    expect(hpa.metadata).toMatchObject({
      name: 'orders',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'orders' },
    });
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'orders',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    });
    expect(find(manifests, 'Deployment')!.spec).not.toHaveProperty('replicas');
    expect(schemaErrors(hpa as never)).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error' || f.rule.startsWith('hpa.'))).toEqual([]);
  });

  it('targets a StatefulSet by kind, with CPU and memory metrics in that order and the behavior asked for', () => {
    const { manifests } = composeBundle(
      request({
        workload: 'StatefulSet',
        storage: { mountPath: '/data', size: '1Gi' },
        autoscaling: {
          minReplicas: 1,
          maxReplicas: 4,
          targetMemoryUtilizationPercentage: 80,
          targetCPUUtilizationPercentage: 150,
          behavior: { scaleDown: { stabilizationWindowSeconds: 600 }, scaleUp: { stabilizationWindowSeconds: 0 } },
        },
      }),
    );
    const hpa = find(manifests, 'HorizontalPodAutoscaler')!;
    expect(hpa.spec.scaleTargetRef.kind).toBe('StatefulSet');
    expect(
      hpa.spec.metrics.map((m: Obj) => `${m.containerResource.name}=${m.containerResource.target.averageUtilization}`),
    ).toEqual(['cpu=150', 'memory=80']);
    expect(hpa.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0 },
      scaleDown: { stabilizationWindowSeconds: 600 },
    });
    expect(find(manifests, 'StatefulSet')!.spec).not.toHaveProperty('replicas');
    expect(schemaErrors(hpa as never)).toEqual([]);
  });

  it('makes a PodDisruptionBudget from minReplicas, not replicas', () => {
    const kinds = (app: Partial<AppDto>) => composeBundle(request(app)).manifests.map((o) => o.kind);
    expect(
      kinds({ replicas: 3, autoscaling: { minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } }),
    ).not.toContain('PodDisruptionBudget');
    expect(
      kinds({ replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } }),
    ).not.toContain('PodDisruptionBudget');
    expect(kinds({ autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } })).toContain(
      'PodDisruptionBudget',
    );
  });

  it('accepts a CPU limit without a request (the API server copies it into the request)', () => {
    const { manifests } = composeBundle(request({ resources: { limits: { cpu: '500m', memory: '256Mi' } } }));
    expect(find(manifests, 'HorizontalPodAutoscaler')).toBeDefined();
  });

  it('keeps replicas and no HPA without autoscaling', () => {
    const { manifests } = composeBundle(request({ autoscaling: undefined, replicas: 3 }));
    expect(find(manifests, 'Deployment')!.spec.replicas).toBe(3);
    expect(find(manifests, 'HorizontalPodAutoscaler')).toBeUndefined();
  });

  it('refuses minReplicas above maxReplicas', () => {
    expect(
      errorsOf(request({ autoscaling: { minReplicas: 5, maxReplicas: 3, targetCPUUtilizationPercentage: 70 } })),
    ).toEqual([{ pointer: '/app/autoscaling/minReplicas', detail: 'minReplicas (5) is more than maxReplicas (3)' }]);
  });

  it('refuses autoscaling without a metric', () => {
    const [error] = errorsOf(request({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }));
    expect(error.pointer).toBe('/app/autoscaling');
    expect(error.detail).toMatch(/targetCPUUtilizationPercentage and\/or targetMemoryUtilizationPercentage/);
  });

  it('refuses a utilisation target on a resource the app container does not request', () => {
    const errors = errorsOf(
      request({
        resources: { requests: {}, limits: {} },
        autoscaling: {
          minReplicas: 1,
          maxReplicas: 3,
          targetCPUUtilizationPercentage: 70,
          targetMemoryUtilizationPercentage: 80,
        },
      }),
    );
    expect(errors.map((e) => e.pointer)).toEqual([
      '/app/autoscaling/targetCPUUtilizationPercentage',
      '/app/autoscaling/targetMemoryUtilizationPercentage',
    ]);
    expect(errors[0].detail).toMatch(/app\.resources\.requests\.cpu/);
    expect(errors[1].detail).toMatch(/app\.resources\.requests\.memory/);
    expect(errorsOf(request({ resources: undefined }))[0].pointer).toBe(
      '/app/autoscaling/targetCPUUtilizationPercentage',
    );
  });

  it('refuses replicas outside minReplicas..maxReplicas', () => {
    for (const replicas of [1, 11]) {
      const [error] = errorsOf(request({ replicas }));
      expect(error.pointer).toBe('/app/replicas');
      expect(error.detail).toMatch(/between minReplicas \(2\) and maxReplicas \(10\)/);
    }
    expect(() => composeBundle(request({ replicas: 2 }))).not.toThrow();
    expect(() => composeBundle(request({ replicas: 10 }))).not.toThrow();
  });

  it('is deterministic', () => {
    expect(JSON.stringify(composeBundle(request()))).toBe(JSON.stringify(composeBundle(request())));
  });
});
