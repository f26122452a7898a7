// POST /v1/bundles over HTTP: representations, determinism, ETag, and objects that pass the
// Kubernetes schema.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { schemaErrors } from './support/k8s-models.js';
import { startTestApp } from './support/app.js';

const ORDERS = {
  app: {
    name: 'orders',
    namespace: 'shop',
    image: 'ghcr.io/acme/orders:1.4.2',
    replicas: 2,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    probes: { readiness: { httpGet: { path: '/ready', port: 'http' } }, liveness: { tcpSocket: { port: 8080 } } },
    labels: { team: 'checkout' },
  },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
  target: { kubernetesVersion: '1.33' },
};

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (body: unknown, accept?: string) => {
  const req = request(app.getHttpServer()).post('/v1/bundles');
  if (accept !== undefined) req.set('accept', accept);
  return req.send(body as object);
};

describe('POST /v1/bundles', () => {
  it('returns digest, manifests, findings and summary as JSON, with the digest as ETag', async () => {
    const res = await post(ORDERS).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.body)).toEqual(['digest', 'manifests', 'findings', 'summary']);
    expect(res.body.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(res.headers.etag).toBe(`"${res.body.digest}"`);
    expect(res.headers.vary).toBe('Accept');
    expect(res.body.summary.workload).toEqual({ kind: 'Deployment', name: 'orders' });
    expect(res.body.summary.containers.map((c: { name: string; role: string }) => `${c.name}:${c.role}`)).toEqual([
      'orders:main',
      'logs:sidecar',
    ]);
    const kinds = res.body.manifests.map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['ServiceAccount', 'ConfigMap', 'Service', 'Deployment', 'PodDisruptionBudget']),
    );
    expect(res.body.findings.every((f: { severity: string }) => f.severity !== 'error')).toBe(true);
  });

  it('passes the request through to the workload (env from a Secret, probes by port name, labels)', async () => {
    const res = await post(ORDERS).expect(200);
    const deployment = res.body.manifests.find((m: { kind: string }) => m.kind === 'Deployment');
    const main = deployment.spec.template.spec.containers.find((c: { name: string }) => c.name === 'orders');
    expect(main.env).toEqual(ORDERS.app.env);
    expect(main.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(deployment.metadata.labels.team).toBe('checkout');
    expect(deployment.metadata.namespace).toBe('shop');
  });

  it('returns only objects that pass kubernetes-models validation', async () => {
    const res = await post(ORDERS).expect(200);
    for (const object of res.body.manifests) {
      expect(schemaErrors(object), `${object.kind}/${object.metadata.name}`).toEqual([]);
    }
  });

  it('gives byte-identical bodies and the same ETag for identical requests', async () => {
    const [a, b] = [await post(ORDERS).expect(200), await post(ORDERS).expect(200)];
    expect(b.text).toBe(a.text);
    expect(b.headers.etag).toBe(a.headers.etag);
    const [ya, yb] = [
      await post(ORDERS, 'application/yaml').expect(200),
      await post(ORDERS, 'application/yaml').expect(200),
    ];
    expect(yb.text).toBe(ya.text);
  });

  it('has as digest and ETag the sha256 of the YAML body, which holds every object of the JSON (ConfigMaps too)', async () => {
    const json = await post(ORDERS).expect(200);
    const yaml = await post(ORDERS, 'application/yaml').expect(200);
    const recomputed = `sha256:${createHash('sha256').update(yaml.text, 'utf8').digest('hex')}`;
    expect(json.body.digest).toBe(recomputed);
    expect([json.headers.etag, yaml.headers.etag]).toEqual([`"${recomputed}"`, `"${recomputed}"`]);
    const documents = parseAllDocuments(yaml.text).map((d) => d.toJS());
    expect(documents).toEqual(json.body.manifests);
    expect(documents.filter((d) => d.kind === 'ConfigMap').map((d) => d.metadata.name)).toEqual(['orders-logs']);
  });

  it('gives a different digest for a different request', async () => {
    const other = { ...ORDERS, app: { ...ORDERS.app, replicas: 3 } };
    const [a, b] = [await post(ORDERS).expect(200), await post(other).expect(200)];
    expect(b.body.digest).not.toBe(a.body.digest);
  });

  it('answers Accept: application/yaml with multi-document YAML describing the same objects as the JSON', async () => {
    const json = await post(ORDERS).expect(200);
    const yaml = await post(ORDERS, 'application/yaml').expect(200);
    expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(yaml.headers.etag).toBe(json.headers.etag);
    expect(yaml.text.startsWith('---\n')).toBe(true);
    const documents = parseAllDocuments(yaml.text);
    expect(documents.every((d) => d.errors.length === 0)).toBe(true);
    expect(documents.map((d) => d.toJS())).toEqual(json.body.manifests);
  });

  it.each(['text/yaml', 'application/x-yaml'])('accepts %s as a YAML type and answers with it', async (type) => {
    const res = await post(ORDERS, type).expect(200);
    expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    expect(parseAllDocuments(res.text).length).toBeGreaterThan(3);
  });

  it('follows Accept preferences: q-values, wildcards, and JSON by default', async () => {
    const typeFor = async (accept?: string) => (await post(ORDERS, accept).expect(200)).headers['content-type'];
    expect(await typeFor()).toMatch(/^application\/json/);
    expect(await typeFor('*/*')).toMatch(/^application\/json/);
    expect(await typeFor('application/*')).toMatch(/^application\/json/);
    expect(await typeFor('application/json;q=0.5, application/yaml')).toMatch(/^application\/yaml/);
    expect(await typeFor('text/html, text/*;q=0.8')).toMatch(/^text\/yaml/);
  });

  it('takes null in an optional field as the field left out', async () => {
    const withNulls = {
      app: { ...ORDERS.app, namespace: null, labels: null },
      sidecars: [
        {
          preset: 'custom',
          name: 'helper',
          image: 'ghcr.io/acme/helper:1.0.0',
          env: [{ name: 'MODE', value: 'fast', valueFrom: null }],
        },
      ],
      target: null,
    };
    const withoutNulls = {
      app: { ...ORDERS.app, namespace: undefined, labels: undefined },
      sidecars: [
        {
          preset: 'custom',
          name: 'helper',
          image: 'ghcr.io/acme/helper:1.0.0',
          env: [{ name: 'MODE', value: 'fast' }],
        },
      ],
    };
    const [a, b] = [await post(withNulls), await post(withoutNulls)];
    expect(a.status, a.text).toBe(200);
    expect(a.text).toBe(b.text);
  });

  it('builds a StatefulSet with storage at an older target version', async () => {
    const body = {
      app: {
        name: 'db',
        image: 'mongo:7.0.14',
        workload: 'StatefulSet',
        ports: [{ name: 'mongo', containerPort: 27017 }],
        storage: { mountPath: '/data/db', size: '20Gi' },
      },
      target: { kubernetesVersion: '1.28' },
    };
    const res = await post(body).expect(200);
    const sts = res.body.manifests.find((m: { kind: string }) => m.kind === 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(res.body.summary.workload).toEqual({ kind: 'StatefulSet', name: 'db' });
  });
});
