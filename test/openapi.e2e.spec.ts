// The OpenAPI document: served at /docs, committed under openapi/, and derived from the code so
// that it cannot drift (regenerate with `npm run openapi`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openApiDocumentOf } from '../src/app.factory.js';
import { presetsOf } from '../src/core/presets/registry.js';
import { KIND_FIELD, type PresetKind } from '../src/core/presets/preset.js';
import { renderOpenApiFiles } from '../src/openapi/openapi-document.js';
import { RESERVED_NAMES } from '../src/openapi/schema-names.js';
import { examplesIn, REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';
import { REPO_ROOT } from './support/programs.js';

let app: NestFastifyApplication;
let document: any;
beforeAll(async () => {
  app = await startTestApp();
  document = openApiDocumentOf(app);
});
afterAll(async () => {
  await app?.close();
});

const RUN = 'run `npm run openapi` and commit openapi/';

function firstDifference(committed: string, generated: string): string {
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line < 0 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end>')}, generated ${JSON.stringify(b[at] ?? '<end>')}`;
}

describe('the committed spec', () => {
  it.each(['openapi.json', 'openapi.yaml'] as const)('openapi/%s is what the app generates now', (file) => {
    const committed = readFileSync(join(REPO_ROOT, 'openapi', file), 'utf8');
    const generated = renderOpenApiFiles(document)[file === 'openapi.json' ? 'json' : 'yaml'];
    expect(
      committed === generated,
      `openapi/${file} is out of date (${firstDifference(committed, generated)}): ${RUN}`,
    ).toBe(true);
  });
});

describe('/docs', () => {
  it('serves Swagger UI', async () => {
    const res = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
    const css = await request(app.getHttpServer()).get('/docs/swagger-ui.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const init = await request(app.getHttpServer()).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('createBundle');
  });

  it('serves the document as JSON and YAML', async () => {
    const json = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(JSON.parse(json.text)).toEqual(JSON.parse(JSON.stringify(document)));
    const yaml = await request(app.getHttpServer()).get('/docs/openapi.yaml').expect(200);
    expect(parse(yaml.text)).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('the document', () => {
  it('names the operations of the contract', () => {
    const ops = Object.entries(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /v1/bundles createBundle',
        'GET /v1/patterns listPatterns',
        'GET /v1/patterns/{kind}/{preset} getPattern',
        'GET /healthz getLiveness',
        'GET /readyz getReadiness',
      ]),
    );
  });

  it.each(['sidecar', 'ambassador', 'adapter'] as PresetKind[])(
    'types %s items as a oneOf with a discriminator mapping from the registry',
    (kind) => {
      const items = document.components.schemas.BundleRequest.properties[KIND_FIELD[kind]].items;
      const presets = presetsOf(kind);
      expect(items.discriminator.propertyName).toBe('preset');
      expect(Object.keys(items.discriminator.mapping).sort()).toEqual(presets.map((p) => p.id).sort());
      for (const preset of presets) {
        const ref = items.discriminator.mapping[preset.id];
        expect(items.oneOf).toContainEqual({ $ref: ref });
        const schema = document.components.schemas[ref.split('/').pop()];
        expect(schema.properties.preset.enum).toEqual([preset.id]);
        expect(schema.required).toContain('preset');
      }
    },
  );

  it('has every $ref resolvable', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const name = ref.slice(8, -1).replace('#/components/schemas/', '');
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });

  it('closes request objects to unknown fields, like the ValidationPipe', () => {
    const schemas = document.components.schemas;
    for (const name of ['BundleRequest', 'App', 'AppPort', 'EnvVar', 'Probe', 'Target']) {
      expect(schemas[name].additionalProperties, name).toBe(false);
    }
    expect(schemas.App.required).toEqual(['name', 'image']);
    expect(schemas.App.properties.name).toMatchObject({ maxLength: 53, pattern: expect.any(String) });
    expect(schemas.AppPort.properties.containerPort).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
  });

  it("offers the project's example requests on createBundle", () => {
    const examples = document.paths['/v1/bundles'].post.requestBody.content['application/json'].examples;
    const files = examplesIn(REPO_EXAMPLES_DIR);
    expect(Object.keys(examples).sort()).toEqual(files.map((f) => f.file.replace(/\.json$/, '')).sort());
    for (const { file, body } of files) expect(examples[file.replace(/\.json$/, '')].value).toEqual(body);
  });

  it('documents errors as problem+json, JSON as the response content and YAML as its alternative', () => {
    const responses = document.paths['/v1/bundles'].post.responses;
    for (const status of ['400', '406', '413', '415', '422', '500']) {
      expect(responses[status].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    }
    expect(Object.keys(responses['200'].content)).toEqual(['application/json']);
    expect(Object.keys(responses['200']['x-alternative-content'])).toEqual([
      'application/yaml',
      'text/yaml',
      'application/x-yaml',
    ]);
    const report = document.paths['/v1/validations'].post.responses['200'];
    expect(Object.keys(report.content)).toEqual(['application/json']);
    expect(Object.keys(report['x-alternative-content'])).toEqual(['application/sarif+json']);
  });

  it('names every schema once, without a framework suffix or a reserved word', () => {
    const names = Object.keys(document.components.schemas);
    expect(names.filter((n) => /Dto$/.test(n))).toEqual([]);
    expect(names.filter((n) => RESERVED_NAMES.has(n.toLowerCase()))).toEqual([]);
    // one schema per shape: no two components have the same content
    const byShape = new Map<string, string[]>();
    for (const name of names) {
      const { description: _d, title: _t, example: _e, ...shape } = document.components.schemas[name];
      const key = JSON.stringify(shape);
      byShape.set(key, [...(byShape.get(key) ?? []), name]);
    }
    expect([...byShape.values()].filter((group) => group.length > 1)).toEqual([]);
    for (const merged of ['EnvVar', 'EnvVarSource', 'HttpGet', 'ExecAction']) expect(names).toContain(merged);
    for (const gone of ['HttpGetDto', 'Exec', 'CustomExec', 'EnvVarDto', 'CustomEnvVar', 'CustomEnvSource'])
      expect(names).not.toContain(gone);
  });
});
