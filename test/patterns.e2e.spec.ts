// GET /v1/patterns and /v1/patterns/{kind}/{preset}: the catalogue comes from the registry, and
// every preset's own example makes a bundle.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_FIELD } from '../src/core/presets/preset.js';
import { PRESETS } from '../src/core/presets/registry.js';
import { startTestApp } from './support/app.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string) => request(app.getHttpServer()).get(path);

describe('GET /v1/patterns', () => {
  it('lists every registered preset with kind, id, title, description, parameter schema and example', async () => {
    const res = await get('/v1/patterns').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const patterns = res.body.patterns as {
      kind: string;
      id: string;
      title: string;
      description: string;
      parameters: any;
      example: any;
    }[];
    expect(patterns.map((p) => `${p.kind}/${p.id}`).sort()).toEqual(PRESETS.map((p) => `${p.kind}/${p.id}`).sort());
    for (const p of patterns) {
      expect(p.title.length, p.id).toBeGreaterThan(0);
      expect(p.description.length, p.id).toBeGreaterThan(0);
      expect(p.parameters.type).toBe('object');
      expect(p.parameters.properties.preset.const).toBe(p.id);
      expect(p.parameters.required).toEqual(expect.arrayContaining(['preset', 'name']));
      expect(p.example.preset).toBe(p.id);
    }
  });

  it('orders sidecars, then ambassadors, then adapters', async () => {
    const kinds = ((await get('/v1/patterns').expect(200)).body.patterns as { kind: string }[]).map((p) => p.kind);
    const rank = { sidecar: 0, ambassador: 1, adapter: 2 } as Record<string, number>;
    expect(kinds.map((k) => rank[k])).toEqual([...kinds.map((k) => rank[k])].sort());
  });

  it('has examples that each make a bundle as part of a request', async () => {
    for (const preset of PRESETS) {
      const body = {
        app: { name: 'demo', image: 'ghcr.io/acme/demo:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
        [KIND_FIELD[preset.kind]]: [preset.example],
      };
      const res = await request(app.getHttpServer()).post('/v1/bundles').send(body);
      expect(res.status, `${preset.kind}/${preset.id}: ${res.text}`).toBe(200);
    }
  });
});

describe('GET /v1/patterns/{kind}/{preset}', () => {
  it('returns one preset, by singular or plural kind', async () => {
    const preset = PRESETS[0]!;
    const one = await get(`/v1/patterns/${preset.kind}/${preset.id}`).expect(200);
    expect(one.body).toMatchObject({ kind: preset.kind, id: preset.id, title: preset.title });
    const plural = await get(`/v1/patterns/${KIND_FIELD[preset.kind]}/${preset.id}`).expect(200);
    expect(plural.text).toBe(one.text);
  });

  it('is the same entry as in the list', async () => {
    const list = (await get('/v1/patterns').expect(200)).body.patterns as { kind: string; id: string }[];
    for (const entry of list) {
      expect((await get(`/v1/patterns/${entry.kind}/${entry.id}`).expect(200)).body).toEqual(entry);
    }
  });

  it('404s an unknown preset with the allowed ones, and an unknown kind with the kinds', async () => {
    const preset = await get('/v1/patterns/sidecar/nope').expect(404);
    expect(preset.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(preset.body.detail).toMatch(/allowed: .*log-forwarder/);
    const kind = await get('/v1/patterns/helper/log-forwarder').expect(404);
    expect(kind.body.detail).toMatch(/kinds: sidecar, ambassador, adapter/);
  });

  it('404s a preset asked for under the wrong kind', async () => {
    const res = await get('/v1/patterns/adapter/log-forwarder').expect(404);
    expect(res.body.detail).toMatch(/list it under sidecars/);
  });
});
