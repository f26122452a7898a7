import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthController } from '../src/health/health.controller.js';
import { startTestApp } from './support/app.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('health', () => {
  it('GET /healthz answers while the process runs', async () => {
    const res = await request(app.getHttpServer()).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready once started, and 503 problem+json once shutdown begins', async () => {
    expect((await request(app.getHttpServer()).get('/readyz').expect(200)).body).toEqual({ status: 'ready' });
    // Nest calls this hook first when the app closes (SIGTERM with shutdown hooks)
    app.get(HealthController).beforeApplicationShutdown();
    const res = await request(app.getHttpServer()).get('/readyz').expect(503);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect((await request(app.getHttpServer()).get('/healthz')).status).toBe(200);
  });
});
