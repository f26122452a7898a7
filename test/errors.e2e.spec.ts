// Every error class over HTTP: each is RFC 9457 problem+json with the request id, input errors
// point at the field, and nothing a client sends produces a 500.
import { Controller, Get } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { configureApp, createAdapter } from '../src/app.factory.js';
import { DEFAULT_CONFIG } from '../src/config/app-config.js';
import { startTestApp } from './support/app.js';

const APP = { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] };
const LOGS = { preset: 'log-forwarder', name: 'logs', output: { type: 'stdout' } };

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (body: unknown) =>
  request(app.getHttpServer())
    .post('/v1/bundles')
    .send(body as object);

interface Problem {
  type: string;
  title: string;
  detail: string;
  instance: string;
  errors?: { pointer: string; detail: string }[];
  findings?: { rule: string; severity: string; path?: string }[];
}

/** Checks the problem+json shape every error shares, and returns the body. */
function problem(res: request.Response, status: number) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.instance).toBe(res.headers['x-request-id']);
  return body as Problem;
}

const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

describe('400: invalid input, one entry per rejected field', () => {
  it('points at a port number out of range', async () => {
    const body = problem(await post({ app: { ...APP, ports: [{ name: 'http', containerPort: 70000 }] } }), 400);
    expect(body.type).toBe('urn:pod-patterns:problem:invalid-request');
    expect(body.errors).toEqual([
      { pointer: '/app/ports/0/containerPort', detail: 'containerPort must not be greater than 65535' },
    ]);
  });

  it('says a missing field is required, once', async () => {
    const body = problem(await post({ app: { name: 'orders' } }), 400);
    expect(body.errors).toEqual([{ pointer: '/app/image', detail: 'image is required' }]);
  });

  it('rejects a name that is not a DNS-1035 label', async () => {
    const body = problem(await post({ app: { ...APP, name: 'Orders_API' } }), 400);
    expect(pointers(body)).toEqual(['/app/name']);
    expect(body.errors![0]!.detail).toMatch(/DNS-1035 label/);
  });

  it('rejects a name longer than 53 characters', async () => {
    const body = problem(await post({ app: { ...APP, name: 'a'.repeat(54) } }), 400);
    expect(pointers(body)).toEqual(['/app/name']);
  });

  it('reports unknown fields, at any depth, instead of ignoring them', async () => {
    const body = problem(
      await post({
        app: { ...APP, imagee: 'x', ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }] },
        extra: true,
      }),
      400,
    );
    expect(pointers(body).sort()).toEqual(['/app/imagee', '/app/ports/0/hostPort', '/extra']);
    expect(body.errors!.every((e) => e.detail.startsWith('unknown field'))).toBe(true);
  });

  it('names the field a typo was probably meant to be, in the app and in preset items', async () => {
    const body = problem(
      await post({
        app: { ...APP, imagePullpolicy: 'Always' },
        sidecars: [{ preset: 'log-forwarder', name: 'logs', logdir: '/var/log/app', output: { type: 'stdout' } }],
      }),
      400,
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/app/imagePullpolicy', detail: expect.stringContaining('did you mean "imagePullPolicy"') },
        { pointer: '/sidecars/0/logdir', detail: expect.stringContaining('did you mean "logDir"') },
      ]),
    );
  });

  it('names the allowed presets for an unknown preset, without an error per parameter', async () => {
    const body = problem(
      await post({
        app: APP,
        sidecars: [{ preset: 'log-shipper', name: 'logs', logDir: '/var/log', output: { type: 'stdout' } }],
      }),
      400,
    );
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.pointer).toBe('/sidecars/0/preset');
    expect(body.errors![0]!.detail).toMatch(/unknown sidecar preset "log-shipper"; allowed: .*log-forwarder/);
  });

  it('says where a preset listed under the wrong kind belongs', async () => {
    const body = problem(await post({ app: APP, adapters: [LOGS] }), 400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ pointer: '/adapters/0/preset' });
    expect(body.errors![0]!.detail).toMatch(/list it under sidecars/);
  });

  it('asks for a preset when an item has none, and for an object when an item is not one', async () => {
    const body = problem(await post({ app: APP, sidecars: [{ name: 'logs' }] }), 400);
    expect(pointers(body)).toEqual(['/sidecars/0/preset']);
    const notObjects = problem(await post({ app: APP, sidecars: [LOGS, null, 'logs', [LOGS]], ambassadors: {} }), 400);
    expect(pointers(notObjects).sort()).toEqual(['/ambassadors', '/sidecars/1', '/sidecars/2', '/sidecars/3']);
  });

  it('validates preset parameters with pointers into the item', async () => {
    const body = problem(
      await post({
        app: APP,
        sidecars: [{ ...LOGS, output: { type: 'kafka', host: 'kafka.logging.svc' }, httpPort: 80 }],
      }),
      400,
    );
    expect(pointers(body).sort()).toEqual(['/sidecars/0/httpPort', '/sidecars/0/output/type']);
  });

  it('needs exactly one of value and valueFrom for an env var, and one probe handler', async () => {
    const body = problem(
      await post({
        app: {
          ...APP,
          env: [
            { name: 'A' },
            { name: 'B', value: 'x', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
            { name: 'C', valueFrom: {} },
          ],
          probes: {
            readiness: { periodSeconds: 5 },
            liveness: { httpGet: { port: 'http' }, tcpSocket: { port: 8080 } },
          },
        },
      }),
      400,
    );
    expect(pointers(body).sort()).toEqual([
      '/app/env/0/value',
      '/app/env/1/valueFrom',
      '/app/env/2/valueFrom/secretKeyRef',
      '/app/probes/liveness/tcpSocket',
      '/app/probes/readiness/httpGet',
    ]);
  });

  it('checks port names, quantities, label keys and duplicate ports', async () => {
    const body = problem(
      await post({
        app: {
          ...APP,
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'http', containerPort: 8081 },
            { name: 'Metrics--X', containerPort: 9090 },
          ],
          resources: { limits: { memory: '256 MB' } },
          labels: { 'bad key!': 'x' },
        },
      }),
      400,
    );
    expect(pointers(body).sort()).toEqual([
      '/app/labels',
      '/app/ports',
      '/app/ports/2/name',
      '/app/resources/limits/memory',
    ]);
  });

  it("passes on the core's cross-field errors with their pointers", async () => {
    const storage = problem(await post({ app: { ...APP, storage: { mountPath: '/data', size: '1Gi' } } }), 400);
    expect(pointers(storage)).toEqual(['/app/storage']);
    const native = problem(
      await post({ app: APP, sidecars: [LOGS], target: { kubernetesVersion: '1.28', nativeSidecars: 'always' } }),
      400,
    );
    expect(pointers(native)).toEqual(['/target/nativeSidecars']);
    const version = problem(await post({ app: APP, target: { kubernetesVersion: '1.20' } }), 400);
    expect(pointers(version)).toEqual(['/target/kubernetesVersion']);
  });

  it('rejects a body that is not a JSON object', async () => {
    for (const body of [[APP], 'orders', 42]) {
      const res = await request(app.getHttpServer())
        .post('/v1/bundles')
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      expect(pointers(problem(res, 400))).toEqual(['']);
    }
  });

  it('rejects malformed and empty JSON with a pointer to the whole body', async () => {
    const bad = problem(
      await request(app.getHttpServer())
        .post('/v1/bundles')
        .set('content-type', 'application/json')
        .send('{"app": {"name": '),
      400,
    );
    expect(bad.errors).toEqual([{ pointer: '', detail: expect.stringMatching(/^the body is not valid JSON: /) }]);
    const empty = problem(
      await request(app.getHttpServer()).post('/v1/bundles').set('content-type', 'application/json').send(''),
      400,
    );
    expect(pointers(empty)).toEqual(['']);
  });

  it('rejects a prototype-poisoning body', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/bundles')
      .set('content-type', 'application/json')
      .send('{"app": {"__proto__": {"x": 1}}}');
    problem(res, 400);
  });
});

describe('new-user mistakes get 4xx problem+json with a pointer, never a 500', () => {
  const mistakes: [string, unknown, string][] = [
    ['missing image', { app: { name: 'orders' } }, '/app/image'],
    ['name "Orders_API"', { app: { ...APP, name: 'Orders_API' } }, '/app/name'],
    ['port 70000', { app: { ...APP, ports: [{ name: 'http', containerPort: 70000 }] } }, '/app/ports/0/containerPort'],
    ['an unknown preset', { app: APP, sidecars: [{ preset: 'envoy', name: 'proxy' }] }, '/sidecars/0/preset'],
    ['an unknown field', { app: { ...APP, replica: 2 } }, '/app/replica'],
    [
      "a sidecar on the app's port",
      {
        app: APP,
        sidecars: [
          {
            preset: 'custom',
            name: 'helper',
            image: 'ghcr.io/acme/helper:1.0.0',
            ports: [{ name: 'web', containerPort: 8080 }],
          },
        ],
      },
      '/sidecars/0/ports/0/containerPort',
    ],
  ];
  it.each(mistakes)('%s', async (_name, body, expected) => {
    const res = await post(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const answer = problem(res, res.status);
    const where = [...pointers(answer), ...(answer.findings ?? []).map((f) => f.path ?? '')];
    expect(where).toContain(expected);
  });
});

describe('422: well-formed input whose bundle would break a rule', () => {
  it('lists the error findings, and returns no bundle', async () => {
    // two log forwarders whose Fluent Bit HTTP servers take the same port of the pod
    const res = await post({
      app: APP,
      sidecars: [
        { ...LOGS, httpPort: 2020 },
        { ...LOGS, name: 'audit', logDir: '/var/log/audit', httpPort: 2020 },
      ],
    });
    const body = problem(res, 422);
    expect(body.type).toBe('urn:pod-patterns:problem:bundle-rule-violation');
    expect(body.findings!.length).toBeGreaterThan(0);
    expect(body.findings!.every((f) => f.severity === 'error')).toBe(true);
    expect(body.findings!.map((f) => f.rule)).toContain('pod.port-collision');
    expect(body).not.toHaveProperty('manifests');
  });
});

describe('HTTP-level errors', () => {
  it('404 for an unknown path', async () => {
    const body = problem(await request(app.getHttpServer()).get('/v1/bundle'), 404);
    expect(body.type).toBe('about:blank');
    expect(body.title).toBe('Not Found');
  });

  it('406 when no acceptable media type can be produced', async () => {
    const res = await request(app.getHttpServer()).post('/v1/bundles').set('accept', 'text/html').send({ app: APP });
    expect(problem(res, 406).detail).toMatch(/application\/yaml/);
    problem(await request(app.getHttpServer()).get('/v1/patterns').set('accept', 'application/xml'), 406);
  });

  it('415 for a body that is neither JSON nor YAML', async () => {
    const cases: [string | undefined, string][] = [
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'app=orders'],
      [undefined, ''],
    ];
    for (const [type, text] of cases) {
      const req = request(app.getHttpServer()).post('/v1/bundles');
      if (type) req.set('content-type', type);
      const body = problem(await req.send(text), 415);
      expect(body.detail).toMatch(/application\/json/);
    }
  });

  it('415 names what the route takes: YAML too for validations', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/validations')
      .set('content-type', 'text/plain')
      .send('kind: Pod');
    const body = problem(res, 415);
    expect(body.detail).toMatch(/application\/json/);
    expect(body.detail).toMatch(/application\/yaml/);
  });

  it('413 for a body above the configured limit', async () => {
    const small = await startTestApp({ config: { bodyLimit: 1024 } });
    try {
      const big = { app: { ...APP, args: ['x'.repeat(2000)] } };
      const body = problem(await request(small.getHttpServer()).post('/v1/bundles').send(big), 413);
      expect(body.detail).toMatch(/1024 bytes/);
      // the same request fits the default limit
      expect((await post(big)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('413 above the default limit of 1 MiB', async () => {
    const huge = { app: { ...APP, args: ['x'.repeat(DEFAULT_CONFIG.bodyLimit)] } };
    problem(await post(huge), 413);
  });
});

describe('request ids', () => {
  it('keeps a sane incoming x-request-id and uses it as the problem instance', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/bundles')
      .set('x-request-id', 'trace-42.a')
      .send({ app: {} });
    expect(res.headers['x-request-id']).toBe('trace-42.a');
    expect(problem(res, 400).instance).toBe('trace-42.a');
  });

  it('replaces an unusable one with a fresh id, on every response', async () => {
    const res = await request(app.getHttpServer()).get('/healthz').set('x-request-id', 'has spaces and <html>');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await request(app.getHttpServer()).get('/healthz');
    expect(other.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
  });
});

@Controller('test-only')
class FailingController {
  @Get('crash')
  crash(): never {
    throw new Error('connection string postgres://admin:secret@db leaked');
  }
}

describe('500: anything unexpected', () => {
  it('is a problem+json that reveals nothing of the error', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
      controllers: [FailingController],
    }).compile();
    const failing = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(DEFAULT_CONFIG), {
      logger: false,
      bodyParser: false,
    });
    configureApp(failing, DEFAULT_CONFIG);
    await failing.init();
    await failing.getHttpAdapter().getInstance().ready();
    try {
      const res = await request(failing.getHttpServer()).get('/test-only/crash');
      const body = problem(res, 500);
      expect(body.title).toBe('Internal Server Error');
      expect(res.text).not.toMatch(/secret|postgres|Error:|at /);
      expect(body.detail).toContain(res.headers['x-request-id']);
    } finally {
      await failing.close();
    }
  });
});
