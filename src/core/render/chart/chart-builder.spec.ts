import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InvalidRequestError } from '../../model/errors.js';
import { toHelmYaml, valuesSchemaJson } from './chart-builder.js';
import { type ChartRequestBody, buildChart, chartTarball } from '../../../../test/support/validated.js';

const request = (): ChartRequestBody => ({
  app: {
    name: 'orders',
    namespace: 'shop',
    image: 'ghcr.io/acme/orders:1.4.2',
    ports: [{ name: 'http', containerPort: 8080 }],
  },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
  adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
  target: { kubernetesVersion: '1.33' },
});

function pointersOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidRequestError) return e.errors.map((x) => x.pointer);
    throw e;
  }
  throw new Error('no error');
}

describe('buildChart', () => {
  it('lays out a chart folder', () => {
    const chart = buildChart(request());
    expect(Object.keys(chart.files).sort()).toEqual([
      '.helmignore',
      'Chart.yaml',
      'README.md',
      'templates/NOTES.txt',
      'templates/_helpers.tpl',
      'templates/_routing.tpl',
      'templates/configmaps.yaml',
      'templates/deployment.yaml',
      'templates/hpa.yaml',
      'templates/httproute.yaml',
      'templates/ingress.yaml',
      'templates/networkpolicy.yaml',
      'templates/objects.yaml',
      'templates/pdb.yaml',
      'templates/service.yaml',
      'templates/serviceaccount.yaml',
      'templates/tests/test-connection.yaml',
      'values.schema.json',
      'values.yaml',
    ]);
  });

  it('fills Chart.yaml from the request and the options', () => {
    const meta = parse(buildChart(request()).files['Chart.yaml']);
    expect(meta).toMatchObject({
      apiVersion: 'v2',
      name: 'orders',
      type: 'application',
      version: '0.1.0',
      appVersion: '1.4.2',
      kubeVersion: '>=1.33.0-0',
    });
    expect(meta.description).toContain('logs (sidecar log-forwarder)');
    expect(JSON.parse(meta.annotations['pod-patterns.io/patterns'])).toEqual([
      { kind: 'sidecar', preset: 'log-forwarder', name: 'logs' },
      { kind: 'adapter', preset: 'prometheus-exporter', name: 'metrics' },
    ]);
    const custom = parse(
      buildChart({ ...request(), chart: { version: '2.0.0-beta.1+build.5', appVersion: 'v9', description: 'mine' } })
        .files['Chart.yaml'],
    );
    expect(custom).toMatchObject({ version: '2.0.0-beta.1+build.5', appVersion: 'v9', description: 'mine' });
  });

  it('derives the kubeVersion constraint from the target', () => {
    const constraint = (target: ChartRequestBody['target']) =>
      parse(buildChart({ ...request(), target }).files['Chart.yaml']).kubeVersion;
    expect(constraint({ kubernetesVersion: '1.28' })).toBe('>=1.28.0-0');
    expect(constraint({ kubernetesVersion: '1.30', nativeSidecars: 'never' })).toBe('>=1.30.0-0');
    expect(constraint({ kubernetesVersion: '1.35' })).toBe('>=1.35.0-0');
  });

  it('takes appVersion from the image digest, or "latest", when the image has no tag', () => {
    const appVersion = (image: string) =>
      parse(buildChart({ ...request(), app: { ...request().app, image } }).files['Chart.yaml']).appVersion;
    expect(appVersion(`ghcr.io/acme/orders@sha256:${'c'.repeat(64)}`)).toBe(`sha256:${'c'.repeat(64)}`);
    expect(appVersion('ghcr.io/acme/orders')).toBe('latest');
  });

  it('refuses bad chart options with pointers', () => {
    expect(pointersOf(() => buildChart({ ...request(), chart: { version: 'v1' } }))).toEqual(['/chart/version']);
    // the same checks as the HTTP pipe: '' breaks two rules of description (length, text)
    expect(
      new Set(pointersOf(() => buildChart({ ...request(), chart: { appVersion: 'a\nb', description: '' } }))),
    ).toEqual(new Set(['/chart/appVersion', '/chart/description']));
    // white space only (the pipe let it through before, and a second check in the core refused it)
    expect(pointersOf(() => buildChart({ ...request(), chart: { appVersion: ' ', description: ' \n ' } }))).toEqual([
      '/chart/appVersion',
      '/chart/description',
    ]);
    expect(pointersOf(() => buildChart({ ...request(), chart: { name: 'x' } as never }))).toEqual(['/chart/name']);
  });

  it('refuses an image values cannot hold, pointing at it', () => {
    expect(
      pointersOf(() => buildChart({ ...request(), app: { ...request().app, image: 'ghcr.io/acme/orders:has space' } })),
    ).toEqual(['/app/image']);
  });

  it('writes values.yaml that reads back to the values, in YAML 1.1 as Helm reads it', () => {
    const chart = buildChart(request());
    const values = parse(chart.files['values.yaml'], { version: '1.1' });
    expect(values.sidecars.logs.enabled).toBe(true);
    expect(values.image).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/orders',
      tag: '1.4.2',
      digest: '',
      pullPolicy: '',
    });
    expect(Object.keys(values)).toEqual(Object.keys(JSON.parse(chart.files['values.schema.json']).properties));
  });

  it('writes Chart.yaml keywords, the patterns and target annotations, and a description naming every helper', () => {
    const meta = parse(buildChart(request()).files['Chart.yaml']);
    expect(meta.description).toBe(
      'orders: a Deployment with logs (sidecar log-forwarder), metrics (adapter prometheus-exporter)',
    );
    expect(meta.keywords).toEqual(['pod-patterns', 'log-forwarder', 'prometheus-exporter']);
    expect(JSON.parse(meta.annotations['pod-patterns.io/target'])).toEqual({
      kubernetesVersion: '1.33',
      podSecurity: 'restricted',
      nativeSidecars: true,
    });
    const solo = parse(buildChart({ app: { name: 'solo', image: 'solo:1' } }).files['Chart.yaml']);
    expect(solo.description).toBe('solo: a Deployment');
    expect(solo.keywords).toEqual(['pod-patterns']);
    expect(solo.annotations['pod-patterns.io/patterns']).toBe('[]');
  });

  it('starts values.yaml with what its defaults do, and ends values.schema.json with a newline', () => {
    const chart = buildChart(request());
    expect(chart.files['values.yaml'].split('\n').slice(0, 3)).toEqual([
      '# Default values: with these, the chart renders exactly the bundle it was generated with.',
      '# values.schema.json describes and checks every key; README.md lists them.',
      '',
    ]);
    expect(chart.files['values.schema.json'].endsWith('\n}\n')).toBe(true);
    expect(chart.files['.helmignore'].split('\n')).toContain('.git/');
  });

  it('lists every container in the README with its image, and turns the first helper off in the example', () => {
    const readme = buildChart(request()).files['README.md'];
    expect(readme).toContain('| orders | main |  | container | `ghcr.io/acme/orders:1.4.2` |');
    expect(readme).toContain(
      '| logs | sidecar | log-forwarder | native-sidecar | `cr.fluentbit.io/fluent/fluent-bit:3.2.10` |',
    );
    expect(readme).toContain(
      '| metrics | adapter | prometheus-exporter | container | `docker.io/prom/statsd-exporter:v0.28.0` |',
    );
    expect(readme).toContain('--reuse-values --set sidecars.logs.enabled=false');
    expect(readme).toContain('helm install orders ./orders-0.1.0.tgz --namespace shop --create-namespace');
  });

  it("lists each of a two-container helper's containers with the helper's image (git-sync's clone before native sidecars)", () => {
    const body = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'static-site-git-sync.json'), 'utf8'),
    ) as ChartRequestBody;
    const readme = buildChart(body).files['README.md'];
    const rows = readme.split('\n').filter((l) => /^\| [a-z]/.test(l) && l.endsWith('` |'));
    expect(rows).toEqual([
      '| docs-site | main |  | container | `nginxinc/nginx-unprivileged:1.27-alpine` |',
      '| content-init | sidecar | git-sync | init | `registry.k8s.io/git-sync/git-sync:v4.4.0` |',
      '| content | sidecar | git-sync | container | `registry.k8s.io/git-sync/git-sync:v4.4.0` |',
      '| nginx-metrics | adapter | prometheus-exporter | container | `docker.io/nginx/nginx-prometheus-exporter:1.4.1` |',
    ]);
    // the first helper is the git-sync one, whose containers both carry its key
    expect(readme).toContain('--reuse-values --set sidecars.content.enabled=false');
  });

  it('refuses a string no output can hold (a lone surrogate), with a pointer to it', () => {
    const body = request();
    body.app.env = [{ name: 'GREETING', value: 'hi \ud800' }];
    expect(pointersOf(() => buildChart(body))).toEqual(['/app/env/0/value']);
  });

  it('names the tarball <name>-<version>.tgz', async () => {
    expect((await chartTarball(request())).filename).toBe('orders-0.1.0.tgz');
  });

  it('is the same for the same request', () => {
    expect(JSON.stringify(buildChart(request()).files)).toBe(JSON.stringify(buildChart(request()).files));
  });
});

describe('toHelmYaml', () => {
  it.each([
    'on',
    'n',
    'yes',
    '0755',
    '1:20',
    '',
    ' lead',
    'trail ',
    'a: b',
    '- x',
    '#c',
    'x\n\ty\n',
    ' \n',
    'tab\there',
    'bell\u0007',
    'multi\nline\n',
    '{{ x }}',
  ])('writes %j so that YAML 1.1 reads it back as that string', (text) => {
    expect(parse(toHelmYaml({ k: text }), { version: '1.1' })).toEqual({ k: text });
  });

  it('writes plain strings plain, and double-quotes only control characters and lines a block cannot hold', () => {
    expect(toHelmYaml({ k: 'plain text' })).toBe('k: plain text\n');
    expect(toHelmYaml({ k: 'bell\u0007' })).toBe('k: "bell\\a"\n');
    expect(toHelmYaml({ k: 'a\n  \nb' })).toMatch(/^k: "/);
  });

  it('quotes keys YAML 1.1 would read as booleans', () => {
    expect(parse(toHelmYaml({ n: 1, y: 2, on: 3 }), { version: '1.1' })).toEqual({ n: 1, y: 2, on: 3 });
  });
});

describe('valuesSchemaJson', () => {
  const fresh = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;

  it('writes what JSON.stringify writes, for a chart schema (shared definitions) and again from the kept text', () => {
    const { files } = buildChart(request());
    const schema = JSON.parse(files['values.schema.json']) as Record<string, unknown>;
    expect(valuesSchemaJson(schema)).toBe(files['values.schema.json']);
    const frozen = { ...schema, definitions: Object.freeze({ ...(schema.definitions as object) }) };
    expect(valuesSchemaJson(frozen)).toBe(fresh(frozen));
    expect(valuesSchemaJson(frozen)).toBe(fresh(frozen));
  });

  it('never serves an old text for a definitions table that is not frozen (it may change)', () => {
    const definitions: Record<string, unknown> = { a: { type: 'string' } };
    const schema = { title: 'Values', definitions };
    expect(valuesSchemaJson(schema)).toBe(fresh(schema));
    definitions.b = { type: 'integer' };
    expect(valuesSchemaJson(schema)).toBe(fresh(schema));
    expect(valuesSchemaJson(schema)).toContain('"b": {');
  });

  it('writes other shapes as JSON.stringify does', () => {
    const multiline = Object.freeze({ a: { description: 'two\nlines "quoted"', enum: ['x\n  y'] }, b: [] });
    const shapes: Record<string, unknown>[] = [
      { title: 'Values', definitions: multiline },
      { title: 'Values', definitions: {} },
      { title: 'Values', definitions: [] },
      { definitions: multiline },
      { definitions: multiline, title: 'definitions not last' },
      { title: 'Values', definitions: multiline, after: 'definitions second of three, not last' },
      { title: 'no definitions' },
      { title: 'Values', definitions: { open: { nested: [1, { deep: 'x' }] } } },
    ];
    for (const schema of shapes) expect(valuesSchemaJson(schema)).toBe(fresh(schema));
  });
});
