// Every example request, the project's (examples/) and the shared ones beside the repository, makes
// a bundle over HTTP whose objects pass the Kubernetes schema, in JSON and in YAML alike.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { schemaErrors } from './support/k8s-models.js';
import { examplesIn, REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';
import { SHARED_DIR } from './support/programs.js';

const SHARED_EXAMPLES_DIR = join(SHARED_DIR, 'examples');
if (!existsSync(SHARED_EXAMPLES_DIR)) {
  throw new Error(`the shared examples are expected beside the repository, at ${SHARED_EXAMPLES_DIR}`);
}

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const sets = [
  { name: 'examples/', dir: REPO_EXAMPLES_DIR },
  { name: '../shared/examples/', dir: SHARED_EXAMPLES_DIR },
];

describe.each(sets)('$name', ({ dir }) => {
  const examples = examplesIn(dir);

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('$file makes a valid bundle, the same in JSON and YAML', async ({ body }) => {
    const json = await request(app.getHttpServer()).post('/v1/bundles').send(body);
    expect(json.status, json.text).toBe(200);
    for (const object of json.body.manifests) {
      expect(schemaErrors(object), `${object.kind}/${object.metadata.name}`).toEqual([]);
    }
    const helpers = (['sidecars', 'ambassadors', 'adapters'] as const).flatMap((field) =>
      (body[field] ?? []).map((item: { name: string }) => item.name),
    );
    const containers = (json.body.summary.containers as { name: string }[]).map((c) => c.name);
    expect(containers).toEqual(expect.arrayContaining([body.app.name, ...helpers]));

    const yaml = await request(app.getHttpServer())
      .post('/v1/bundles')
      .set('accept', 'application/yaml')
      .send(body)
      .expect(200);
    expect(parseAllDocuments(yaml.text).map((d) => d.toJS())).toEqual(json.body.manifests);
  });
});

describe("the project's examples", () => {
  it('include every shared example file', () => {
    const own = examplesIn(REPO_EXAMPLES_DIR).map((e) => e.file);
    expect(own).toEqual(expect.arrayContaining(examplesIn(SHARED_EXAMPLES_DIR).map((e) => e.file)));
  });
});
