// app.autoscaling and app.networkPolicy over HTTP: the objects in the bundle and the chart, 400s
// with pointers for bad input (field grammar from the DTOs, cross-field rules from the core), and
// the validator's report on bundles with HPAs and NetworkPolicies.
import { gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { schemaErrors } from './support/k8s-models.js';
import { startTestApp } from './support/app.js';
import { ordersApp } from './support/orders-app.js';

type Obj = Record<string, any>;

const ORDERS = () => ({
  app: {
    ...ordersApp(),
    autoscaling: {
      minReplicas: 2,
      maxReplicas: 8,
      targetCPUUtilizationPercentage: 75,
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
    networkPolicy: {
      ingressFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
      egress: 'restricted',
      extraEgress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432 }] }],
    },
  } as Obj,
  ambassadors: [
    { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', listenPort: 9000 },
  ],
  adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
});

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (path: string, body: unknown) =>
  request(app.getHttpServer())
    .post(path)
    .send(body as object);
const find = (manifests: Obj[], kind: string): Obj => manifests.find((m) => m.kind === kind) ?? {};

/** The 400's pointers and details. */
async function invalid(body: unknown): Promise<{ pointer: string; detail: string }[]> {
  const res = await post('/v1/bundles', body);
  expect(res.status, res.text).toBe(400);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return JSON.parse(res.text).errors;
}

function withApp(change: (app: Obj) => void) {
  const body = ORDERS();
  change(body.app);
  return body;
}

describe('POST /v1/bundles with autoscaling and a NetworkPolicy', () => {
  it('returns the HPA and the NetworkPolicy, valid Kubernetes objects, and no error finding', async () => {
    const res = await post('/v1/bundles', ORDERS()).expect(200);
    const { manifests, findings } = res.body as { manifests: Obj[]; findings: Obj[] };
    expect(manifests.map((m) => m.kind)).toEqual([
      'NetworkPolicy',
      'ServiceAccount',
      'ConfigMap',
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]);
    for (const object of manifests) expect(schemaErrors(object as never), object.kind).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(find(manifests, 'Deployment').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler').spec.metrics[0].containerResource).toEqual({
      name: 'cpu',
      container: 'orders',
      target: { type: 'Utilization', averageUtilization: 75 },
    });
    const policy = find(manifests, 'NetworkPolicy');
    expect(policy.spec.ingress.map((r: Obj) => r.ports.map((p: Obj) => p.port))).toEqual([['http'], ['metrics']]);
    expect(policy.spec.egress.map((r: Obj) => r.ports.map((p: Obj) => `${p.port}/${p.protocol}`))).toEqual([
      ['53/UDP', '53/TCP'],
      ['443/TCP'],
      ['5432/TCP'],
    ]);
  });

  it('feeds back through the validator as valid, with no finding of the HPA and NetworkPolicy rules', async () => {
    const bundle = (await post('/v1/bundles', ORDERS()).expect(200)).body;
    const report = (await post('/v1/validations', { manifests: bundle.manifests }).expect(200)).body;
    expect(report.valid).toBe(true);
    expect(report.findings.filter((f: Obj) => /^(hpa|netpol)\./.test(f.rule))).toEqual([]);
  });

  it('puts autoscaling and networkPolicy blocks into the chart values, enabled', async () => {
    const res = await post('/v1/charts', ORDERS())
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const tar = gunzipSync(res.body as Buffer).toString('latin1');
    for (const file of ['templates/hpa.yaml', 'templates/networkpolicy.yaml']) expect(tar).toContain(`orders/${file}`);
    expect(tar).toContain('autoscaling:\n  enabled: true\n');
    expect(tar).toContain('networkPolicy:\n  enabled: true\n');
  });
});

describe('400 with pointers', () => {
  it('field grammar: replica bounds, utilisation range, egress mode, CIDR, unknown fields', async () => {
    expect(
      await invalid(
        withApp((a) => {
          a.autoscaling = {
            minReplicas: 0,
            maxReplicas: 3,
            targetCPUUtilizationPercentage: 0,
            behavior: { scaleDown: { stabilizationWindowSeconds: 4000 } },
          };
          a.networkPolicy = {
            egress: 'closed',
            ingressFrom: [{ ipBlock: { cidr: 'ten.0.0.0/8' } }],
            metricsFrom: [],
            extraEgress: [{ ports: [{ port: 5432 }], from: [] }],
          };
        }),
      ),
    ).toEqual([
      { pointer: '/app/autoscaling/minReplicas', detail: 'minReplicas must not be less than 1' },
      {
        pointer: '/app/autoscaling/targetCPUUtilizationPercentage',
        detail: 'targetCPUUtilizationPercentage must not be less than 1',
      },
      {
        pointer: '/app/autoscaling/behavior/scaleDown/stabilizationWindowSeconds',
        detail: 'stabilizationWindowSeconds must not be greater than 3600',
      },
      {
        pointer: '/app/networkPolicy/ingressFrom/0/ipBlock/cidr',
        detail: 'cidr must be a CIDR such as 10.0.0.0/8 or 2001:db8::/32',
      },
      { pointer: '/app/networkPolicy/metricsFrom', detail: expect.stringMatching(/at least 1/) },
      { pointer: '/app/networkPolicy/egress', detail: expect.stringMatching(/allow, restricted/) },
      { pointer: '/app/networkPolicy/extraEgress/0/from', detail: expect.stringMatching(/unknown field/) },
    ]);
  });

  it('cross-field rules: min above max, a metric without its request, replicas outside the range', async () => {
    expect(
      await invalid(
        withApp((a) => {
          a.autoscaling = { minReplicas: 4, maxReplicas: 3, targetMemoryUtilizationPercentage: 80 };
          a.resources = { requests: { cpu: '100m' } };
          a.replicas = 1;
        }),
      ),
    ).toEqual([
      { pointer: '/app/autoscaling/minReplicas', detail: 'minReplicas (4) is more than maxReplicas (3)' },
      {
        pointer: '/app/autoscaling/targetMemoryUtilizationPercentage',
        detail: expect.stringMatching(/app\.resources\.requests\.memory/),
      },
      { pointer: '/app/replicas', detail: expect.stringMatching(/must lie in that range/) },
    ]);
    expect(await invalid(withApp((a) => (a.autoscaling = { minReplicas: 1, maxReplicas: 3 })))).toEqual([
      { pointer: '/app/autoscaling', detail: expect.stringMatching(/at least one metric/) },
    ]);
  });

  it('cross-field rules: peers, selector expressions and egress options that need restricted egress', async () => {
    expect(
      await invalid(
        withApp((a) => {
          a.networkPolicy = {
            ingressFrom: [
              {},
              { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
              { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } },
            ],
            dnsTo: [{ podSelector: {} }],
          };
        }),
      ),
    ).toEqual([
      {
        pointer: '/app/networkPolicy/ingressFrom/0',
        detail: expect.stringMatching(/namespaceSelector and\/or podSelector, or ipBlock/),
      },
      { pointer: '/app/networkPolicy/ingressFrom/1/ipBlock', detail: expect.stringMatching(/cannot be combined/) },
      {
        pointer: '/app/networkPolicy/ingressFrom/2/podSelector/matchExpressions/0/values',
        detail: 'operator In needs at least one value',
      },
      { pointer: '/app/networkPolicy/dnsTo', detail: expect.stringMatching(/only with egress "restricted"/) },
    ]);
  });
});

describe('POST /v1/validations with HPAs and NetworkPolicies', () => {
  it('reports an HPA whose target lacks the requests, the replicas it fights over and a policy without DNS', async () => {
    const labels = { app: 'web' };
    const manifests = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
        },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 5,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          ],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web' },
        spec: { podSelector: { matchLabels: labels }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] },
      },
    ];
    const res = await request(app.getHttpServer())
      .post('/v1/validations')
      .set('content-type', 'application/yaml')
      .send(manifests.map((m) => stringify(m)).join('---\n'))
      .expect(200);
    expect(res.body.valid).toBe(false);
    const ours = res.body.findings
      .filter((f: Obj) => /^(hpa|netpol)\./.test(f.rule))
      .map((f: Obj) => [f.rule, f.severity, f.resource.kind, f.path, typeof f.line]);
    expect(ours).toEqual([
      ['hpa.requests', 'error', 'HorizontalPodAutoscaler', '/spec/metrics/0', 'number'],
      ['hpa.workload-replicas', 'warning', 'Deployment', '/spec/replicas', 'number'],
      ['netpol.dns', 'warning', 'NetworkPolicy', '/spec/egress', 'number'],
    ]);
  });

  it("serves the new rules' pages", async () => {
    for (const id of ['hpa.target', 'hpa.requests', 'hpa.replicas', 'hpa.workload-replicas', 'netpol.dns']) {
      const page = (await request(app.getHttpServer()).get(`/v1/rules/${id}`).expect(200)).body;
      expect(page.id).toBe(id);
      expect(page.examples.failing).toMatch(/kind: (HorizontalPodAutoscaler|NetworkPolicy)/);
    }
  });
});
