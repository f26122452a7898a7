import { describe, expect, it } from 'vitest';
import { AUTOSCALING_RULES } from './autoscaling.rules.js';
import { runRules } from './engine.js';

type Obj = Record<string, any>;

const workload = (name: string, spec: Obj, kind = 'Deployment', extra: Obj = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, namespace: 'shop' },
  spec: { ...extra, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
});

const hpa = (target: { kind?: string; name: string }, spec: Obj = {}, apiVersion = 'autoscaling/v2'): Obj => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'hpa', namespace: 'shop' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind ?? 'Deployment', name: target.name },
    minReplicas: 1,
    maxReplicas: 5,
    ...spec,
  },
});

const utilisation = (type: 'Resource' | 'ContainerResource', name: string, container?: string) => {
  const source = { name, ...(container ? { container } : {}), target: { type: 'Utilization', averageUtilization: 70 } };
  return { type, [type === 'Resource' ? 'resource' : 'containerResource']: source };
};

const cpu = (request?: string, limit?: string) => ({
  resources: { ...(request ? { requests: { cpu: request } } : {}), ...(limit ? { limits: { cpu: limit } } : {}) },
});

const ids = (objects: Obj[]) =>
  runRules(
    {
      documents: objects.map((object, index) => ({ index, object: object as never })),
      minor: 33,
      podSecurity: 'baseline',
      mode: 'validate',
    },
    AUTOSCALING_RULES,
  ).map((f) => `${f.rule}:${f.severity}:${f.resource?.index}${f.path}`);

describe('hpa rules', () => {
  it('a Resource metric counts every container and native sidecar; a limit stands in for a request', () => {
    const pod = {
      initContainers: [
        { name: 'once', image: 'x' },
        { name: 'side', image: 'x', restartPolicy: 'Always' },
      ],
      containers: [
        { name: 'app', image: 'x', ...cpu(undefined, '1') },
        { name: 'helper', image: 'x', ...cpu('10m') },
      ],
    };
    const metrics = [utilisation('Resource', 'cpu')];
    expect(ids([workload('web', pod), hpa({ name: 'web' }, { metrics })])).toEqual([
      'hpa.requests:error:1/spec/metrics/0',
    ]);
    const withSidecarRequest = structuredClone(pod);
    Object.assign(withSidecarRequest.initContainers[1], cpu('5m'));
    expect(ids([workload('web', withSidecarRequest), hpa({ name: 'web' }, { metrics })])).toEqual([]);
  });

  it("pod-level requests stand in for the containers' (Resource metric only)", () => {
    const pod = { resources: { requests: { cpu: '1' } }, containers: [{ name: 'app', image: 'x' }] };
    expect(ids([workload('web', pod), hpa({ name: 'web' }, { metrics: [utilisation('Resource', 'cpu')] })])).toEqual(
      [],
    );
    expect(
      ids([workload('web', pod), hpa({ name: 'web' }, { metrics: [utilisation('ContainerResource', 'cpu', 'app')] })]),
    ).toEqual(['hpa.requests:error:1/spec/metrics/0']);
  });

  it('a ContainerResource metric needs its container, with a request, and nothing of the others', () => {
    const pod = {
      containers: [
        { name: 'app', image: 'x', ...cpu('100m') },
        { name: 'helper', image: 'x' },
      ],
    };
    const metrics = [
      utilisation('ContainerResource', 'cpu', 'app'),
      utilisation('ContainerResource', 'cpu', 'nope'),
      utilisation('ContainerResource', 'memory', 'app'),
    ];
    expect(ids([workload('web', pod), hpa({ name: 'web' }, { metrics })])).toEqual([
      'hpa.requests:error:1/spec/metrics/1',
      'hpa.requests:error:1/spec/metrics/2',
    ]);
  });

  it('reads autoscaling/v1 targetCPUUtilizationPercentage; ignores value targets and other metric types', () => {
    const pod = { containers: [{ name: 'app', image: 'x' }] };
    expect(
      ids([workload('web', pod), hpa({ name: 'web' }, { targetCPUUtilizationPercentage: 60 }, 'autoscaling/v1')]),
    ).toEqual(['hpa.requests:error:1/spec/targetCPUUtilizationPercentage']);
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '500m' } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
    ];
    expect(ids([workload('web', pod), hpa({ name: 'web' }, { metrics })])).toEqual([]);
  });

  it('a target outside the bundle is a warning only when the bundle has workloads; one without a scale subresource is an error', () => {
    const metrics = [utilisation('Resource', 'cpu')];
    expect(ids([hpa({ name: 'elsewhere' }, { metrics })])).toEqual([]);
    expect(
      ids([
        workload('web', { containers: [{ name: 'a', image: 'x', ...cpu('1') }] }),
        hpa({ name: 'webb' }, { metrics }),
      ]),
    ).toEqual(['hpa.target:warning:1/spec/scaleTargetRef/name']);
    expect(
      ids([
        workload('agent', { containers: [{ name: 'a', image: 'x' }] }, 'DaemonSet'),
        hpa({ kind: 'DaemonSet', name: 'agent' }, { metrics }),
      ]),
    ).toEqual(['hpa.target:error:1/spec/scaleTargetRef/kind']);
    // another namespace is another object
    const other = {
      ...workload('web', { containers: [{ name: 'a', image: 'x', ...cpu('1') }] }),
      metadata: { name: 'web', namespace: 'other' },
    };
    expect(ids([other, hpa({ name: 'web' }, { metrics })])).toEqual(['hpa.target:warning:1/spec/scaleTargetRef/name']);
  });

  it('replica range: minReplicas at least 1 (default 1), maxReplicas not below it', () => {
    const base = workload('web', { containers: [{ name: 'a', image: 'x', ...cpu('1') }] });
    expect(ids([base, hpa({ name: 'web' }, { minReplicas: 0 })])).toEqual(['hpa.replicas:error:1/spec/minReplicas']);
    expect(ids([base, hpa({ name: 'web' }, { minReplicas: 4, maxReplicas: 3 })])).toEqual([
      'hpa.replicas:error:1/spec/maxReplicas',
    ]);
    const noMin = hpa({ name: 'web' }, { maxReplicas: 1 });
    delete noMin.spec.minReplicas;
    expect(ids([base, noMin])).toEqual([]);
  });

  it('warns once on a scaled workload that sets spec.replicas, whichever HPAs scale it', () => {
    const scaled = workload('web', { containers: [{ name: 'a', image: 'x', ...cpu('1') }] }, 'StatefulSet', {
      replicas: 3,
    });
    const two = [
      hpa({ kind: 'StatefulSet', name: 'web' }),
      { ...hpa({ kind: 'StatefulSet', name: 'web' }), metadata: { name: 'hpa-2', namespace: 'shop' } },
    ];
    expect(ids([scaled, ...two])).toEqual(['hpa.workload-replicas:warning:0/spec/replicas']);
    expect(ids([workload('web', { containers: [{ name: 'a', image: 'x' }] }, 'Deployment', { replicas: 3 })])).toEqual(
      [],
    );
  });

  it('never throws on odd shapes', () => {
    const odd = [
      null,
      'x',
      [],
      { scaleTargetRef: 'web' },
      { scaleTargetRef: { kind: 1 } },
      { scaleTargetRef: { kind: 'Deployment', name: 'web' }, metrics: 'cpu', minReplicas: 'a' },
    ];
    const objects = [
      workload('web', { containers: 'no' }),
      ...odd.map((spec) => ({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec,
      })),
    ];
    expect(() => ids(objects as Obj[])).not.toThrow();
  });
});
