// The values platforms tune, with helm create's and Bitnami's names, each set alone with the real
// `helm template --set` on a chart whose request set none of them: each renders what it means
// (and only that), and values.schema.json refuses a wrong type for each.
import { beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/core/model/bundle.js';
import { ordersRequest as orders } from './chart-requests.js';
import { comparable, helm, template, writeChart } from './helm-run.js';

type Obj = Record<string, any>;

let chart: Awaited<ReturnType<typeof writeChart>>;
let plain: K8sObject[];
beforeAll(async () => {
  chart = await writeChart(orders(), 'platform');
  plain = (await template(chart.path, 'orders', 'shop')).objects;
});

const render = async (...args: string[]) => {
  const out = await template(chart.path, 'orders', 'shop', args);
  return { objects: out.objects, tests: out.tests };
};
const podOf = (objects: K8sObject[]) => (objects.find((o) => o.kind === 'Deployment') as Obj).spec.template;
const containersOf = (objects: K8sObject[]) => {
  const spec = podOf(objects).spec;
  return [...(spec.initContainers ?? []), ...spec.containers] as Obj[];
};
/** The rendered objects with `change` undone: a value set alone changes nothing else. */
function onlyChanged(objects: K8sObject[], undo: (copy: Obj[]) => void) {
  const copy = structuredClone(objects) as Obj[];
  undo(copy);
  expect(comparable(copy as K8sObject[])).toEqual(comparable(plain));
}

describe('values set alone with --set render what they mean', () => {
  it('imagePullSecrets[0].name=regcred: the pod and the test pod pull with it', async () => {
    const { objects, tests } = await render('--set', 'imagePullSecrets[0].name=regcred');
    expect(podOf(objects).spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect((tests[0] as Obj).spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    onlyChanged(objects, (o) => delete podOf(o as K8sObject[]).spec.imagePullSecrets);
  });

  it('global.imagePullSecrets (names or {name}) come first, each name once', async () => {
    const { objects } = await render(
      '--set',
      'global.imagePullSecrets[0]=shared',
      '--set',
      'global.imagePullSecrets[1].name=regcred',
      '--set',
      'imagePullSecrets[0].name=regcred',
      '--set',
      'imagePullSecrets[1].name=own',
    );
    expect(podOf(objects).spec.imagePullSecrets).toEqual([{ name: 'shared' }, { name: 'regcred' }, { name: 'own' }]);
  });

  it('global.imageRegistry=mirror.example.com replaces the registry of every image, helpers and test pod included', async () => {
    const { objects, tests } = await render('--set', 'global.imageRegistry=mirror.example.com');
    const before = containersOf(plain).map((c) => c.image as string);
    const after = containersOf(objects).map((c) => c.image as string);
    expect(before.length).toBeGreaterThan(3);
    expect(after[before.indexOf('ghcr.io/acme/orders:1.4.2')]).toBe('mirror.example.com/acme/orders:1.4.2');
    after.forEach((image, i) => {
      const registry = before[i].split('/')[0];
      expect(image).toBe(`mirror.example.com/${before[i].slice(registry.length + 1)}`);
    });
    for (const c of (tests[0] as Obj).spec.containers)
      expect(c.image).toMatch(/^mirror\.example\.com\/library\/busybox:/);
    onlyChanged(objects, (o) => containersOf(o as K8sObject[]).forEach((c, i) => (c.image = before[i])));
  });

  it('envFrom: every key of a ConfigMap as env vars of the app container', async () => {
    const { objects } = await render(
      '--set',
      'envFrom[0].configMapRef.name=orders-env',
      '--set',
      'envFrom[0].prefix=APP_',
    );
    const main = podOf(objects).spec.containers[0];
    expect(main.envFrom).toEqual([{ configMapRef: { name: 'orders-env' }, prefix: 'APP_' }]);
    onlyChanged(objects, (o) => delete podOf(o as K8sObject[]).spec.containers[0].envFrom);
  });

  it.each([
    ['nodeSelector', ['--set', 'nodeSelector.disktype=ssd'], { disktype: 'ssd' }],
    [
      'tolerations',
      ['--set-json', 'tolerations=[{"key":"dedicated","operator":"Equal","value":"shop","effect":"NoSchedule"}]'],
      [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
    ],
    [
      'affinity',
      [
        '--set-json',
        'affinity={"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}]}]}}}',
      ],
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] },
            ],
          },
        },
      },
    ],
    [
      'topologySpreadConstraints',
      [
        '--set-json',
        'topologySpreadConstraints=[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway"}]',
      ],
      [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    ],
    ['priorityClassName', ['--set', 'priorityClassName=high-priority'], 'high-priority'],
  ])('%s lands in the pod spec', async (field, args, expected) => {
    const { objects } = await render(...(args as string[]));
    expect(podOf(objects).spec[field]).toEqual(expected);
    onlyChanged(objects, (o) => delete podOf(o as K8sObject[]).spec[field]);
  });

  it('extraVolumes and extraVolumeMounts: a volume of the pod mounted in the app container', async () => {
    const { objects } = await render(
      '--set-json',
      'extraVolumes=[{"name":"ca","configMap":{"name":"corp-ca"}}]',
      '--set-json',
      'extraVolumeMounts=[{"name":"ca","mountPath":"/etc/ssl/corp","readOnly":true}]',
    );
    const spec = podOf(objects).spec;
    const plainSpec = podOf(plain).spec;
    expect(spec.volumes).toEqual([
      ...plainSpec.volumes.slice(0, 1),
      { name: 'ca', configMap: { name: 'corp-ca' } },
      ...plainSpec.volumes.slice(1),
    ]);
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'ca', mountPath: '/etc/ssl/corp', readOnly: true });
  });

  it('serviceAccount.annotations: a workload identity on the ServiceAccount', async () => {
    const { objects } = await render(
      '--set',
      'serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/x',
    );
    const sa = objects.find((o) => o.kind === 'ServiceAccount') as Obj;
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' });
    onlyChanged(objects, (o) => delete (o.find((x) => x.kind === 'ServiceAccount') as Obj).metadata.annotations);
  });

  it('commonLabels and commonAnnotations: on every object (and commonLabels on the pods)', async () => {
    const { objects, tests } = await render(
      '--set',
      'commonLabels.cost-center=cc-42',
      '--set',
      'commonAnnotations.owner=team-shop',
    );
    expect(objects.length).toBeGreaterThan(4);
    for (const o of [...objects, ...tests] as Obj[]) {
      expect(o.metadata.labels['cost-center'], `${o.kind}/${o.metadata.name}`).toBe('cc-42');
      expect(o.metadata.annotations.owner, `${o.kind}/${o.metadata.name}`).toBe('team-shop');
    }
    expect(podOf(objects).metadata.labels['cost-center']).toBe('cc-42');
    // the recommended labels still win over commonLabels
    const overridden = await render('--set', 'commonLabels.app\\.kubernetes\\.io/name=other');
    expect((overridden.objects[0] as Obj).metadata.labels['app.kubernetes.io/name']).toBe('orders');
  });

  it('podLabels and podAnnotations: on the pod template only', async () => {
    const { objects } = await render(
      '--set',
      'podLabels.tier=backend',
      '--set',
      'podAnnotations.example\\.com/scrape=yes',
    );
    const pod = podOf(objects);
    expect(pod.metadata.labels.tier).toBe('backend');
    expect(pod.metadata.annotations['example.com/scrape']).toBe('yes');
    onlyChanged(objects, (o) => {
      const p = podOf(o as K8sObject[]);
      delete p.metadata.labels.tier;
      delete p.metadata.annotations['example.com/scrape'];
    });
  });
});

describe('values.schema.json refuses a wrong type for each', () => {
  it.each([
    ['imagePullSecrets=regcred', 'imagePullSecrets'],
    ['imagePullSecrets[0].name=Not_A_Name', 'name'],
    ['global.imagePullSecrets=regcred', 'imagePullSecrets'],
    ['global.imageRegistry=true', 'imageRegistry'],
    ['envFrom=orders-env', 'envFrom'],
    ['envFrom[0].configMapRef=orders-env', 'configMapRef'],
    ['nodeSelector=ssd', 'nodeSelector'],
    ['tolerations[0].effect=Sometimes', 'effect'],
    ['affinity=near', 'affinity'],
    ['topologySpreadConstraints[0].maxSkew=abc', 'maxSkew'],
    ['priorityClassName=true', 'priorityClassName'],
    ['extraVolumes=none', 'extraVolumes'],
    ['extraVolumeMounts[0].mountPath=relative', 'mountPath'],
    ['serviceAccount.annotations=none', 'annotations'],
    ['commonLabels=none', 'commonLabels'],
    ['commonAnnotations=none', 'commonAnnotations'],
    ['podLabels=none', 'podLabels'],
    ['podAnnotations=none', 'podAnnotations'],
  ])('--set %s', async (set, field) => {
    const result = await helm(['template', 'orders', chart.path, '--namespace', 'shop', '--set', set]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/schema/i);
    expect(result.stderr).toContain(field);
  });
});
