import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { routingValuesSchema } from './routing-values.js';
import { K8S_DEFINITIONS } from './k8s-value-schemas.js';

// The routing blocks of values.schema.json, checked as Helm checks values at install (draft-07). Built inside
// each test (not at load), so the mutation run knows these tests cover routingValuesSchema.
const schemas = () => routingValuesSchema();
const validate = (values: unknown) => {
  const { ingress, httpRoute } = schemas();
  return new Ajv({ strict: false, allErrors: true }).validate(
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { ingress, httpRoute },
      definitions: K8S_DEFINITIONS,
    },
    values,
  );
};
const INGRESS = {
  enabled: true,
  className: 'nginx',
  annotations: {},
  hosts: [{ host: 'shop.example.com', paths: [{ path: '/api', pathType: 'Prefix', port: 'http' }] }],
  tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }],
  port: '',
};
const ROUTE = {
  enabled: true,
  annotations: {},
  parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
  hostnames: ['shop.example.com'],
  rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], port: 8080 }],
  port: '',
};
const ingressOk = (over: Record<string, unknown>) => validate({ ingress: { ...INGRESS, ...over } });
const routeOk = (over: Record<string, unknown>) => validate({ httpRoute: { ...ROUTE, ...over } });
const path = (p: Record<string, unknown>) => ({ hosts: [{ host: 'a.example', paths: [p] }] });

describe('routingValuesSchema: the ingress block', () => {
  it('accepts the values of a request with an Ingress, and an ingress off with no hosts', () => {
    expect(ingressOk({})).toBe(true);
    expect(ingressOk({ enabled: false, hosts: [] })).toBe(true);
    expect(ingressOk({ className: '', port: 8080 })).toBe(true);
    expect(ingressOk({ port: 'http' })).toBe(true);
    expect(ingressOk(path({ path: '/', pathType: 'ImplementationSpecific', port: 443 }))).toBe(true);
    expect(ingressOk({ hosts: [{ host: '*.example.com' }] })).toBe(true);
  });

  it('refuses what the Ingress could not carry', () => {
    // enabled needs a host
    expect(ingressOk({ hosts: [] })).toBe(false);
    expect(ingressOk({ className: 'Bad_Class' })).toBe(false);
    expect(ingressOk({ className: 'a'.repeat(254) })).toBe(false);
    expect(ingressOk({ hosts: [{ paths: [] }] })).toBe(false);
    expect(ingressOk({ hosts: [{ host: 'Bad Host' }] })).toBe(false);
    expect(ingressOk({ hosts: [{ host: `${'a'.repeat(250)}.com` }] })).toBe(false);
    expect(ingressOk(path({ path: 'api' }))).toBe(false);
    expect(ingressOk(path({ path: `/${'a'.repeat(1024)}` }))).toBe(false);
    expect(ingressOk(path({ pathType: 'Regex' }))).toBe(false);
    expect(ingressOk(path({ port: 'Not_A_Port' }))).toBe(false);
    expect(ingressOk(path({ other: 1 }))).toBe(false);
    expect(ingressOk({ tls: [{ hosts: ['a.example'] }] })).toBe(false);
    expect(ingressOk({ tls: [{ secretName: 'x' }] })).toBe(false);
    expect(ingressOk({ tls: [{ secretName: 'Bad_Secret', hosts: [] }] })).toBe(false);
    expect(ingressOk({ port: 'Bad_Port' })).toBe(false);
    expect(ingressOk({ port: 0 })).toBe(false);
    expect(ingressOk({ extra: true })).toBe(false);
    const { tls: _tls, ...withoutTls } = INGRESS;
    expect(validate({ ingress: withoutTls })).toBe(false);
  });

  it('describes every key (the chart README shows these descriptions)', () => {
    const { ingress } = schemas();
    expect(ingress.description).toBe("the Ingress to the app's Service");
    const p = ingress.properties as Record<string, Record<string, unknown>>;
    expect(p.enabled!.description).toBe('make a networking.k8s.io/v1 Ingress to the Service');
    expect(p.className!.description).toBe('the IngressClass ("" for the cluster default)');
    expect(p.annotations!.description).toBe('annotations on the Ingress');
    expect(p.hosts!.description).toBe('the hosts and their paths');
    expect(p.tls!.description).toBe('TLS Secrets and their hosts ([] for plain HTTP)');
    expect(p.port!.description).toMatch(/^the Service port a path without its own goes to/);
  });
});

describe('routingValuesSchema: the httpRoute block', () => {
  it('accepts the values of a request with an HTTPRoute, and a route off with no parents', () => {
    expect(routeOk({})).toBe(true);
    expect(routeOk({ enabled: false, parentRefs: [] })).toBe(true);
    expect(routeOk({ port: 8080, rules: [{}], hostnames: [] })).toBe(true);
    expect(routeOk({ parentRefs: [{ name: 'gw' }] })).toBe(true);
  });

  it('refuses what the HTTPRoute could not carry', () => {
    expect(routeOk({ parentRefs: [] })).toBe(false);
    expect(routeOk({ parentRefs: [{ namespace: 'gateways' }] })).toBe(false);
    expect(routeOk({ parentRefs: [{ name: 'Bad_Gateway' }] })).toBe(false);
    expect(routeOk({ parentRefs: [{ name: 'gw', namespace: 'a'.repeat(64) }] })).toBe(false);
    expect(routeOk({ parentRefs: [{ name: 'gw', sectionName: 'Bad Section' }] })).toBe(false);
    expect(routeOk({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example`) })).toBe(false);
    expect(routeOk({ hostnames: Array.from({ length: 16 }, (_, i) => `h${i}.example`) })).toBe(true);
    expect(routeOk({ rules: [] })).toBe(false);
    expect(routeOk({ rules: Array.from({ length: 17 }, () => ({})) })).toBe(false);
    expect(routeOk({ rules: [{ port: 'http' }] })).toBe(false);
    expect(routeOk({ rules: [{ matches: ['/'] }] })).toBe(false);
    expect(routeOk({ rules: [{ filters: [1] }] })).toBe(false);
    expect(routeOk({ port: 'http' })).toBe(false);
    expect(routeOk({ extra: true })).toBe(false);
  });

  it('refuses each block without any one of its keys', () => {
    for (const [block, full] of [
      ['ingress', INGRESS],
      ['httpRoute', ROUTE],
    ] as const) {
      for (const key of Object.keys(full)) {
        const { [key]: _gone, ...rest } = full as Record<string, unknown>;
        expect({ block, key, ok: validate({ [block]: rest }) }).toEqual({ block, key, ok: false });
      }
    }
  });

  it('describes every key', () => {
    const { httpRoute } = schemas();
    expect(httpRoute.description).toBe('the Gateway API HTTPRoute to the Service');
    const p = httpRoute.properties as Record<string, Record<string, unknown>>;
    expect(p.enabled!.description).toBe('make a gateway.networking.k8s.io/v1 HTTPRoute to the Service');
    expect(p.annotations!.description).toBe('annotations on the HTTPRoute');
    expect(p.parentRefs!.description).toBe('the Gateways the route attaches to (at least one when enabled)');
    expect(p.hostnames!.description).toBe("host names the route serves ([] for the listeners' own)");
    expect(p.rules!.description).toBe('rules: what they match and the Service port it goes to');
    expect(p.port!.description).toMatch(/^the Service port number a rule without its own goes to/);
  });
});

describe('routingValuesSchema: descriptions', () => {
  it('every key at every depth has a description (the README parameters table shows them)', () => {
    const { ingress, httpRoute } = schemas();
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof child.description !== 'string' || child.description === '') missing.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      if (n.items) walk(n.items, `${at}[]`);
    };
    walk(ingress, 'ingress');
    walk(httpRoute, 'httpRoute');
    expect(missing).toEqual([]);
    const paths = (ingress.properties as any).hosts.items.properties.paths;
    expect(paths.description).toBe('paths of the host (default: / as a Prefix)');
    expect(paths.items.properties.pathType).toEqual({
      type: 'string',
      enum: ['Prefix', 'Exact', 'ImplementationSpecific'],
      description: 'default Prefix',
    });
  });
});
