// Requests that once got a wrong answer: a refusal of a valid request, or a 200 whose output a
// consumer (kubectl, nginx, HAProxy, twemproxy, helm) rejects. Each goes through the HTTP API and
// its output through the real consumer; where a value cannot work, the answer is a 400 at the
// request's own pointer.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../src/core/model/bundle.js';
import { comparable, helm, template, writeChart } from './charts/helm-run.js';
import { checkAmbassadorConfig } from './support/ambassador-checks.js';
import { startTestApp } from './support/app.js';
import { kubectlReadBack, readBackDifference } from './support/kubectl.js';
import { containerNamed, podSpecOf, podTemplateOf } from './support/pod-template.js';
import { type ChartRequestBody } from './support/validated.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const APP = { name: 'web', image: 'ghcr.io/acme/web:1.0' };

async function post(body: object, url = '/v1/bundles') {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: url === '/v1/bundles' ? { accept: 'application/json' } : {},
  });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

async function bundleOf(body: object): Promise<Bundle> {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Bundle;
}

async function yamlOf(body: object): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/bundles',
    payload: body,
    headers: { accept: 'application/yaml' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

/** The pointers of a 400's errors (the status checked). */
async function refusedAt(body: object, url = '/v1/bundles'): Promise<{ pointer: string; detail: string }[]> {
  const res = await post(body, url);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  return res.body.errors;
}

/** helm lint --strict is clean and helm template renders exactly the bundle. */
async function chartMatchesBundle(request: ChartRequestBody): Promise<void> {
  const chart = await writeChart(request, `${request.app.name}-${Math.random().toString(36).slice(2, 8)}`);
  const lint = await helm(['lint', '--strict', chart.path]);
  expect(lint.code, lint.stdout + lint.stderr).toBe(0);
  const rendered = await template(chart.path, request.app.name, 'default');
  const bundle = await bundleOf(request);
  expect(
    comparable(rendered.objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } }))),
  ).toEqual(comparable(bundle.manifests.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } }))));
}

describe('defect 1: a partial helper resources keeps the preset defaults', () => {
  it('requests.memory alone keeps the default cpu request and memory limit', async () => {
    const bundle = await bundleOf({
      app: APP,
      ambassadors: [
        {
          preset: 'http-egress',
          name: 'pay',
          upstream: 'https://api.example.com',
          resources: { requests: { memory: '32Mi' } },
        },
      ],
    });
    expect(containerNamed(podSpecOf(bundle), 'pay').resources).toEqual({
      requests: { cpu: '10m', memory: '32Mi' },
      limits: { memory: '64Mi' },
    });
  });

  it('an empty limits is no override', async () => {
    const bundle = await bundleOf({
      app: APP,
      ambassadors: [
        { preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com', resources: { limits: {} } },
      ],
    });
    expect(containerNamed(podSpecOf(bundle), 'pay').resources).toEqual({
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { memory: '64Mi' },
    });
  });
});

describe('defect 2: a StatefulSet without storage', () => {
  it('gets a chart that lints and renders the bundle', async () => {
    await chartMatchesBundle({
      app: { name: 'api', image: 'app:1', workload: 'StatefulSet', ports: [{ name: 'http', containerPort: 8080 }] },
    });
  });
});

describe('defect 3: strings Go reads differently are quoted and escaped', () => {
  const tricky = [
    '0o17',
    '0x_1F',
    '1_000',
    '.5e3',
    '+0b1',
    'a\u0085b',
    'a\u2028b\u2029c',
    'del\u007f',
    'c1\u0090',
    'nc\ufffe',
    'bom\ufeffx',
    'say "\u2028"',
  ];
  const request = {
    app: {
      ...APP,
      env: tricky.map((value, i) => ({ name: `V${i}`, value })),
      podAnnotations: { 'example.com/octal': '0o17' },
    },
  };

  it('kubectl reads the YAML bundle back as the JSON bundle', async () => {
    const bundle = await bundleOf(request);
    const read = await kubectlReadBack(await yamlOf(request));
    expect(readBackDifference(bundle.manifests, read)).toBeUndefined();
  });

  it("the chart (values.yaml, then the templates' escaping toYaml) lints and renders the bundle", async () => {
    await chartMatchesBundle(request);
  });

  it("helm template, read by kubectl (Go's reader), gives the bundle's strings", async () => {
    const chart = await writeChart(request, 'tricky-go');
    const out = await helm(['template', 'web', chart.path, '--skip-tests']);
    expect(out.code, out.stderr).toBe(0);
    const read = await kubectlReadBack(out.stdout);
    expect(read.error).toBeUndefined();
    const workload = read.objects!.find((o) => o.kind === 'Deployment')!;
    expect(containerNamed(podSpecOf({ manifests: [workload] } as Bundle), 'web').env).toEqual(request.app.env);
  });
});

describe('a lone UTF-16 surrogate (no UTF-8 form): both endpoints refuse it at its pointer', () => {
  const request = {
    app: {
      ...APP,
      env: [
        { name: 'A', value: 'ok\u2028' },
        { name: 'B', value: 'half \ud800' },
      ],
      annotations: { 'example.com/x': '\udc00' },
    },
  };

  it.each(['/v1/bundles', '/v1/charts'])('%s answers 400 with a pointer to each such string', async (url) => {
    const errors = await refusedAt(request, url);
    expect(errors.map((e) => e.pointer)).toEqual(['/app/env/1/value', '/app/annotations/example.com~1x']);
    expect(errors[0].detail).toMatch(/lone UTF-16 surrogate/);
  });

  it('a surrogate pair (an astral character) is fine', async () => {
    await bundleOf({ app: { ...APP, env: [{ name: 'A', value: '\u{1f600}' }] } });
  });
});

describe('defect 4: http-egress values nginx refuses', () => {
  const egress = (extra: object) => ({
    app: APP,
    ambassadors: [{ preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com', ...extra }],
  });

  it('burst 0 is a rate limit without burst, which nginx -t accepts', async () => {
    const bundle = await bundleOf(egress({ rateLimit: { requestsPerSecond: 5, burst: 0 } }));
    const check = checkAmbassadorConfig(bundle, 'pay', 'http-egress');
    expect(check.status, check.output).toBe(0);
  });

  it('retries.on [] is no retry, which nginx -t accepts', async () => {
    const bundle = await bundleOf(egress({ retries: { attempts: 3, on: [] } }));
    const check = checkAmbassadorConfig(bundle, 'pay', 'http-egress');
    expect(check.status, check.output).toBe(0);
  });

  it('resolverValid in milliseconds is refused at its pointer', async () => {
    const errors = await refusedAt(egress({ resolverValid: '500ms' }));
    expect(errors).toEqual([
      { pointer: '/ambassadors/0/resolverValid', detail: expect.stringContaining('whole seconds') },
    ]);
  });

  it.each(['300.1.1.1', '1.2.3.4:99999', '[:]', '[::1]:0', '1.2.3.4:0'])(
    'resolver %s is refused at its pointer',
    async (resolver) => {
      const errors = await refusedAt(egress({ resolvers: [resolver] }));
      expect(errors.map((e) => e.pointer)).toEqual(['/ambassadors/0/resolvers']);
      expect(errors[0].detail).toContain('1-65535');
    },
  );

  it('an IPv6 resolver with a port passes nginx -t', async () => {
    const bundle = await bundleOf(egress({ resolvers: ['[fd00::a]:53', '10.96.0.10'] }));
    const check = checkAmbassadorConfig(bundle, 'pay', 'http-egress');
    expect(check.status, check.output).toBe(0);
  });

  it.each(['#X-Id', "'X-Id"])('header name %s is refused at its pointer', async (name) => {
    const errors = await refusedAt(egress({ headers: [{ name, value: 'v' }] }));
    expect(errors.map((e) => e.pointer)).toEqual(['/ambassadors/0/headers/0/name']);
  });
});

describe('defect 5: durations and hash tags HAProxy and twemproxy cannot take', () => {
  const tcp = (extra: object) => ({
    app: APP,
    ambassadors: [{ preset: 'tcp-egress', name: 'db', servers: ['db.example.com:5432'], ...extra }],
  });
  const shards = (extra: object) => ({
    app: APP,
    ambassadors: [{ preset: 'redis-shards', name: 'cache', servers: ['redis-0.example.com:6379:1'], ...extra }],
  });

  it('tcp-egress: 720h is refused at its pointer, 596h passes haproxy -c', async () => {
    expect((await refusedAt(tcp({ timeouts: { server: '720h' } }))).map((e) => e.pointer)).toEqual([
      '/ambassadors/0/timeouts/server',
    ]);
    expect((await refusedAt(tcp({ healthCheck: { interval: '35792m' } }))).map((e) => e.pointer)).toEqual([
      '/ambassadors/0/healthCheck/interval',
    ]);
    const bundle = await bundleOf(
      tcp({ timeouts: { server: '596h', client: '35791m' }, healthCheck: { interval: '999999s' } }),
    );
    const check = checkAmbassadorConfig(bundle, 'db', 'tcp-egress');
    expect(check.status, check.output).toBe(0);
  });

  it('redis-shards: 720h is refused at its pointer, 596h passes nutcracker -t', async () => {
    expect((await refusedAt(shards({ timeout: '720h' }))).map((e) => e.pointer)).toEqual(['/ambassadors/0/timeout']);
    const bundle = await bundleOf(shards({ timeout: '596h', serverRetryTimeout: '35791m' }));
    const check = checkAmbassadorConfig(bundle, 'cache', 'redis-shards');
    expect(check.status, check.output).toBe(0);
  });

  it('redis-shards: a non-ASCII hashTag is refused at its pointer', async () => {
    const errors = await refusedAt(shards({ hashTag: '«»' }));
    expect(errors).toEqual([{ pointer: '/ambassadors/0/hashTag', detail: expect.stringContaining('printable ASCII') }]);
  });
});

describe('defect 6: a helper name starting with a digit', () => {
  it('derives an env var name that starts with "_" (valid before 1.32), and the chart lints', async () => {
    const request = {
      app: APP,
      ambassadors: [{ preset: 'tcp-egress', name: '1db', servers: ['db.example.com:5432'] }],
      target: { kubernetesVersion: '1.31' },
    };
    const bundle = await bundleOf(request);
    expect(containerNamed(podSpecOf(bundle), 'web').env).toContainEqual({ name: '_1DB_ADDR', value: '127.0.0.1:5432' });
    await chartMatchesBundle({ ...request, target: { kubernetesVersion: '1.33' } });
  });
});

describe('defect 7: a helper memory request above the preset default limit', () => {
  it('raises the default limit to the request when the user set no limit', async () => {
    const bundle = await bundleOf({
      app: APP,
      ambassadors: [
        {
          preset: 'tcp-egress',
          name: 'db',
          servers: ['db.example.com:5432'],
          resources: { requests: { cpu: '10m', memory: '256Mi' } },
        },
      ],
    });
    expect(containerNamed(podSpecOf(bundle), 'db').resources).toEqual({
      requests: { cpu: '10m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
  });

  it('lowers the default request to a limit below it', async () => {
    const bundle = await bundleOf({
      app: APP,
      ambassadors: [
        {
          preset: 'tcp-egress',
          name: 'db',
          servers: ['db.example.com:5432'],
          resources: { limits: { memory: '16Mi' } },
        },
      ],
    });
    expect(containerNamed(podSpecOf(bundle), 'db').resources).toEqual({
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { memory: '16Mi' },
    });
  });
});

describe('defect 8: NetworkPolicy matchExpressions values are label values', () => {
  it.each(['a:b', ' \n '])('%j is refused at its pointer', async (value) => {
    const errors = await refusedAt({
      app: {
        ...APP,
        networkPolicy: {
          ingressFrom: [{ podSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: [value] }] } }],
        },
      },
    });
    expect(errors.map((e) => e.pointer)).toEqual([
      '/app/networkPolicy/ingressFrom/0/podSelector/matchExpressions/0/values',
    ]);
    expect(errors[0].detail).toContain('label value');
  });
});

describe('defect 9: StatefulSet claims the API server refuses', () => {
  const sts = (storage: object) => ({
    app: { ...APP, workload: 'StatefulSet', storage: { mountPath: '/data', size: '1Gi', ...storage } },
  });

  it('ReadWriteOncePod with other modes is refused at accessModes', async () => {
    const errors = await refusedAt(sts({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }));
    expect(errors).toEqual([
      { pointer: '/app/storage/accessModes', detail: expect.stringContaining('ReadWriteOncePod cannot be combined') },
    ]);
    await bundleOf(sts({ accessModes: ['ReadWriteOncePod'] }));
  });

  it.each(['0', '0.0', '0Gi', '.0'])('size %s is refused at size', async (size) => {
    expect((await refusedAt(sts({ size }))).map((e) => e.pointer)).toEqual(['/app/storage/size']);
  });
});

describe('defect 10: port 0 in a URL or resolver', () => {
  it.each([
    [
      { ambassadors: [{ preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com:0' }] },
      '/ambassadors/0/upstream',
    ],
    [
      {
        ambassadors: [
          { preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com', resolvers: ['10.0.0.1:0'] },
        ],
      },
      '/ambassadors/0/resolvers',
    ],
    [
      {
        sidecars: [
          { preset: 'git-sync', name: 'docs', repo: 'https://git.example.com:0/acme/docs.git', mountPath: '/srv/docs' },
        ],
      },
      '/sidecars/0/repo',
    ],
    [
      {
        sidecars: [
          {
            preset: 'git-sync',
            name: 'docs',
            repo: 'ssh://git@git.example.com:0/acme/docs.git',
            mountPath: '/srv/docs',
          },
        ],
      },
      '/sidecars/0/repo',
    ],
  ])('%j is refused at %s', async (items, pointer) => {
    expect((await refusedAt({ app: APP, ...items })).map((e) => e.pointer)).toEqual([pointer]);
  });
});

describe('defect 11: an app name that is not a DNS-1035 label', () => {
  it.each(['3', '3web'])('%s is refused at /app/name (it names the Service)', async (name) => {
    const errors = await refusedAt({ app: { ...APP, name } });
    expect(errors).toEqual([{ pointer: '/app/name', detail: expect.stringContaining('starting with a letter') }]);
  });
});

describe('defect 12: a helper named like an integer', () => {
  it('keeps the roles annotation in container order, as the chart writes it', async () => {
    const request = {
      app: APP,
      ambassadors: [{ preset: 'tcp-egress', name: '5', servers: ['db.example.com:5432'], envName: 'DB_ADDR' }],
    };
    const bundle = await bundleOf(request);
    expect(podTemplateOf(bundle).annotations['pod-patterns.io/roles']).toBe(
      '{"web":"main","5":"ambassador/tcp-egress"}',
    );
    await chartMatchesBundle(request);
  });
});

describe('defect 13: two statsd exporters', () => {
  it('coexist on different statsd ports, the second with unnamed ports', async () => {
    const bundle = await bundleOf({
      app: APP,
      adapters: [
        { preset: 'prometheus-exporter', name: 'statsd-a', source: 'statsd' },
        {
          preset: 'prometheus-exporter',
          name: 'statsd-b',
          source: 'statsd',
          statsdPort: 9225,
          metricsPort: 9202,
          metricsPortName: 'metrics-b',
          scrapeAnnotations: false,
        },
      ],
    });
    const spec = podSpecOf(bundle);
    expect(containerNamed(spec, 'statsd-a').ports).toContainEqual({
      name: 'statsd-udp',
      containerPort: 9125,
      protocol: 'UDP',
    });
    expect(containerNamed(spec, 'statsd-b').ports).toContainEqual({ containerPort: 9225, protocol: 'UDP' });
    expect(containerNamed(spec, 'statsd-b').ports).toContainEqual({ containerPort: 9225, protocol: 'TCP' });
  });
});

describe('defect 14: app.resources {} and chart version 0.0.0-0', () => {
  it('an empty app.resources is no resources, in the bundle and the chart alike', async () => {
    const request = { app: { ...APP, resources: {} } };
    expect(containerNamed(podSpecOf(await bundleOf(request)), 'web').resources).toBeUndefined();
    await chartMatchesBundle(request);
  });

  it.each(['0.0.0-0', '0.0.0-0+build.1'])('chart version %s is refused at /chart/version', async (version) => {
    const errors = await refusedAt({ app: APP, chart: { version } }, '/v1/charts');
    expect(errors.map((e) => e.pointer)).toEqual(['/chart/version']);
  });
});

describe('an image the chart cannot carry: the bundle refuses it too, at the same pointer', () => {
  // these were a 200 from /v1/bundles and a 400 from /v1/charts: the chart splits every image into
  // repository / tag / digest values, and nothing pulls a reference that does not split
  it.each([
    [{ app: { ...APP, image: '!' } }, '/app/image'],
    [{ app: { ...APP, image: 'web:-1' } }, '/app/image'],
    [{ app: { ...APP, image: 'web:' } }, '/app/image'],
    [{ app: { ...APP, image: 'web@sha256:xyz' } }, '/app/image'],
    [{ app: APP, sidecars: [{ preset: 'custom', name: 'tool', image: 'busybox:' }] }, '/sidecars/0/image'],
    [
      {
        app: APP,
        ambassadors: [{ preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com', image: 'nginx/' }],
      },
      '/ambassadors/0/image',
    ],
  ])('%j is refused at %s by /v1/bundles and /v1/charts', async (request, pointer) => {
    for (const url of ['/v1/bundles', '/v1/charts']) {
      const errors = await refusedAt(request, url);
      expect(errors, url).toEqual([
        { pointer, detail: expect.stringContaining('an image reference [registry[:port]/]name[:tag][@algorithm:hex]') },
      ]);
    }
  });

  it('a registry port, a tag and a digest together still give a chart that renders the bundle', async () => {
    await chartMatchesBundle({ app: { ...APP, image: `localhost:5000/team/web:v2@sha256:${'a'.repeat(64)}` } });
  });
});

describe('two mount paths that fold to the same volume name', () => {
  // "/p" and "/P" both slug to "p": the second volume was refused as "two helpers need different
  // volumes named "web-p"", with no pointer, for a request with distinct mount paths
  it('each secret gets its own volume, and the chart renders the bundle', async () => {
    const request = {
      app: {
        ...APP,
        secretMounts: [
          { secretName: 'a', mountPath: '/p' },
          { secretName: 'b', mountPath: '/P' },
        ],
      },
    };
    const pod = podSpecOf(await bundleOf(request));
    const secretVolumes = (pod.volumes ?? []).filter((v) => v.secret);
    expect(secretVolumes.map((v) => v.secret?.secretName)).toEqual(['a', 'b']);
    expect(new Set(secretVolumes.map((v) => v.name)).size).toBe(2);
    const mounts = containerNamed(pod, 'web').volumeMounts ?? [];
    for (const [path, secret] of [
      ['/p', 'a'],
      ['/P', 'b'],
    ])
      expect(
        secretVolumes.find((v) => v.name === mounts.find((m) => m.mountPath === path)?.name)?.secret?.secretName,
      ).toBe(secret);
    await chartMatchesBundle(request);
  });
});
