// Names that Go's YAML reader (YAML 1.1) takes for another type when written plain: `y`, `on`,
// `no`, `null`, `1e3`... The chart writes every templated name quoted, so `helm template` read by
// kubectl (Go's reader, as the API server reads it) gives the bundle's objects, names as strings.
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/core/model/bundle.js';
import { kubectlReadBack, sortedJson } from '../support/kubectl.js';
import { comparable, helm, writeChart } from './helm-run.js';
import { type ChartRequestBody, composeBundle } from '../support/validated.js';

/** An app named `name` with a namespace, a helper and an extra object named after Go literals. */
function request(name: string, helper: string): ChartRequestBody {
  return {
    app: {
      name,
      namespace: name,
      image: 'ghcr.io/acme/app:1.0',
      workload: 'StatefulSet',
      ports: [{ name: 'http', containerPort: 8080 }],
      serviceAccount: { name: helper },
      metrics: { port: 'http', serviceMonitor: { enabled: true } },
    },
    sidecars: [{ preset: 'log-forwarder', name: helper, logDir: '/var/log/app', output: { type: 'stdout' } }],
    adapters: [{ preset: 'prometheus-exporter', name: 'x', source: 'statsd', serviceMonitor: { enabled: true } }],
    target: { kubernetesVersion: '1.33' },
  } as ChartRequestBody;
}

const strip = (objects: K8sObject[]) =>
  objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } }));

describe('names Go reads as booleans, nulls or numbers', () => {
  it.each([
    ['y', '1e3'],
    ['n', '123'],
    ['on', '0'],
    ['off', '1e-3'],
    ['yes', '10'],
    ['no', '1'],
    ['true', '2e10'],
    ['false', '077'],
    ['null', '1000'],
  ])('app %j, helper and ServiceAccount %j: helm template, read by kubectl, is the bundle', async (name, helper) => {
    const req = request(name, helper);
    const bundle = composeBundle(req);
    const chart = await writeChart(req, `quoted-${name}`);
    const lint = await helm(['lint', '--strict', chart.path]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const out = await helm(['template', name, chart.path, '--namespace', name, '--skip-tests']);
    expect(out.code, out.stderr).toBe(0);
    const read = await kubectlReadBack(out.stdout);
    expect(read.error).toBeUndefined();
    const names = read.objects!.map((o) => o.metadata?.name);
    expect(names.every((n) => typeof n === 'string')).toBe(true);
    expect(names).toEqual(expect.arrayContaining([name, `${name}-headless`, helper, `${name}-${helper}`, `${name}-x`]));
    expect(sortedJson(comparable(strip(read.objects!)))).toBe(sortedJson(comparable(strip(bundle.manifests))));
  });
});
