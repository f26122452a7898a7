// The MongoDB StatefulSet story end to end, over HTTP as a client tells it: the request in
// examples/mongodb-statefulset.json makes a bundle (200) with a headless Service giving each member a
// stable name, a claim per member, the MongoDB exporter reading its URI from a Secret, a log
// forwarder tailing mongod's own log file and a PodDisruptionBudget; the validator finds no error in
// it at restricted level; its chart passes `helm lint --strict` and `helm template` renders the same
// objects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/core/model/bundle.js';
import { comparable, helm, lintSection, template, writeTemp } from './charts/helm-run.js';
import { REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';

type Obj = Record<string, any>;
const body = JSON.parse(readFileSync(join(REPO_EXAMPLES_DIR, 'mongodb-statefulset.json'), 'utf8'));
let app: NestFastifyApplication;
let manifests: K8sObject[];
let yaml: string;

const find = (kind: string, name: string) => manifests.find((o) => o.kind === kind && o.metadata?.name === name) as Obj;
const pod = () => find('StatefulSet', 'catalog-db').spec.template;
const container = (name: string) =>
  [...(pod().spec.initContainers ?? []), ...pod().spec.containers].find((c: Obj) => c.name === name);

beforeAll(async () => {
  app = await startTestApp();
  const json = await request(app.getHttpServer()).post('/v1/bundles').send(body);
  expect(json.status, json.text).toBe(200);
  manifests = json.body.manifests;
  yaml = (
    await request(app.getHttpServer()).post('/v1/bundles').set('accept', 'application/yaml').send(body).expect(200)
  ).text;
});
afterAll(async () => {
  await app?.close();
});

describe('the MongoDB StatefulSet story', () => {
  it('is a StatefulSet of 3 behind a headless Service: stable names catalog-db-<n>.catalog-db-headless.data.svc', () => {
    const set = find('StatefulSet', 'catalog-db');
    expect(set.metadata.namespace).toBe('data');
    expect(set.spec).toMatchObject({
      serviceName: 'catalog-db-headless',
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
    });
    const headless = find('Service', 'catalog-db-headless');
    expect(headless.spec).toMatchObject({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: set.spec.selector.matchLabels,
    });
    expect(headless.spec.ports).toEqual([{ name: 'mongo', port: 27017, targetPort: 'mongo', protocol: 'TCP' }]);
    // clients use the ordinary Service; Prometheus scrapes the exporter through it too
    expect(find('Service', 'catalog-db').spec.ports.map((p: Obj) => p.name)).toEqual(['mongo', 'metrics']);
  });

  it('gives each member its own claim, mounted where mongod keeps its data', () => {
    const claim = find('StatefulSet', 'catalog-db').spec.volumeClaimTemplates;
    expect(claim).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'data' }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      }),
    ]);
    expect(container('catalog-db').volumeMounts).toContainEqual({ name: 'data', mountPath: '/data/db' });
    expect(pod().spec.volumes.map((v: Obj) => v.name)).not.toContain('data');
  });

  it('runs the MongoDB exporter as an adapter with its URI only from the Secret', () => {
    const exporter = container('exporter');
    expect(exporter.image).toBe('docker.io/percona/mongodb_exporter:0.43.1');
    expect(exporter.env).toEqual([
      { name: 'MONGODB_URI', valueFrom: { secretKeyRef: { name: 'catalog-db-monitor', key: 'uri' } } },
    ]);
    expect(yaml).not.toMatch(/mongodb:\/\//);
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9216, protocol: 'TCP' }]);
    expect(pod().metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9216' });
  });

  it("forwards mongod's own log file: --logpath lies in the directory the forwarder tails, shared read-only", () => {
    const args: string[] = container('catalog-db').args;
    const logPath = args[args.indexOf('--logpath') + 1];
    const config = find('ConfigMap', 'catalog-db-logs').data['fluent-bit.conf'];
    const tailed = /Path\s+(\S+)/.exec(config)![1];
    expect(logPath).toBe('/var/log/mongodb/mongod.log');
    expect(tailed).toBe('/var/log/mongodb/*.log');
    const mongodMount = container('catalog-db').volumeMounts.find((m: Obj) => m.mountPath === '/var/log/mongodb');
    expect(container('logs').volumeMounts).toContainEqual({
      name: mongodMount.name,
      mountPath: '/var/log/mongodb',
      readOnly: true,
    });
    expect(mongodMount.readOnly).toBeUndefined();
    expect(config).toMatch(/Name\s+forward\n\s+Match\s+\*\n\s+Host\s+fluentd\.logging\.svc\n\s+Port\s+24224/);
  });

  it('keeps at most one member down in voluntary disruptions', () => {
    expect(find('PodDisruptionBudget', 'catalog-db').spec).toEqual({
      maxUnavailable: 1,
      selector: find('StatefulSet', 'catalog-db').spec.selector,
    });
  });

  it('passes the validator at restricted level (Kubernetes 1.31), with no warning either', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/validations?kubernetesVersion=1.31&podSecurity=restricted')
      .set('content-type', 'application/yaml')
      .send(yaml)
      .expect(200);
    expect(res.body.profile).toBe('restricted:v1.31');
    expect(res.body.findings.filter((f: Obj) => f.severity !== 'info')).toEqual([]);
    expect(res.body.valid).toBe(true);
  });

  it('has a chart that passes helm lint --strict and renders exactly the same objects', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/charts')
      .send(body)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const path = writeTemp('catalog-db-story-0.1.0.tgz', res.body as Buffer);
    const lint = await helm(['lint', '--strict', path]);
    expect(lintSection(lint.stdout, path), lint.stdout + lint.stderr).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(lint.code).toBe(0);
    const rendered = await template(path, 'catalog-db', 'data');
    expect(comparable(rendered.objects)).toEqual(comparable(manifests));
  });
});
