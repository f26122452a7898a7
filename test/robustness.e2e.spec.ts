// Whatever a client sends, the answer is never a 500: random JSON bodies, and valid requests with
// one value replaced by random JSON, removed, or joined by an unknown field.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
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

/** A valid request with every preset's example in it. */
function fullRequest(): Record<string, any> {
  const body: Record<string, any> = {
    app: {
      name: 'orders',
      image: 'ghcr.io/acme/orders:1.4.2',
      replicas: 2,
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [{ name: 'A', value: 'b' }],
      probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
    },
    target: { kubernetesVersion: '1.33' },
  };
  for (const preset of PRESETS) (body[KIND_FIELD[preset.kind]] ??= []).push(structuredClone(preset.example));
  return body;
}

/** Every JSON path in a value, as segment lists. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

function mutate(body: Record<string, any>, path: (string | number)[], change: { kind: 'set' | 'delete' | 'add'; value: unknown }) {
  const copy = structuredClone(body);
  if (!path.length) return change.kind === 'set' ? change.value : copy;
  const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy);
  const key = path[path.length - 1]!;
  if (change.kind === 'set') parent[key] = change.value;
  else if (change.kind === 'delete' && Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (change.kind === 'delete') delete parent[key];
  else if (parent[key] && typeof parent[key] === 'object' && !Array.isArray(parent[key])) parent[key].unexpectedField = change.value;
  return copy;
}

async function answer(body: unknown) {
  const res = await request(app.getHttpServer()).post('/v1/bundles').set('content-type', 'application/json').send(JSON.stringify(body));
  return res;
}

describe('no 500s', () => {
  it('the valid request itself is a 200', async () => {
    const res = await answer(fullRequest());
    expect(res.status, res.text).toBe(200);
  });

  it('for random JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        const res = await answer(body);
        expect(res.status, res.text).toBeLessThan(500);
        expect(res.status === 200 || res.headers['content-type'] === 'application/problem+json; charset=utf-8').toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('for valid requests with one part changed', async () => {
    const base = fullRequest();
    const paths = pathsOf(base);
    const change = fc.record({ kind: fc.constantFrom('set' as const, 'delete' as const, 'add' as const), value: fc.jsonValue({ maxDepth: 2 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), change, async (path, c) => {
        const res = await answer(mutate(base, path, c));
        expect(res.status, `${path.join('/')} ${c.kind} ${JSON.stringify(c.value)}: ${res.text}`).toBeLessThan(500);
        if (res.status === 400) {
          const errors = JSON.parse(res.text).errors as { pointer: string }[];
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e.pointer).toMatch(/^(\/.*)?$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
