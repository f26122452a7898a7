// Acceptance with the real helm: for every shared example and a generated matrix of requests the
// chart lints clean (--strict), `helm template` renders exactly the bundle of the same request,
// and turning each helper off renders exactly the bundle without it, which still passes the
// validator. One `helm lint` run covers all charts; each render is one helm process.
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/core/compose/target.js';
import type { K8sObject } from '../../src/core/model/bundle.js';
import type { BundleRequest } from '../../src/core/request/bundle.js';
import { checkGenerated } from '../../src/core/rules/engine.js';
import {
  appShapeRequests,
  companionRequests,
  exampleChartRequests,
  helpersOf,
  matrixRequests,
  without,
  type NamedRequest,
} from './chart-requests.js';
import { comparable, helm, lintSection, template, writeChart, type HelmResult } from './helm-run.js';
import { composeBundle } from '../support/validated.js';

type Written = Awaited<ReturnType<typeof writeChart>>;
type Obj = Record<string, any>;

const cases: NamedRequest[] = [
  ...exampleChartRequests(),
  ...matrixRequests(),
  ...appShapeRequests(),
  ...companionRequests(),
];
const charts = new Map<string, Written | Error>();
let lint: HelmResult;

beforeAll(async () => {
  await Promise.all(
    cases.map(async ({ label, request }) => {
      try {
        charts.set(label, await writeChart(request));
      } catch (error) {
        charts.set(label, error as Error);
      }
    }),
  );
  const paths = [...charts.values()].filter((c): c is Written => !(c instanceof Error)).map((c) => c.path);
  lint = await helm(['lint', '--strict', ...paths]);
});

function chartOf(label: string): Written {
  const chart = charts.get(label);
  if (chart instanceof Error) throw new Error(`no chart for ${label}: ${chart.message}`);
  return chart!;
}

const namespaceOf = (request: BundleRequest) => request.app.namespace ?? 'default';
const workloadOf = (objects: K8sObject[]) =>
  objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Obj;
const podOf = (objects: K8sObject[]) => workloadOf(objects).spec.template;

function noErrors(objects: K8sObject[], request: BundleRequest) {
  const target = resolveTarget(request.target);
  return checkGenerated(objects, target.minor, target.podSecurity).filter((f) => f.severity === 'error');
}

/** Everything the helper's values block says it added is gone from the rendering. */
function expectHelperGone(objects: K8sObject[], block: Obj, request: BundleRequest) {
  const pod = podOf(objects);
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const names = [...block.initContainers, ...block.containers].map((c: Obj) => c.name);
  for (const name of names) expect(containers.map((c: Obj) => c.name)).not.toContain(name);
  const mounted = new Set(containers.flatMap((c: Obj) => (c.volumeMounts ?? []).map((m: Obj) => m.name)));
  for (const v of block.volumes ?? [])
    if (!mounted.has(v.name)) expect((pod.spec.volumes ?? []).map((x: Obj) => x.name)).not.toContain(v.name);
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata?.name);
  for (const owner of Object.keys(block.config ?? {})) {
    expect(configMaps).not.toContain(`${request.app.name}-${owner}`);
    expect(Object.keys(pod.metadata.annotations)).not.toContain(`checksum/config-${owner}`);
  }
  const service = objects.find((o) => o.kind === 'Service' && o.metadata?.name === request.app.name) as Obj | undefined;
  for (const p of block.servicePorts ?? [])
    expect((service?.spec.ports ?? []).map((x: Obj) => x.name)).not.toContain(p.name);
  const main = pod.spec.containers[0];
  for (const e of block.appEnv ?? []) expect((main.env ?? []).map((x: Obj) => x.name)).not.toContain(e.name);
  for (const key of Object.keys(block.podAnnotations ?? {})) expect(pod.metadata.annotations).not.toHaveProperty([key]);
  const roles = JSON.parse(pod.metadata.annotations['pod-patterns.io/roles']);
  for (const name of names) expect(roles).not.toHaveProperty([name]);
}

describe.each(cases)('chart of $label', ({ label, request }) => {
  it('is built (every preset the request names is registered and composes)', () => {
    expect(chartOf(label).chart.name).toBe(request.app.name);
  });

  it('passes helm lint --strict without a warning', () => {
    const section = lintSection(lint.stdout, chartOf(label).path);
    expect(section, lint.stdout + lint.stderr).toBeDefined();
    expect(section).not.toMatch(/\[(WARNING|ERROR)\]/);
  });

  it('renders exactly the bundle of the same request', async () => {
    const { path, chart } = chartOf(label);
    const rendered = await template(path, request.app.name, namespaceOf(request));
    expect(rendered.objects.length).toBe(chart.bundle.manifests.length);
    expect(comparable(rendered.objects)).toEqual(comparable(chart.bundle.manifests));
    // the helm test pod is a restricted-level pod too
    expect(noErrors(rendered.tests, { ...request, target: { ...request.target, podSecurity: 'restricted' } })).toEqual(
      [],
    );
  });

  it('renders the bundle without a helper when that helper is turned off, still valid', async () => {
    const { path, chart } = chartOf(label);
    const values = parse(chart.files['values.yaml'], { version: '1.1' }) as Obj;
    const helpers = helpersOf(request);
    // a request with no helper: the values offer no helper to turn off, and the pod runs the app alone
    expect(['sidecars', 'ambassadors', 'adapters'].flatMap((group) => Object.keys(values[group] ?? {})).sort()).toEqual(
      helpers.map(([, name]) => name).sort(),
    );
    if (!helpers.length) {
      const pod =
        (chart.bundle.manifests as Obj[]).find((o) => o.spec?.template?.spec)?.spec.template.spec ??
        (chart.bundle.manifests as Obj[]).find((o) => o.spec?.jobTemplate)?.spec.jobTemplate.spec.template.spec;
      expect([...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map((c: Obj) => c.name)).toEqual([
        request.app.name,
      ]);
    }
    await Promise.all(
      helpers.map(async ([group, name]) => {
        const off = await template(path, request.app.name, namespaceOf(request), [
          '--set',
          `${group}.${name}.enabled=false`,
        ]);
        expect(comparable(off.objects), `${group}.${name} off`).toEqual(
          comparable(composeBundle(without(request, group, name)).manifests),
        );
        expect(noErrors(off.objects, request)).toEqual([]);
        expectHelperGone(off.objects, values[group][name], request);
      }),
    );
  });
});
