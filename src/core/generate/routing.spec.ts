import { describe, expect, it } from 'vitest';
import { ordersApp } from '../../../test/support/orders-app.js';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import { schemaErrors } from '../../../test/support/k8s-models.js';
import type { K8sObject } from '../model/bundle.js';
import type { PresetItem } from '../model/request.js';
import type { AppDto } from '../request/app.js';
import type { BundleRequest } from '../request/bundle.js';
import { composeBundle } from '../../../test/support/validated.js';
import { hostCovers, tlsHostServed } from '../rules/routing.rules.js';

type Obj = Record<string, any>;

const ports: AppDto['ports'] = [
  { name: 'http', containerPort: 8080, servicePort: 80 },
  { name: 'grpc', containerPort: 9090 },
];
const proxy = (extra: Partial<PresetItem> = {}): PresetItem =>
  ({ preset: 'reverse-proxy', name: 'edge', listenPort: 8443, ...extra }) as PresetItem;

const objectOf = (req: BundleRequest, kind: string): Obj => {
  const bundle = composeBundle(req);
  expect(bundle.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const object = bundle.manifests.find((o) => o.kind === kind) as Obj;
  expect(schemaErrors(object as K8sObject & { apiVersion: string })).toEqual([]);
  return object;
};
const ingressOf = (app: Partial<AppDto>, more: Partial<BundleRequest> = {}) =>
  objectOf({ app: ordersApp({ ports, ...app }), ...more }, 'Ingress');
const routeOf = (app: Partial<AppDto>, more: Partial<BundleRequest> = {}) =>
  objectOf({ app: ordersApp({ ports, ...app }), ...more }, 'HTTPRoute');
const backendPorts = (ingress: Obj) =>
  ingress.spec.rules.flatMap((r: Obj) => r.http.paths.map((p: Obj) => p.backend.service.port));
const errorsOf = (app: Partial<AppDto>, more: Partial<BundleRequest> = {}) =>
  invalidRequestOf(() => composeBundle({ app: ordersApp({ ports, ...app }), ...more })).errors;

describe('app.ingress', () => {
  it("routes a host with no paths to the Service's first port, every path as a Prefix of /", () => {
    const ingress = ingressOf({ ingress: { hosts: [{ host: 'orders.example.com' }] } });
    expect(ingress.metadata).toMatchObject({ name: 'orders', namespace: 'shop' });
    expect(ingress.spec).toEqual({
      rules: [
        {
          host: 'orders.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'orders', port: { name: 'http' } } } },
            ],
          },
        },
      ],
    });
  });

  it('names the Service port a path gives by name, Service port number or container port', () => {
    const ingress = ingressOf({
      ingress: {
        className: 'nginx',
        hosts: [
          {
            host: 'orders.example.com',
            paths: [
              { path: '/rpc', pathType: 'Exact', port: 'grpc' },
              { path: '/a', port: 80 },
              { path: '/b', port: 8080 },
            ],
          },
        ],
      },
    });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(backendPorts(ingress)).toEqual([{ name: 'grpc' }, { name: 'http' }, { name: 'http' }]);
    expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/rpc', pathType: 'Exact' });
  });

  it("defaults to the port a reverse-proxy ambassador serves, even where it is not the Service's first", () => {
    // exposeAppPort keeps "http" first on the Service; the proxy's own port comes after it
    const beside = ingressOf(
      { ingress: { hosts: [{ host: 'orders.example.com' }] } },
      { ambassadors: [proxy({ exposeAppPort: true, targetPort: 'grpc' })] },
    );
    expect(backendPorts(beside)).toEqual([{ name: 'http-proxy' }]);
    // in the app port's place: the same name as the port it fronts
    const replacing = ingressOf(
      { ingress: { hosts: [{ host: 'orders.example.com' }] } },
      { ambassadors: [proxy({ targetPort: 'grpc' })] },
    );
    expect(backendPorts(replacing)).toEqual([{ name: 'grpc' }]);
  });

  it('copies the TLS block and the annotations; a wildcard host covers its subdomains', () => {
    const ingress = ingressOf({
      ingress: {
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        hosts: [{ host: '*.example.com' }, { host: 'orders.example.org' }],
        tls: [{ secretName: 'orders-tls', hosts: ['shop.example.com', 'orders.example.org'] }],
      },
    });
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com', 'orders.example.org'], secretName: 'orders-tls' }]);
  });

  it('refuses a TLS host that is not among the hosts, and a port the Service lacks, at their pointers', () => {
    const errors = errorsOf({
      ingress: {
        hosts: [{ host: 'orders.example.com', paths: [{ path: '/', port: 'admin' }] }],
        tls: [{ secretName: 'orders-tls', hosts: ['orders.example.com', 'other.example.com'] }],
      },
    });
    expect(errors).toEqual([
      {
        pointer: '/app/ingress/tls/0/hosts/1',
        detail:
          'TLS host "other.example.com" is not among the Ingress hosts (orders.example.com); add it to hosts or remove it here',
      },
      {
        pointer: '/app/ingress/hosts/0/paths/0/port',
        detail: 'the Service has no port "admin"; the Service\'s ports are "http" (80), "grpc" (9090)',
      },
    ]);
  });

  it('refuses an Ingress for an app without a Service', () => {
    const errors = errorsOf({ ports: [], ingress: { hosts: [{ host: 'orders.example.com' }] } });
    expect(errors.map((e) => e.pointer)).toEqual(['/app/ingress/hosts/0/paths/0/port']);
    expect(errors[0].detail).toContain('the app has no Service: give app.ports');
  });
});

describe('app.httpRoute', () => {
  it('attaches to the parents and sends each path prefix to the Service port number', () => {
    const route = routeOf({
      httpRoute: {
        parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }, { name: 'internal' }],
        hostnames: ['orders.example.com'],
        rules: [{ path: '/api', port: 'grpc' }, { path: '/' }],
      },
    });
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }, { name: 'internal' }],
      hostnames: ['orders.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'orders', port: 9090 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'orders', port: 80 }] },
      ],
    });
  });

  it("without rules, routes / to the reverse proxy's Service port", () => {
    const route = routeOf(
      { httpRoute: { parentRefs: [{ name: 'public' }] } },
      { ambassadors: [proxy({ exposeAppPort: true })] },
    );
    expect(route.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'orders', port: 8443 }] },
    ]);
  });

  it('refuses a rule port the Service lacks', () => {
    const errors = errorsOf({ httpRoute: { parentRefs: [{ name: 'public' }], rules: [{ port: 9999 }] } });
    expect(errors.map((e) => e.pointer)).toEqual(['/app/httpRoute/rules/0/port']);
  });
});

describe('with a NetworkPolicy', () => {
  const finding = (app: Partial<AppDto>) =>
    composeBundle({ app: ordersApp({ ports, ...app }) }).findings.filter(
      (f) => f.rule === 'app.routing-network-policy',
    );

  it('warns that the Ingress controller must be among ingressFrom when the policy admits only some peers', () => {
    const peers = [{ namespaceSelector: { matchLabels: { team: 'shop' } } }];
    const [warning] = finding({
      networkPolicy: { ingressFrom: peers },
      ingress: { hosts: [{ host: 'orders.example.com' }] },
      httpRoute: { parentRefs: [{ name: 'public' }] },
    });
    expect(warning.severity).toBe('warning');
    expect(warning.message).toContain('the Ingress and HTTPRoute works only when');
    expect(warning.message).toContain('app.networkPolicy.ingressFrom');
  });

  it('says nothing when the policy admits anyone to the Service ports, or there is no route', () => {
    expect(finding({ networkPolicy: {}, ingress: { hosts: [{ host: 'orders.example.com' }] } })).toEqual([]);
    expect(finding({ networkPolicy: { ingressFrom: [{ podSelector: {} }] } })).toEqual([]);
  });
});

describe('host matching', () => {
  it.each([
    ['a.example.com', 'a.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['a.example.com', '*.example.com', false],
  ])('%s covers %s: %s', (pattern, host, covers) => {
    expect(hostCovers(pattern, host)).toBe(covers);
  });

  it('a TLS host is served when a host covers it or it covers a host', () => {
    expect(tlsHostServed('*.example.com', ['a.example.com'])).toBe(true);
    expect(tlsHostServed('a.example.com', ['*.example.com'])).toBe(true);
    expect(tlsHostServed('a.example.org', ['*.example.com'])).toBe(false);
  });
});
