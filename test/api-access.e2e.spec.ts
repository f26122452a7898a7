// Optional API keys and the rate limit, over HTTP: 401 and 429 are problem+json from the one filter,
// refused requests are answered before their body is read, and health, metrics and docs stay open.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/app.js';
import { valueOf } from './support/exposition.js';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-fedcba9876543210';
const APP = { app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2' } };
const OPEN_PATHS = ['/healthz', '/readyz', '/metrics', '/docs', '/docs/openapi.json', '/docs/openapi.yaml'];

/** Checks the problem+json every refusal shares and returns its body. */
function problem(res: request.Response, status: number): { title: string; detail: string; instance: string } {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({
    type: status === 401 || status === 429 ? 'about:blank' : expect.any(String),
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.instance).toBe(res.headers['x-request-id']);
  return body;
}

async function withApp(
  config: Parameters<typeof startTestApp>[0],
  run: (app: NestFastifyApplication) => Promise<void>,
): Promise<void> {
  const app = await startTestApp(config);
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

describe('API keys', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp({ config: { apiKeys: [KEY_A, KEY_B] } });
  });
  afterAll(async () => {
    await app?.close();
  });
  const http = () => request(app.getHttpServer());

  it('401 without a key, with a Bearer challenge', async () => {
    const res = await http().get('/v1/patterns');
    const body = problem(res, 401);
    expect(body.title).toBe('Unauthorized');
    expect(body.detail).toMatch(/Authorization: Bearer <key>.*x-api-key: <key>/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pod-patterns"');
  });

  it.each([
    ['a wrong bearer token', { authorization: 'Bearer key-c-0000000000000000' }],
    ['a wrong x-api-key', { 'x-api-key': 'key-c-0000000000000000' }],
    ['a prefix of a key', { authorization: `Bearer ${KEY_A.slice(0, -1)}` }],
    ['a key with more after it', { 'x-api-key': `${KEY_A}0` }],
    ['a key of another scheme', { authorization: `Basic ${Buffer.from(`user:${KEY_A}`).toString('base64')}` }],
  ])('401 with %s', async (_name, headers) => {
    const res = await http().get('/v1/rules').set(headers);
    expect(problem(res, 401).detail).toBeTruthy();
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="pod-patterns"/);
  });

  it('says invalid_token when a key was sent but is wrong', async () => {
    const res = await http().get('/v1/rules').set('authorization', 'Bearer key-c-0000000000000000');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pod-patterns", error="invalid_token"');
    expect(problem(res, 401).detail).toBe('the API key is not valid');
    expect(res.text).not.toContain('key-c');
  });

  it.each([
    ['a bearer token', { authorization: `Bearer ${KEY_A}` }],
    ['a bearer token, scheme in any case', { authorization: `bearer ${KEY_B}` }],
    ['x-api-key', { 'x-api-key': KEY_B }],
    ['x-api-key beside another Authorization scheme', { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': KEY_A }],
  ])('lets a valid key in, as %s', async (_name, headers) => {
    await http().get('/v1/patterns').set(headers).expect(200);
  });

  it('guards every /v1 operation, before the body is read or its type checked', async () => {
    problem(await http().post('/v1/bundles').set('content-type', 'application/json').send('{"app": '), 401);
    problem(await http().post('/v1/charts').set('content-type', 'text/plain').send('hello'), 401);
    problem(await http().post('/v1/validations').send({ manifests: [] }), 401);
    problem(await http().get('/v1/patterns/sidecar/log-forwarder'), 401);
    problem(await http().get('/v1/rules/pod.port-collision'), 401);
    // with a key, the same requests get their usual answers
    problem(
      await http().post('/v1/bundles').set('x-api-key', KEY_A).set('content-type', 'application/json').send('{"app": '),
      400,
    );
    await http().post('/v1/bundles').set('x-api-key', KEY_A).send(APP).expect(200);
  });

  it('answers unknown /v1 paths with 401 without a key (no probing for routes), 404 with one', async () => {
    problem(await http().get('/v1/no-such-thing'), 401);
    problem(await http().get('/v1/no-such-thing').set('x-api-key', KEY_A), 404);
  });

  it.each(OPEN_PATHS)('leaves %s open', async (path) => {
    const res = await http().get(path);
    expect(res.status, path).toBe(200);
  });

  it('counts refusals under the route template', async () => {
    await http().get('/v1/patterns/adapter/log-normalizer');
    const text = (await http().get('/metrics').expect(200)).text;
    expect(
      valueOf(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/patterns/:kind/:preset',
        status_code: '401',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('without API keys', () => {
  it('leaves /v1 open', async () => {
    await withApp({}, async (app) => {
      await request(app.getHttpServer()).get('/v1/patterns').expect(200);
    });
  });
});

describe('rate limit', () => {
  it('429 with Retry-After once a client exceeds the limit; headers count down before', async () => {
    await withApp({ config: { rateLimit: { max: 3, windowMs: 60_000 } } }, async (app) => {
      const http = () => request(app.getHttpServer());
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await http().get('/v1/patterns').expect(200);
        expect(res.headers['x-ratelimit-limit']).toBe('3');
        remaining.push(res.headers['x-ratelimit-remaining']!);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const res = await http().post('/v1/bundles').send(APP);
      const body = problem(res, 429);
      expect(body.title).toBe('Too Many Requests');
      const retryAfter = Number(res.headers['retry-after']);
      expect(body.detail).toBe(
        `this client sent more than 3 requests per minute; retry in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`,
      );
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, res.headers['retry-after']).toBe(
        true,
      );
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      // probes, scrapers and docs are never limited
      for (const path of OPEN_PATHS) expect((await http().get(path)).status, path).toBe(200);
      problem(await http().get('/v1/rules'), 429);
    });
  });

  it('lets the client in again once Retry-After has passed', async () => {
    await withApp({ config: { rateLimit: { max: 1, windowMs: 1000 } } }, async (app) => {
      const http = () => request(app.getHttpServer());
      await http().get('/v1/patterns').expect(200);
      const refused = await http().get('/v1/patterns').expect(429);
      await new Promise((resolve) => setTimeout(resolve, Number(refused.headers['retry-after']) * 1000 + 50));
      await http().get('/v1/patterns').expect(200);
    });
  });

  it('counts per API key, and requests without a valid key per address; limited before authenticated', async () => {
    await withApp({ config: { apiKeys: [KEY_A, KEY_B], rateLimit: { max: 2, windowMs: 60_000 } } }, async (app) => {
      const http = () => request(app.getHttpServer());
      await http().get('/v1/patterns').set('x-api-key', KEY_A).expect(200);
      await http().get('/v1/patterns').set('authorization', `Bearer ${KEY_A}`).expect(200);
      problem(await http().get('/v1/patterns').set('x-api-key', KEY_A), 429);
      // another key from the same address has its own budget
      await http().get('/v1/patterns').set('x-api-key', KEY_B).expect(200);
      // guesses are counted against the address, and limited like any request
      problem(await http().get('/v1/patterns').set('x-api-key', 'key-c-0000000000000000'), 401);
      problem(await http().get('/v1/patterns'), 401);
      const res = await http().get('/v1/patterns').set('x-api-key', 'key-d-0000000000000000');
      problem(res, 429);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      await http().get('/v1/patterns').set('x-api-key', KEY_B).expect(200);
    });
  });
});

describe('the OpenAPI document', () => {
  let document: any;
  beforeAll(async () => {
    await withApp({}, async (app) => {
      document = JSON.parse((await request(app.getHttpServer()).get('/docs/openapi.json').expect(200)).text);
    });
  });

  it('has both key schemes', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
  });

  it('lets every /v1 operation use either scheme, or none when no keys are configured, and documents 401 and 429', () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.values(item).map((op) => ({ path, op })),
    );
    const api = operations.filter(({ path }) => path.startsWith('/v1/'));
    expect(api.map(({ op }) => op.operationId).sort()).toEqual([
      'createBundle',
      'createChart',
      'getPattern',
      'getRule',
      'listPatterns',
      'listRules',
      'validateBundle',
    ]);
    for (const { op } of api) {
      expect(op.security, op.operationId).toEqual([{ bearer: [] }, { apiKey: [] }, {}]);
      expect(op.responses['401'].content['application/problem+json'].schema.$ref, op.operationId).toBe(
        '#/components/schemas/Problem',
      );
      expect(Object.keys(op.responses['401'].headers)).toEqual(['WWW-Authenticate']);
      expect(op.responses['429'].headers['Retry-After'].schema.type).toBe('integer');
    }
    for (const { path, op } of operations.filter(({ path }) => !path.startsWith('/v1/'))) {
      expect(op.security, path).toEqual([]);
      expect(op.responses['401'], path).toBeUndefined();
    }
    expect(document.paths['/metrics'].get.operationId).toBe('getMetrics');
  });
});
