// A real first workload (test/support/real-workload-request.ts: private registry, envFrom,
// scheduling, PriorityClass, workload identity, volumes of its own, one mounted by a custom
// sidecar) through the HTTP API: the bundle has what was asked where Kubernetes expects it, every
// object passes kubernetes-models, the validator finds no error, the chart lints --strict and the
// real helm renders the same objects; the same request as YAML gives the same bytes.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { K8sObject } from '../src/core/model/bundle.js';
import { comparable, helm, template, writeTemp } from './charts/helm-run.js';
import { startTestApp } from './support/app.js';
import { schemaErrors } from './support/k8s-models.js';
import { realWorkloadRequest } from './support/real-workload-request.js';

type Obj = Record<string, any>;

let app: NestFastifyApplication;
let bundle: Obj;
let bundleText: string;
let chartPath: string;
beforeAll(async () => {
  app = await startTestApp();
  const res = await http().post('/v1/bundles').send(realWorkloadRequest()).expect(200);
  bundle = res.body;
  bundleText = res.text;
  const chart = await http()
    .post('/v1/charts')
    .send(realWorkloadRequest())
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  chartPath = writeTemp('payments-real-workload.tgz', chart.body as Buffer);
});
afterAll(async () => {
  await app?.close();
});

const http = () => request(app.getHttpServer());
const byKind = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind) as Obj;
const podSpecOf = (objects: K8sObject[]) => byKind(objects, 'Deployment').spec.template.spec;

describe('a request with every pod-level field', () => {
  it('is reached through an Ingress with its TLS block and an HTTPRoute, both to the app Service', () => {
    const service = byKind(bundle.manifests, 'Service');
    const servicePort = service.spec.ports.find((p: Obj) => p.name === 'http');
    const ingress = byKind(bundle.manifests, 'Ingress');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'payments.acme.example',
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: service.metadata.name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
      tls: [{ secretName: 'payments-ingress-tls', hosts: ['payments.acme.example'] }],
    });
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '2m' });
    const route = byKind(bundle.manifests, 'HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateways', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['payments.acme.example']);
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.rules[0].backendRefs).toEqual([
      expect.objectContaining({ name: service.metadata.name, port: servicePort.port }),
    ]);
  });

  it('puts each field into the pod where Kubernetes reads it', () => {
    const spec = podSpecOf(bundle.manifests);
    const given = realWorkloadRequest().app;
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror-cred' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.acme.example/pool': 'payments' });
    expect(spec.tolerations).toEqual(given.tolerations);
    expect(spec.affinity).toEqual(given.affinity);
    expect(spec.topologySpreadConstraints).toEqual(given.topologySpreadConstraints);
    expect(spec.priorityClassName).toBe('business-critical');
    const main = spec.containers[0];
    expect(main.envFrom).toEqual([
      { configMapRef: { name: 'payments-settings' } },
      { secretRef: { name: 'payments-db', optional: false }, prefix: 'DB_' },
    ]);
    expect(main.volumeMounts).toEqual([
      { name: 'payments-tmp', mountPath: '/tmp' },
      { name: 'tls', mountPath: '/etc/payments/tls', readOnly: true },
      { name: 'settings', mountPath: '/etc/payments/settings.yaml', subPath: 'settings.yaml' },
      { name: 'receipts', mountPath: '/var/lib/payments/receipts' },
      { name: 'scratch', mountPath: '/var/cache/payments' },
    ]);
    const volumes = Object.fromEntries(spec.volumes.map((v: Obj) => [v.name, v]));
    expect(volumes.tls.secret).toEqual({
      secretName: 'payments-tls',
      items: [
        { key: 'tls.crt', path: 'tls.crt' },
        { key: 'tls.key', path: 'tls.key', mode: 0o400 },
      ],
    });
    expect(volumes.receipts).toEqual({ name: 'receipts', persistentVolumeClaim: { claimName: 'payments-receipts' } });
    expect(volumes.scratch).toEqual({ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    // the custom sidecar mounts the app's volume by its name
    const helper = [...(spec.initContainers ?? []), ...spec.containers].find((c: Obj) => c.name === 'receipt-uploader');
    expect(helper.volumeMounts).toEqual([{ name: 'receipts', mountPath: '/receipts', readOnly: true }]);
    expect(byKind(bundle.manifests, 'ServiceAccount').metadata.annotations).toEqual(given.serviceAccount!.annotations);
  });

  it('passes kubernetes-models validation, object by object', () => {
    for (const object of bundle.manifests as K8sObject[]) {
      expect(schemaErrors(object), `${object.kind}/${object.metadata?.name}`).toEqual([]);
    }
  });

  it('passes the validator with no error finding', async () => {
    const report = (await http().post('/v1/validations').send({ manifests: bundle.manifests }).expect(200)).body;
    expect(report.findings.filter((f: Obj) => f.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('gives the same bytes when sent as YAML', async () => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/v1/bundles',
        headers: { 'content-type': 'application/yaml' },
        payload: stringify(realWorkloadRequest(), { version: '1.1' }),
      });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(bundleText);
  });
});

describe('its chart', () => {
  it('passes helm lint --strict', async () => {
    const result = await helm(['lint', '--strict', chartPath]);
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it('renders exactly the bundle with its default values', async () => {
    const rendered = await template(chartPath, 'payments', 'billing');
    expect(comparable(rendered.objects)).toEqual(comparable(bundle.manifests));
  });
});
