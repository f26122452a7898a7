// Input a new user might send to /v1/validations by mistake or on purpose: each is a 4xx
// problem+json, answered quickly (nothing is expanded or read past the limits), and the service
// keeps answering afterwards.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: info\n';

/** A billion-laughs document: ten levels of nine aliases each (10^9 strings if expanded). */
function aliasBomb(): string {
  let text = `${CONFIG_MAP}lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i <= 10; i++)
    text += `lol${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

// Generous bound: each of these is refused in milliseconds; expanding or parsing the whole input
// would take seconds or exhaust memory instead.
const QUICK_MS = 3000;

interface Case {
  name: string;
  contentType: string;
  body: string | Buffer;
  status: number;
  detail: RegExp;
}

const cases: Case[] = [
  {
    name: 'text that is not YAML (a syntax error)',
    contentType: 'application/yaml',
    body: 'apiVersion: v1\nkind: [ConfigMap\nmetadata: {name: a',
    status: 400,
    detail: /parse\.yaml: document 1, line \d+, column \d+/,
  },
  {
    name: 'an HTML page',
    contentType: 'application/yaml',
    body: '<!doctype html><html><body>hello</body></html>',
    status: 400,
    detail: /must be a mapping .* not a scalar/,
  },
  { name: 'YAML that is a scalar', contentType: 'application/yaml', body: '42', status: 400, detail: /not a scalar/ },
  {
    name: 'YAML that is a sequence of manifests',
    contentType: 'application/yaml',
    body: `- ${CONFIG_MAP.split('\n').join('\n  ')}`,
    status: 400,
    detail: /not a sequence/,
  },
  {
    name: 'an empty YAML body',
    contentType: 'application/yaml',
    body: '',
    status: 400,
    detail: /no Kubernetes objects/,
  },
  // within YAML_BODY_LIMIT (32 KiB)
  {
    name: 'thousands of documents',
    contentType: 'application/yaml',
    body: 'kind: ConfigMap\n---\n'.repeat(1500),
    status: 400,
    detail: /too many objects: at most 1000/,
  },
  {
    name: 'deeply nested aliases (billion laughs)',
    contentType: 'application/yaml',
    body: aliasBomb(),
    status: 400,
    detail: /aliases are limited to 100/,
  },
  {
    name: 'deep nesting',
    contentType: 'application/yaml',
    body: `${CONFIG_MAP}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    status: 400,
    detail: /nesting deeper than 64 levels/,
  },
  {
    name: 'a 5 MB body',
    contentType: 'application/yaml',
    body: `${CONFIG_MAP}blob: "${'x'.repeat(5 * 1024 * 1024)}"\n`,
    status: 413,
    detail: /larger than the limit/,
  },
  {
    name: 'the JSON form declared as YAML',
    contentType: 'application/yaml',
    body: JSON.stringify({ manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }),
    status: 400,
    detail: /Content-Type: application\/json/,
  },
  {
    name: 'YAML declared as JSON',
    contentType: 'application/json',
    body: CONFIG_MAP,
    status: 400,
    detail: /not valid JSON/,
  },
  {
    name: 'a JSON array instead of { manifests }',
    contentType: 'application/json',
    body: JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap' }]),
    status: 400,
    detail: /the body must be an object/,
  },
  {
    name: 'manifests that are strings',
    contentType: 'application/json',
    body: JSON.stringify({ manifests: ['apiVersion: v1'] }),
    status: 400,
    detail: /\/manifests\/0: each manifest must be a Kubernetes object/,
  },
  { name: 'plain text', contentType: 'text/plain', body: CONFIG_MAP, status: 415, detail: /Content-Type/ },
  {
    name: 'binary noise',
    contentType: 'application/yaml',
    body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    status: 400,
    detail: /parse\.yaml|mapping|no Kubernetes objects/,
  },
];

describe('malformed input to POST /v1/validations', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.status} problem+json, quickly`, async () => {
      const started = performance.now();
      const res = await request(app.getHttpServer())
        .post('/v1/validations')
        .set('content-type', c.contentType)
        .send(c.body);
      const elapsed = performance.now() - started;
      expect(res.status, res.text.slice(0, 500)).toBe(c.status);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const problem = JSON.parse(res.text);
      expect(problem.status).toBe(c.status);
      expect(problem.detail).toMatch(c.detail);
      expect(elapsed).toBeLessThan(QUICK_MS);
    });
  }

  it('answers a bundle at the object limit with a full report', async () => {
    // as JSON: 1000 objects of YAML are over YAML_BODY_LIMIT (32 KiB)
    const service = (i: number) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `s${i}` },
      spec: { selector: { app: 'orders' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    const configMap = (i: number) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `settings-${i}` },
      data: { LOG_LEVEL: 'info' },
    });
    const manifests = Array.from({ length: 1000 }, (_, i) => (i % 2 ? configMap(i) : service(i)));
    const res = await request(app.getHttpServer())
      .post('/v1/validations')
      .set('content-type', 'application/json')
      .send({ manifests });
    expect(res.status).toBe(200);
    const report = JSON.parse(res.text);
    expect(report.summary.objects).toBe(1000);
    // no pod in the bundle: nothing to say about what the Services select
    expect(report.findings).toEqual([]);
  });

  it('keeps serving after all of them', async () => {
    await request(app.getHttpServer()).get('/healthz').expect(200);
    const res = await request(app.getHttpServer())
      .post('/v1/validations')
      .set('content-type', 'application/yaml')
      .send(CONFIG_MAP);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ valid: true, summary: { objects: 1 } });
  });
});
