// The adapter presets over HTTP: an exporter bundle comes back whole (Service metrics port,
// ServiceMonitor), an inline credential is a 400 that says to use a Secret, and an adapter that
// scrapes a port the app does not have is a 422 with the finding.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../support/k8s-models.js';
import { startTestApp } from '../support/app.js';

const APP = { name: 'cache', namespace: 'data', image: 'redis:7.2.5', ports: [{ name: 'redis', containerPort: 6379 }] };

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (adapters: unknown[]) => request(app.getHttpServer()).post('/v1/bundles').send({ app: APP, adapters });

describe('POST /v1/bundles with adapters', () => {
  it('returns the exporter, its Service port and a ServiceMonitor, every object schema-valid', async () => {
    const res = await post([
      {
        preset: 'prometheus-exporter',
        name: 'cache-metrics',
        source: 'redis',
        password: { secretName: 'cache-auth', key: 'password' },
        serviceMonitor: { enabled: true, interval: '30s' },
      },
      {
        preset: 'log-normalizer',
        name: 'log-shape',
        logDir: '/var/log/redis',
        parser: 'regex',
        regex: '^(?<pid>\\d+):(?<role>[XCSM]) (?<time>[^*#.-]+) [*#.-] (?<message>.*)$',
      },
    ]);
    expect(res.status).toBe(200);
    const manifests = res.body.manifests as { kind: string; metadata: { name: string }; spec: any }[];
    for (const o of manifests) expect(schemaErrors(o as any)).toEqual([]);
    expect(manifests.map((o) => o.kind)).toContain('ServiceMonitor');
    const service = manifests.find((o) => o.kind === 'Service')!;
    expect(service.spec.ports).toContainEqual({ name: 'metrics', port: 9121, targetPort: 'metrics', protocol: 'TCP' });
    const pod = manifests.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    const exporter = pod.containers.find((c: any) => c.name === 'cache-metrics');
    expect(exporter.env).toContainEqual({
      name: 'REDIS_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'cache-auth', key: 'password' } },
    });
    expect(pod.containers.map((c: any) => c.name)).toEqual(['cache', 'cache-metrics', 'log-shape']);
  });

  it('is a 400 naming the field and saying to use a Secret for an inline password', async () => {
    const res = await post([
      { preset: 'prometheus-exporter', name: 'cache-metrics', source: 'redis', password: 'swordfish-123' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/adapters/0/password', detail: expect.stringMatching(/Secret/) }]);
    expect(JSON.stringify(res.body)).not.toContain('swordfish-123');
  });

  it('is a 400 for a connection URI with user:password@', async () => {
    const res = await post([
      {
        preset: 'prometheus-exporter',
        name: 'db-metrics',
        source: 'postgres',
        connection: 'postgresql://monitor:swordfish-123@127.0.0.1:5432/app',
      },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/adapters/0/connection', detail: expect.stringMatching(/credentials.*Secret/) },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('swordfish-123');
  });

  it('is a 422 with the finding when the adapter scrapes a port the app does not have', async () => {
    const res = await post([{ preset: 'prometheus-exporter', name: 'cache-metrics', source: 'redis', port: 'cache' }]);
    expect(res.status).toBe(422);
    expect(res.body.findings).toEqual([
      expect.objectContaining({ rule: 'pattern.adapter-scrape-target', severity: 'error' }),
    ]);
  });
});
