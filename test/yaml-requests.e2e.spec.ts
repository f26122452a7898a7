// POST /v1/bundles and /v1/charts take the request as one YAML document too: the same object as
// the JSON body gives the same bytes; YAML errors, field errors and duplicate keys name line and
// column besides the pointer; a JSON body that gives a field twice is refused.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { examplesIn, REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';
import { SHARED_DIR } from './support/programs.js';

const SHARED_EXAMPLES_DIR = join(SHARED_DIR, 'examples');
if (!existsSync(SHARED_EXAMPLES_DIR))
  throw new Error(`the shared examples are expected beside the repository, at ${SHARED_EXAMPLES_DIR}`);

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const send = (url: string, contentType: string, payload: string, accept?: string) =>
  app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'POST', url, headers: { 'content-type': contentType, ...(accept ? { accept } : {}) }, payload });

/** YAML as people write it for Kubernetes (1.1: "on", "yes" and "0755" are quoted when they are strings). */
const asYaml = (body: unknown) => stringify(body, { version: '1.1' });

const examples = [
  ...examplesIn(REPO_EXAMPLES_DIR),
  ...examplesIn(SHARED_EXAMPLES_DIR).map((e) => ({ ...e, file: `shared/${e.file}` })),
];

describe('the same request as YAML gives the same bytes as JSON', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(5);
  });

  it.each(examples)('createBundle: $file (JSON and YAML answers)', async ({ body }) => {
    for (const accept of ['application/json', 'application/yaml']) {
      const json = await send('/v1/bundles', 'application/json', JSON.stringify(body), accept);
      expect(json.statusCode, json.body).toBe(200);
      const yaml = await send('/v1/bundles', 'application/yaml', asYaml(body), accept);
      expect(yaml.statusCode, yaml.body).toBe(200);
      expect(yaml.body).toBe(json.body);
      expect(yaml.headers.etag).toBe(json.headers.etag);
    }
  });

  it.each(examples)('createChart: $file', async ({ body }) => {
    const json = await send('/v1/charts', 'application/json', JSON.stringify(body));
    expect(json.statusCode, json.body).toBe(200);
    for (const type of ['application/yaml', 'text/yaml', 'application/x-yaml']) {
      const yaml = await send('/v1/charts', type, asYaml(body));
      expect(yaml.statusCode, yaml.body).toBe(200);
      expect(Buffer.compare(yaml.rawPayload, json.rawPayload), type).toBe(0);
    }
  });

  it('block style, comments and anchors read as the same object', async () => {
    const body = {
      app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', labels: { team: 'checkout', tier: 'checkout' } },
    };
    const yaml =
      '# the orders service\napp:\n  name: orders # its name\n  image: "ghcr.io/acme/orders:1.4.2"\n  labels:\n    team: &team checkout\n    tier: *team\n';
    const [a, b] = [
      await send('/v1/bundles', 'application/json', JSON.stringify(body)),
      await send('/v1/bundles', 'application/yaml; charset=utf-8', yaml),
    ];
    expect(b.statusCode, b.body).toBe(200);
    expect(b.body).toBe(a.body);
  });
});

const problem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body) as {
    status: number;
    detail: string;
    errors: { pointer: string; detail: string; line?: number; column?: number }[];
  };
};

describe('errors in a YAML request name line and column as well as the pointer', () => {
  it('a field error points at the field and at its line and column', async () => {
    const yaml =
      'app:\n  name: orders\n  image: ghcr.io/acme/orders:1.4.2\n  ports:\n    - name: http\n      containerPort: 99999\n';
    const res = await send('/v1/bundles', 'application/yaml', yaml);
    expect(res.statusCode).toBe(400);
    const body = problem(res);
    expect(body.errors).toEqual([
      {
        pointer: '/app/ports/0/containerPort',
        detail: 'containerPort must not be greater than 65535',
        line: 6,
        column: 7,
      },
    ]);
    expect(body.detail).toBe(
      '/app/ports/0/containerPort (line 6, column 7): containerPort must not be greater than 65535',
    );
  });

  it("a JSON request's field error has no line or column", async () => {
    const res = await send(
      '/v1/bundles',
      'application/json',
      JSON.stringify({ app: { name: 'orders', image: 'x', ports: [{ name: 'http', containerPort: 99999 }] } }),
    );
    expect(problem(res).errors).toEqual([
      { pointer: '/app/ports/0/containerPort', detail: 'containerPort must not be greater than 65535' },
    ]);
  });

  it('a syntax error', async () => {
    const res = await send('/v1/charts', 'application/yaml', 'app:\n  name: orders\n  image: [a, b\n');
    expect(res.statusCode).toBe(400);
    const [error] = problem(res).errors;
    expect(error).toMatchObject({ pointer: '', line: 4, column: 1 });
    expect(error!.detail).toMatch(/^the body is not valid YAML: line 4, column 1: /);
  });

  it('a key given twice is refused at its second place', async () => {
    const res = await send('/v1/bundles', 'application/yaml', 'app:\n  name: orders\n  image: x\n  name: payments\n');
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors).toEqual([
      {
        pointer: '/app/name',
        detail: 'line 4, column 3: "name" is given more than once in this object; give each field once',
        line: 4,
        column: 3,
      },
    ]);
  });

  it('a second document, a sequence, a scalar, an empty body', async () => {
    const cases: [string, RegExp][] = [
      [
        'app:\n  name: a\n---\napp:\n  name: b\n',
        /^line 3, column 1: a second YAML document; the body must be one document/,
      ],
      ['- app: {}\n', /^line 1, column 1: the body must be a mapping \(the request object\), not a sequence/],
      ['hello\n', /^line 1, column 1: the body must be a mapping \(the request object\), not a scalar/],
      ['# nothing\n', /^the body is empty; send the request object as one YAML document/],
    ];
    for (const [yaml, detail] of cases) {
      const res = await send('/v1/bundles', 'application/yaml', yaml);
      expect(res.statusCode, yaml).toBe(400);
      expect(problem(res).errors[0]!.detail, yaml).toMatch(detail);
    }
  });

  it("the validation endpoint's limits: aliases, nesting, size", async () => {
    const bomb = `app:\n  name: a\n  image: b\nx: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `b${i}: &b${i} [${Array(10)
          .fill(i ? `*b${i - 1}` : '*a')
          .join(', ')}]`,
    ).join('\n')}\n`;
    const aliases = await send('/v1/bundles', 'application/yaml', bomb);
    expect(aliases.statusCode).toBe(400);
    expect(problem(aliases).errors[0]!.detail).toMatch(/aliases are limited to 100 per document/);

    const deep = await send(
      '/v1/bundles',
      'application/yaml',
      `app:\n  labels: ${'['.repeat(300)}${']'.repeat(300)}\n`,
    );
    expect(deep.statusCode).toBe(400);
    expect(problem(deep).errors[0]!.detail).toMatch(/nesting deeper than 64 levels/);

    const blockDeep = `app:\n${Array.from({ length: 70 }, (_, d) => `${'  '.repeat(d + 1)}a${d}:`).join('\n')} 1\n`;
    const deepBlock = await send('/v1/bundles', 'application/yaml', blockDeep);
    expect(deepBlock.statusCode).toBe(400);
    expect(problem(deepBlock).errors[0]).toMatchObject({
      pointer: '',
      line: 66,
      detail: expect.stringMatching(/nesting deeper than 64 levels/),
    });

    const big = await send('/v1/bundles', 'application/yaml', `app:\n  name: ${'a'.repeat(256 * 1024)}\n`);
    expect(big.statusCode).toBe(413);
  });

  it('other media types are still a 415 naming the accepted ones', async () => {
    const res = await send('/v1/bundles', 'text/plain', 'app: {}');
    expect(res.statusCode).toBe(415);
    expect(problem(res).detail).toBe(
      'unsupported Content-Type "text/plain"; send application/json or application/yaml or application/x-yaml or text/yaml or text/x-yaml',
    );
  });
});

describe('a JSON request that gives a field twice is refused (JSON.parse would keep the last)', () => {
  it.each(['/v1/bundles', '/v1/charts'])('%s', async (url) => {
    const text =
      '{\n  "app": {\n    "name": "orders",\n    "image": "ghcr.io/acme/orders:1.4.2",\n    "name": "payments"\n  }\n}';
    const res = await send(url, 'application/json', text);
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors).toEqual([
      {
        pointer: '/app/name',
        detail: 'line 5, column 5: "name" is given more than once in this object; give each field once',
        line: 5,
        column: 5,
      },
    ]);
  });

  it('names inside arrays and escaped names are compared as JSON reads them', async () => {
    const text = JSON.stringify({ app: { name: 'orders', image: 'x', env: [{ name: 'A', value: 'b' }] } }).replace(
      '"value":"b"',
      '"value":"b","valu\\u0065":"c"',
    );
    const res = await send('/v1/bundles', 'application/json', text);
    expect(problem(res).errors.map((e) => e.pointer)).toEqual(['/app/env/0/value']);
  });
});
