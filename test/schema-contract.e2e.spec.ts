// Values the service refuses are refused by the published schema too, at the same place, so a
// client generated from the document learns of them before it sends anything. Each case was once
// a bare string or a free map in the document, and refused only by the service.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/app.js';
import { SpecSchemas, type OpenApiDocument } from './support/openapi-spec.js';

let app: NestFastifyApplication;
let schemas: SpecSchemas;
let spec: OpenApiDocument;
beforeAll(async () => {
  app = await startTestApp();
  spec = (await app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as OpenApiDocument;
  schemas = new SpecSchemas(spec);
});
afterAll(() => app?.close());

const APP = { name: 'web', image: 'ghcr.io/acme/web:1.0' };
const egress = (item: object) => ({
  app: APP,
  ambassadors: [{ preset: 'http-egress', name: 'pay', upstream: 'https://api.example.com', ...item }],
});
const tcp = (item: object) => ({
  app: APP,
  ambassadors: [{ preset: 'tcp-egress', name: 'db', servers: ['db.example.com:5432'], ...item }],
});

const CASES: [string, object, string][] = [
  ['tcp-egress host:port with port 0', tcp({ servers: ['db.example.com:0'] }), '/ambassadors/0/servers'],
  ['tcp-egress host:port with a bad host', tcp({ servers: ['-db.example.com:5432'] }), '/ambassadors/0/servers'],
  [
    'redis-shards weight 0',
    { app: APP, ambassadors: [{ preset: 'redis-shards', name: 'cache', servers: ['redis-0.example.com:6379:0'] }] },
    '/ambassadors/0/servers',
  ],
  ['a label key starting with "-"', { app: { ...APP, labels: { '-team': 'x' } } }, '/app/labels'],
  [
    'an annotation key with a 64-character name',
    { app: { ...APP, annotations: { ['a'.repeat(64)]: 'x' } } },
    '/app/annotations',
  ],
  [
    'a log-normalizer addFields key with a space',
    {
      app: APP,
      adapters: [{ preset: 'log-normalizer', name: 'shape', logDir: '/var/log/app', addFields: { 'a b': 'x' } }],
    },
    '/adapters/0/addFields',
  ],
  ['an app name starting with a digit', { app: { ...APP, name: '3web' } }, '/app/name'],
  [
    'a port name without a letter',
    { app: { ...APP, ports: [{ name: '8080', containerPort: 8080 }] } },
    '/app/ports/0/name',
  ],
  ['a port name with "--"', { app: { ...APP, ports: [{ name: 'a--b', containerPort: 8080 }] } }, '/app/ports/0/name'],
  ['an upstream that is not http(s)', egress({ upstream: 'ftp://files.example.com' }), '/ambassadors/0/upstream'],
  ['an upstream with credentials', egress({ upstream: 'https://user:pw@api.example.com' }), '/ambassadors/0/upstream'],
  [
    'an env var with value and valueFrom',
    { app: { ...APP, env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] } },
    '/app/env/0',
  ],
  [
    'a network peer with neither selectors nor ipBlock',
    { app: { ...APP, networkPolicy: { ingressFrom: [{}] } } },
    '/app/networkPolicy/ingressFrom/0',
  ],
  [
    'a CIDR that is no address',
    {
      app: {
        ...APP,
        networkPolicy: {
          egress: 'restricted',
          extraEgress: [{ to: [{ ipBlock: { cidr: ':/0' } }], ports: [{ port: 5432 }] }],
        },
      },
    },
    '/app/networkPolicy/extraEgress/0/to/0/ipBlock/cidr',
  ],
  ['an image that is no image reference', { app: { ...APP, image: 'web:-1' } }, '/app/image'],
  ['a helper image that is no image reference', egress({ image: 'nginx/' }), '/ambassadors/0/image'],
  ...['', ' (?<m>.*)', '(?<m>.*)\n'].map((regex): [string, object, string] => [
    `a parser regex ${JSON.stringify(regex)} (empty, trimmed, two lines)`,
    {
      app: APP,
      adapters: [{ preset: 'log-normalizer', name: 'shape', logDir: '/var/log/app', parser: 'regex', regex }],
    },
    '/adapters/0/regex',
  ]),
  [
    'autoscaling without a metric',
    { app: { ...APP, resources: { requests: { cpu: '100m' } }, autoscaling: { minReplicas: 1, maxReplicas: 3 } } },
    '/app/autoscaling',
  ],
];

describe('what the service refuses, the published schema refuses', () => {
  it.each(CASES)('%s', async (_, request, pointer) => {
    const problems = schemas.problems(spec.components.schemas.BundleRequest, request);
    expect(
      problems.some((p) => p.startsWith(`${pointer} `) || p.startsWith(`${pointer}/`)),
      `schema problems: ${problems.join('; ')}`,
    ).toBe(true);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/bundles',
      payload: request,
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(400);
    const pointers = (res.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(
      pointers.some((p) => p === pointer || p.startsWith(`${pointer}/`)),
      pointers.join(', '),
    ).toBe(true);
  });
});
