// POST /v1/charts over HTTP: a gzip attachment named <name>-<version>.tgz, the same bytes for the
// same request, Chart.yaml from the chart options, problem+json for bad input, and a tarball that
// the real helm renders into exactly what POST /v1/bundles returns for the same request.
import { gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApp } from '../support/app.js';
import { ordersRequest } from './chart-requests.js';
import { comparable, template, writeTemp } from './helm-run.js';
import { chartTarball } from '../support/validated.js';

const ORDERS = ordersRequest();

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const post = (body: unknown) =>
  request(app.getHttpServer())
    .post('/v1/charts')
    .buffer(true)
    .parse(binary as never)
    .send(body as object);

async function entries(tgz: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks).toString('utf8'));
    }
  })();
  extract.end(gunzipSync(tgz));
  await done;
  return files;
}

describe('POST /v1/charts', () => {
  it('returns the chart as a gzip attachment named <name>-<version>.tgz, the same bytes each time', async () => {
    const [a, b] = await Promise.all([post(ORDERS).expect(200), post(ORDERS).expect(200)]);
    expect(a.headers['content-type']).toBe('application/gzip');
    expect(a.headers['content-disposition']).toBe('attachment; filename="orders-0.1.0.tgz"');
    expect(a.headers.etag).toMatch(/^"sha256:[0-9a-f]{64}"$/);
    expect(Buffer.compare(a.body, b.body)).toBe(0);
    expect(Buffer.compare(a.body, (await chartTarball(structuredClone(ORDERS))).tarball)).toBe(0);
    const files = await entries(a.body);
    expect([...files.keys()].every((name) => name.startsWith('orders/'))).toBe(true);
    expect(parse(files.get('orders/Chart.yaml')!)).toMatchObject({
      apiVersion: 'v2',
      name: 'orders',
      version: '0.1.0',
      appVersion: '1.4.2',
      type: 'application',
    });
  });

  it('takes version, appVersion and description for Chart.yaml', async () => {
    const res = await post({
      ...ORDERS,
      chart: { version: '1.2.3-rc.1', appVersion: '2026.05', description: 'Orders with logs and metrics' },
    }).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="orders-1.2.3-rc.1.tgz"');
    const chart = parse((await entries(res.body)).get('orders/Chart.yaml')!);
    expect(chart).toMatchObject({
      version: '1.2.3-rc.1',
      appVersion: '2026.05',
      description: 'Orders with logs and metrics',
    });
  });

  it('renders, with the real helm, exactly what POST /v1/bundles returns for the same request', async () => {
    const [chart, bundle] = await Promise.all([
      post(ORDERS).expect(200),
      request(app.getHttpServer()).post('/v1/bundles').send(ORDERS).expect(200),
    ]);
    const path = writeTemp('e2e-orders.tgz', chart.body);
    const rendered = await template(path, 'orders', 'shop');
    expect(comparable(rendered.objects)).toEqual(comparable(bundle.body.manifests));
  });

  it.each([
    [{ version: '1.0' }, '/chart/version'],
    [{ version: '01.2.3' }, '/chart/version'],
    [{ appVersion: 'two\nlines' }, '/chart/appVersion'],
    [{ name: 'other' }, '/chart/name'],
  ])('refuses chart %j with a 400 pointing at %s', async (chart, pointer) => {
    const res = await request(app.getHttpServer())
      .post('/v1/charts')
      .send({ ...ORDERS, chart })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('answers a request the bundle rules refuse with 422 and the findings', async () => {
    const body = {
      ...ORDERS,
      adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'nginx', port: 'status' }],
    };
    const res = await request(app.getHttpServer()).post('/v1/charts').send(body).expect(422);
    expect(res.body.findings.length).toBeGreaterThan(0);
  });

  it('answers an Accept it cannot serve with 406', async () => {
    await request(app.getHttpServer()).post('/v1/charts').set('accept', 'application/json').send(ORDERS).expect(406);
  });
});
