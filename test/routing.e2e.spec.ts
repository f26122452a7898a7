// app.ingress and app.httpRoute end to end: the bundle's Ingress and HTTPRoute (every object
// schema-checked, Gateway API included), the validator's verdict on the bundle, the chart (helm
// lint --strict; helm template renders the same objects; --set turns either on in a chart made
// without it; values.schema.json refuses wrong types), the same request as YAML, and the 400s.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { K8sObject } from '../src/core/model/bundle.js';
import { startTestApp } from './support/app.js';
import { schemaErrors } from './support/k8s-models.js';
import { comparable, helm, template, writeTemp } from './charts/helm-run.js';

type Obj = Record<string, any>;

const APP = {
  name: 'storefront',
  namespace: 'shop',
  image: 'ghcr.io/acme/storefront:3.2.0',
  replicas: 2,
  ports: [
    { name: 'http', containerPort: 8080, servicePort: 80 },
    { name: 'grpc', containerPort: 9090 },
  ],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
};
const INGRESS = {
  className: 'nginx',
  annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
  hosts: [
    { host: 'shop.example.com' },
    { host: '*.shop.example.com', paths: [{ path: '/rpc', pathType: 'Exact', port: 'grpc' }, { path: '/app' }] },
  ],
  tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com', 'eu.shop.example.com'] }],
};
const HTTP_ROUTE = {
  annotations: { team: 'shop' },
  parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
  hostnames: ['shop.example.com'],
  rules: [{ path: '/api', port: 9090 }, { path: '/' }],
};
// the proxy keeps the app's port on the Service ("http", first) and adds its own after it
const PROXY = { preset: 'reverse-proxy', name: 'edge', listenPort: 8443, exposeAppPort: true };
const REQUEST = {
  app: {
    ...APP,
    networkPolicy: {
      ingressFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
    },
    ingress: INGRESS,
    httpRoute: HTTP_ROUTE,
  },
  ambassadors: [PROXY],
  target: { kubernetesVersion: '1.33' },
};

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const send = (url: string, body: unknown, contentType = 'application/json') =>
  app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url,
      headers: { 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
const bundleOf = async (body: unknown) => {
  const res = await send('/v1/bundles', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { manifests: K8sObject[]; findings: Obj[] };
};
const chartPath = async (body: unknown, label: string) => {
  const res = await send('/v1/charts', body);
  expect(res.statusCode, res.body).toBe(200);
  return writeTemp(`${label}.tgz`, res.rawPayload);
};
const find = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind) as Obj;
const errorsOf = async (app: Obj) => {
  const res = await send('/v1/bundles', { app: { ...APP, ...app } });
  expect(res.statusCode, res.body).toBe(400);
  return (res.json().errors as { pointer: string; detail: string }[]).map((e) => e.pointer);
};

describe('a request with an Ingress and an HTTPRoute', () => {
  it('returns 200 with both, every object passing its kubernetes-models schema (Gateway API included)', async () => {
    const { manifests } = await bundleOf(REQUEST);
    expect(manifests.map((o) => o.kind)).toEqual(expect.arrayContaining(['Service', 'Ingress', 'HTTPRoute']));
    for (const object of manifests) {
      expect(schemaErrors(object as K8sObject & { apiVersion: string }), `${object.kind}`).toEqual([]);
    }
  });

  it("sends paths without a port to the reverse proxy's Service port, the others to the port they name", async () => {
    const { manifests } = await bundleOf(REQUEST);
    const service = find(manifests, 'Service');
    expect(service.spec.ports.map((p: Obj) => `${p.name}:${p.port}`)).toEqual([
      'http:80',
      'grpc:9090',
      'http-proxy:8443',
    ]);
    const ingress = find(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(
      ingress.spec.rules.flatMap((r: Obj) =>
        r.http.paths.map(
          (p: Obj) => `${r.host}${p.path} ${p.pathType} -> ${p.backend.service.name}:${p.backend.service.port.name}`,
        ),
      ),
    ).toEqual([
      'shop.example.com/ Prefix -> storefront:http-proxy',
      '*.shop.example.com/rpc Exact -> storefront:grpc',
      '*.shop.example.com/app Prefix -> storefront:http-proxy',
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com', 'eu.shop.example.com'], secretName: 'shop-tls' }]);
    const route = find(manifests, 'HTTPRoute');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
          backendRefs: [{ name: 'storefront', port: 9090 }],
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'storefront', port: 8443 }] },
      ],
    });
    expect(route.metadata.annotations).toEqual({ team: 'shop' });
  });

  it('warns that the NetworkPolicy must admit the Ingress controller', async () => {
    const { findings } = await bundleOf(REQUEST);
    expect(findings.filter((f) => f.rule === 'app.routing-network-policy').map((f) => f.severity)).toEqual(['warning']);
  });

  it('POST /v1/validations of the returned bundle finds no error', async () => {
    const { manifests } = await bundleOf(REQUEST);
    const res = await send('/v1/validations', { manifests });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.findings.filter((f: Obj) => f.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('the same request as YAML gives the same bytes', async () => {
    const json = await send('/v1/bundles', REQUEST);
    const yaml = await send('/v1/bundles', stringify(REQUEST, { version: '1.1' }), 'application/yaml');
    expect(yaml.statusCode, yaml.body).toBe(200);
    expect(yaml.body).toBe(json.body);
    const jsonChart = await send('/v1/charts', REQUEST);
    const yamlChart = await send('/v1/charts', stringify(REQUEST, { version: '1.1' }), 'application/yaml');
    expect(Buffer.compare(yamlChart.rawPayload, jsonChart.rawPayload)).toBe(0);
  });
});

describe('POST /v1/validations of a bundle people bring', () => {
  const validate = async (manifests: K8sObject[]) => {
    const res = await send('/v1/validations', { manifests });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().findings as Obj[];
  };
  const edited = async (edit: (objects: Obj[]) => void) => {
    const { manifests } = await bundleOf(REQUEST);
    const objects = structuredClone(manifests) as Obj[];
    edit(objects);
    return validate(objects as K8sObject[]);
  };
  const of = (findings: Obj[], rule: string) =>
    findings.filter((f) => f.rule === rule).map((f) => ({ severity: f.severity, path: f.path, message: f.message }));

  it("warns about an Ingress path to a port the bundle's Service lacks", async () => {
    const findings = await edited((objects) => {
      find(objects as K8sObject[], 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { name: 'https' };
    });
    expect(of(findings, 'route.backend-port')).toEqual([
      {
        severity: 'warning',
        path: '/spec/rules/0/http/paths/0/backend/service/port/name',
        message:
          'Service "storefront" has no port named "https"; its ports are "http" (80), "grpc" (9090), "http-proxy" (8443)',
      },
    ]);
  });

  it('warns about an HTTPRoute backendRef to a port number the Service lacks', async () => {
    const findings = await edited((objects) => {
      find(objects as K8sObject[], 'HTTPRoute').spec.rules[0].backendRefs[0].port = 8080;
    });
    expect(of(findings, 'route.backend-port').map((f) => [f.path, f.message])).toEqual([
      [
        '/spec/rules/0/backendRefs/0/port',
        'Service "storefront" has no port 8080; its ports are "http" (80), "grpc" (9090), "http-proxy" (8443)',
      ],
    ]);
  });

  it('warns about a TLS host no rule serves', async () => {
    const findings = await edited((objects) => {
      find(objects as K8sObject[], 'Ingress').spec.tls[0].hosts.push('www.example.org');
    });
    expect(of(findings, 'ingress.tls-host').map((f) => [f.severity, f.path])).toEqual([
      ['warning', '/spec/tls/0/hosts/2'],
    ]);
  });

  it('checks an HTTPRoute against the Gateway API schema', async () => {
    const findings = await edited((objects) => {
      const route = find(objects as K8sObject[], 'HTTPRoute');
      route.spec.hostnames = ['Shop_Example'];
      route.spec.rules[0].backendRefs[0].weigth = 1;
    });
    const schema = findings.filter((f) => f.rule.startsWith('schema.') && f.resource?.kind === 'HTTPRoute');
    expect(schema.map((f) => [f.severity, f.path])).toEqual(
      expect.arrayContaining([
        ['error', '/spec/hostnames/0'],
        [expect.any(String), '/spec/rules/0/backendRefs/0/weigth'],
      ]),
    );
  });
});

describe('the chart', () => {
  it('passes helm lint --strict and renders exactly the bundle', async () => {
    const [path, { manifests }] = await Promise.all([chartPath(REQUEST, 'routing'), bundleOf(REQUEST)]);
    const lint = await helm(['lint', '--strict', path]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const rendered = await template(path, 'storefront', 'shop');
    expect(comparable(rendered.objects)).toEqual(comparable(manifests));
  });

  it('NOTES.txt lists the Ingress URLs and the Gateways of the route', async () => {
    const path = await chartPath(REQUEST, 'routing-notes');
    const result = await helm(['install', 'storefront', path, '--namespace', 'shop', '--dry-run=client']);
    expect(result.code, result.stderr).toBe(0);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain(
      'Through the Ingress:\n  https://shop.example.com/\n  https://*.shop.example.com/rpc\n  https://*.shop.example.com/app\n',
    );
    expect(notes).toContain('Through the HTTPRoute, attached to Gateway gateways/public for shop.example.com\n');
  });

  it('with the reverse proxy turned off, renders exactly the bundle of the request without it', async () => {
    const path = await chartPath(REQUEST, 'routing-off');
    const { ambassadors: _off, ...without } = REQUEST;
    const { manifests } = await bundleOf(without);
    const rendered = await template(path, 'storefront', 'shop', ['--set', 'ambassadors.edge.enabled=false']);
    expect(comparable(rendered.objects)).toEqual(comparable(manifests));
    expect(find(rendered.objects, 'HTTPRoute').spec.rules[1].backendRefs).toEqual([{ name: 'storefront', port: 80 }]);
  });

  describe('of a request without either', () => {
    const plain = { app: APP, ambassadors: [PROXY] };
    let path: string;
    beforeAll(async () => {
      path = await chartPath(plain, 'routing-plain');
    });

    it('renders neither by default', async () => {
      const rendered = await template(path, 'storefront', 'shop');
      expect(rendered.objects.map((o) => o.kind)).not.toContain('Ingress');
      expect(rendered.objects.map((o) => o.kind)).not.toContain('HTTPRoute');
    });

    it("--set ingress.enabled=true with a host renders an Ingress to the release's Service and proxy port", async () => {
      const rendered = await template(path, 'web', 'shop', [
        '--set',
        'ingress.enabled=true',
        '--set',
        'ingress.hosts[0].host=shop.example.com',
      ]);
      const service = find(rendered.objects, 'Service');
      const ingress = find(rendered.objects, 'Ingress');
      expect(schemaErrors(ingress as K8sObject & { apiVersion: string })).toEqual([]);
      expect(service.metadata.name).toBe('web-storefront');
      expect(ingress.metadata).toMatchObject({ name: 'web-storefront', namespace: 'shop' });
      expect(ingress.spec).toEqual({
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web-storefront', port: { name: 'http-proxy' } } },
                },
              ],
            },
          },
        ],
      });
      expect(service.spec.ports.map((p: Obj) => p.name)).toContain('http-proxy');
    });

    it('--set ingress.port picks another Service port, by number too', async () => {
      const rendered = await template(path, 'storefront', 'shop', [
        '--set',
        'ingress.enabled=true',
        '--set',
        'ingress.port=9090',
      ]);
      const ingress = find(rendered.objects, 'Ingress');
      expect(ingress.spec.rules[0].host).toBe('chart-example.local');
      expect(ingress.spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 9090 });
      expect(schemaErrors(ingress as K8sObject & { apiVersion: string })).toEqual([]);
    });

    it('--set httpRoute.enabled=true with a parentRef renders an HTTPRoute to the Service', async () => {
      const rendered = await template(path, 'storefront', 'shop', [
        '--set',
        'httpRoute.enabled=true',
        '--set',
        'httpRoute.parentRefs[0].name=public',
      ]);
      const route = find(rendered.objects, 'HTTPRoute');
      expect(schemaErrors(route as K8sObject & { apiVersion: string })).toEqual([]);
      expect(route.spec).toEqual({
        parentRefs: [{ name: 'public' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'storefront', port: 8443 }],
          },
        ],
      });
    });

    it.each([
      [['ingress.enabled=maybe'], 'ingress/enabled'],
      [['ingress.enabled=true', 'ingress.hosts[0].host=Not_A_Host'], 'host'],
      [
        ['ingress.enabled=true', 'ingress.hosts[0].host=a.example.com', 'ingress.hosts[0].paths[0].pathType=Regex'],
        'pathType',
      ],
      [['ingress.enabled=true', 'ingress.hosts[0].host=a.example.com', 'ingress.hosts[0].paths[0].path=api'], 'path'],
      [['ingress.tls[0].secretName=shop-tls', 'ingress.tls[0].hosts=shop.example.com'], 'hosts'],
      [['httpRoute.enabled=1'], 'httpRoute/enabled'],
      [['httpRoute.enabled=true'], 'parentRefs'],
      [['httpRoute.enabled=true', 'httpRoute.parentRefs[0].name=public', 'httpRoute.rules[0].port=http'], 'port'],
      [['httpRoute.hostnames[0]=1.2.3.4x_'], 'hostnames'],
    ])('values.schema.json refuses --set %j', async (sets, field) => {
      const result = await helm(['template', 'storefront', path, ...sets.flatMap((s) => ['--set', s])]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(result.stderr).toContain(field);
    });
  });
});

describe('refused requests', () => {
  it.each([
    [
      { ingress: { hosts: [{ host: 'shop.example.com', paths: [{ port: 'admin' }] }] } },
      '/app/ingress/hosts/0/paths/0/port',
    ],
    [
      {
        ingress: { hosts: [{ host: 'shop.example.com' }], tls: [{ secretName: 'tls', hosts: ['other.example.com'] }] },
      },
      '/app/ingress/tls/0/hosts/0',
    ],
    [{ ingress: { hosts: [{ host: '10.0.0.1' }] } }, '/app/ingress/hosts/0/host'],
    [{ ingress: { hosts: [{ host: 'Shop.Example.com' }] } }, '/app/ingress/hosts/0/host'],
    [
      { ingress: { hosts: [{ host: 'shop.example.com', paths: [{ path: 'api' }] }] } },
      '/app/ingress/hosts/0/paths/0/path',
    ],
    [
      { ingress: { hosts: [{ host: 'shop.example.com', paths: [{ pathType: 'Regex' }] }] } },
      '/app/ingress/hosts/0/paths/0/pathType',
    ],
    [{ ingress: { hosts: [] } }, '/app/ingress/hosts'],
    [{ httpRoute: { parentRefs: [] } }, '/app/httpRoute/parentRefs'],
    [{ httpRoute: { parentRefs: [{ name: 'public' }], rules: [{ port: 8081 }] } }, '/app/httpRoute/rules/0/port'],
    [{ httpRoute: { parentRefs: [{ name: 'public' }], hostnames: ['*'] } }, '/app/httpRoute/hostnames'],
    [
      { httpRoute: { parentRefs: [{ name: 'public' }], rules: [{ path: '/a' }, { path: '/a' }] } },
      '/app/httpRoute/rules',
    ],
  ])('%j: 400 at %s', async (app, pointer) => {
    expect(await errorsOf(app)).toEqual([pointer]);
  });
});
