// The chart's autoscaling and networkPolicy blocks with the real helm: turning them on renders
// exactly the bundle of the request that asks for them, another release name keeps the HPA's
// target and the policy's selector on the release, and settings that could never work are
// refused (by values.schema.json, or by the templates with a message).
import { beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/core/model/bundle.js';
import type { AppDto } from '../../src/core/request/app.js';
import { ordersRequest } from './chart-requests.js';
import { comparable, helm, template, writeChart } from './helm-run.js';
import { type ChartRequestBody, composeBundle } from '../support/validated.js';

type Obj = Record<string, any>;

/** The orders app with CPU and memory requests, so either utilisation target can work. */
const orders = (app: Partial<AppDto> = {}): ChartRequestBody => {
  const request = ordersRequest();
  request.app = {
    ...request.app,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    ...app,
  };
  return request;
};
const byKind = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind) as Obj | undefined;
const render = (path: string, args: string[], release = 'orders') => template(path, release, 'shop', args);

async function refused(path: string, args: string[]): Promise<string> {
  const result = await helm(['template', 'orders', path, '--namespace', 'shop', ...args]);
  expect(result.code, result.stdout).not.toBe(0);
  return result.stderr;
}

let plain: Awaited<ReturnType<typeof writeChart>>;
let guarded: Awaited<ReturnType<typeof writeChart>>;
const guardedRequest = () =>
  orders({
    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 },
    networkPolicy: { egress: 'restricted' },
    replicas: undefined,
  });
beforeAll(async () => {
  [plain, guarded] = await Promise.all([
    writeChart(orders(), 'companions-plain'),
    writeChart(guardedRequest(), 'companions-guarded'),
  ]);
});

describe('turning the blocks on', () => {
  it('networkPolicy.enabled renders the bundle of a request with networkPolicy, open or restricted', async () => {
    const open = await render(plain.path, ['--set', 'networkPolicy.enabled=true']);
    expect(comparable(open.objects)).toEqual(comparable(composeBundle(orders({ networkPolicy: {} })).manifests));
    const closed = await render(plain.path, [
      '--set',
      'networkPolicy.enabled=true',
      '--set',
      'networkPolicy.egress=restricted',
    ]);
    expect(comparable(closed.objects)).toEqual(
      comparable(composeBundle(orders({ networkPolicy: { egress: 'restricted' } })).manifests),
    );
    expect(byKind(closed.objects, 'NetworkPolicy')!.spec.egress[1].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });

  it("autoscaling.enabled renders the bundle of a request with the block's settings: no replicas, an HPA, the PDB from minReplicas", async () => {
    const rendered = await render(plain.path, [
      '--set',
      'autoscaling.enabled=true',
      '--set',
      'autoscaling.minReplicas=1',
    ]);
    const expected = composeBundle(
      orders({ replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 80 } }),
    ).manifests;
    expect(comparable(rendered.objects)).toEqual(comparable(expected));
    expect(byKind(rendered.objects, 'Deployment')!.spec).not.toHaveProperty('replicas');
    expect(byKind(rendered.objects, 'PodDisruptionBudget')).toBeUndefined();
  });

  it('turning them off in a chart that has them renders the bundle without them', async () => {
    const rendered = await render(guarded.path, [
      '--set',
      'autoscaling.enabled=false',
      '--set',
      'networkPolicy.enabled=false',
    ]);
    const request = guardedRequest();
    delete request.app.autoscaling;
    delete request.app.networkPolicy;
    // without replicas in the request, replicaCount is minReplicas
    request.app.replicas = 2;
    expect(comparable(rendered.objects)).toEqual(comparable(composeBundle(request).manifests));
  });

  it("another release name keeps the HPA's target and the policy's selector on the release", async () => {
    const rendered = await render(guarded.path, [], 'canary');
    const hpa = byKind(rendered.objects, 'HorizontalPodAutoscaler')!;
    const deployment = byKind(rendered.objects, 'Deployment')!;
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(deployment.metadata.name).toBe('canary-orders');
    expect(hpa.spec.metrics[0].containerResource.container).toBe(deployment.spec.template.spec.containers[0].name);
    expect(byKind(rendered.objects, 'NetworkPolicy')!.spec.podSelector).toEqual(deployment.spec.selector);
  });

  it("NOTES.txt gives the HPA's range instead of a replica count", async () => {
    const result = await helm(['install', 'orders', guarded.path, '--namespace', 'shop', '--dry-run=client']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Deployment orders is deployed in namespace shop; a HorizontalPodAutoscaler keeps 2 to 6 replicas.',
    );
  });
});

describe('settings that could never work', () => {
  it('the chart holds no rule of its own: an HPA the API server would refuse renders, and the schema names what it needs', async () => {
    // (the request path refuses these with a pointer; the chart places what its values hold)
    const chart = await writeChart(ordersRequest(), 'companions-norequests');
    const on = await render(chart.path, ['--set', 'autoscaling.enabled=true']);
    expect(byKind(on.objects, 'HorizontalPodAutoscaler')!.spec.metrics).toEqual([
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'orders',
          target: { type: 'Utilization', averageUtilization: 80 },
        },
      },
    ]);
    const schema = JSON.parse(chart.chart.files['values.schema.json']);
    expect(schema.properties.autoscaling.properties.metrics.description).toMatch(/needs resources\.requests/);
  });

  it.each([
    [['--set', 'autoscaling.minReplicas=0'], 'minReplicas'],
    [['--set', 'autoscaling.metrics=null'], 'metrics'],
    [['--set', 'autoscaling.behavior.scaleDown.stabilizationWindowSeconds=4000'], 'stabilizationWindowSeconds'],
    [['--set', 'networkPolicy.egress=closed'], 'egress'],
    [['--set', 'networkPolicy.ingressFrom[0].nameSpaceSelector.team=a'], 'nameSpaceSelector'],
    [['--set', 'ambassadors.payments.networkPolicy.egressPorts[0].port=70000'], 'port'],
  ])('values.schema.json refuses %j', async (args, field) => {
    const stderr = await refused(guarded.path, args);
    expect(stderr).toMatch(/schema/i);
    expect(stderr).toContain(field);
  });
});
