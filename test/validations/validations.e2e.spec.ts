// POST /v1/validations and GET /v1/rules over HTTP: YAML and JSON input, line/column, SARIF,
// every rule page's examples, the generated examples fed back, and malformed input.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/core/rules/index.js';
import { YAML_EXAMPLE } from '../../src/validations/validations.controller.js';
import { openApiDocumentOf } from '../../src/app.factory.js';
import { examplesIn, REPO_EXAMPLES_DIR, startTestApp } from '../support/app.js';
import { SHARED_DIR } from '../support/programs.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const server = () => app.getHttpServer();
const postYaml = (yaml: string, query = '', accept = 'application/json') =>
  request(server())
    .post(`/v1/validations${query}`)
    .set('content-type', 'application/yaml')
    .set('accept', accept)
    .send(yaml);

interface Report {
  valid: boolean;
  profile: string;
  summary: { objects: number; errors: number; warnings: number; info: number };
  findings: {
    rule: string;
    severity: string;
    message: string;
    path?: string;
    field?: string;
    line?: number;
    column?: number;
    resource?: { kind: string; name?: string; index: number };
  }[];
}

const report = (res: request.Response): Report => {
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(res.text) as Report;
};

const DEPLOYMENT = YAML_EXAMPLE;

describe('POST /v1/validations', () => {
  it('reports YAML findings with rule, resource, path, field, line and column', async () => {
    const body = report(await postYaml(DEPLOYMENT, '?kubernetesVersion=1.33&podSecurity=restricted'));
    expect(body.valid).toBe(false);
    expect(body.profile).toBe('restricted:v1.33');
    expect(body.summary.objects).toBe(1);
    expect(body.summary.errors).toBe(body.findings.filter((f) => f.severity === 'error').length);
    const typo = body.findings.find((f) => f.rule === 'schema.unknown-field');
    expect(typo).toEqual({
      rule: 'schema.unknown-field',
      severity: 'error',
      message: 'unknown field "imagePullpolicy"',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'orders', index: 0 },
      path: '/spec/template/spec/containers/0/imagePullpolicy',
      field: 'spec.template.spec.containers[0].imagePullpolicy',
      line: 18,
      column: 11,
    });
    // restricted: the pod sets no securityContext at all
    expect(body.findings.filter((f) => f.rule.startsWith('pss.')).map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'pss.allow-privilege-escalation',
        'pss.run-as-non-root',
        'pss.seccomp-restricted',
        'pss.capabilities-restricted',
      ]),
    );
    // errors come first
    const order = body.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('applies the baseline level when asked (no restricted checks)', async () => {
    const body = report(
      await postYaml(DEPLOYMENT.replace('imagePullpolicy', 'imagePullPolicy'), '?podSecurity=baseline'),
    );
    expect(body).toMatchObject({ valid: true, profile: 'baseline:v1.33' });
    expect(body.findings.filter((f) => f.rule.startsWith('pss.'))).toEqual([]);
  });

  it('takes the JSON form, unwraps kind: List, and has no positions there', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'My_Settings' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } },
      ],
    };
    const body = report(
      await request(server())
        .post('/v1/validations')
        .send({ manifests: [list] }),
    );
    expect(body.summary.objects).toBe(2);
    expect(body.findings).toEqual([
      expect.objectContaining({
        rule: 'meta.name',
        path: '/metadata/name',
        resource: expect.objectContaining({ name: 'My_Settings', index: 0 }),
      }),
    ]);
    expect(body.findings[0].line).toBeUndefined();
  });

  it('reports duplicate keys where they are', async () => {
    const body = report(
      await postYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: one\n  k: two\n'),
    );
    expect(body.findings).toEqual([
      expect.objectContaining({ rule: 'parse.duplicate-key', severity: 'error', path: '/data/k', line: 7, column: 3 }),
    ]);
  });

  it('answers SARIF 2.1.0 with rules (help URIs) and results with regions', async () => {
    const res = await postYaml(DEPLOYMENT, '?source=deploy/orders.yaml', 'application/sarif+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/sarif+json; charset=utf-8');
    const sarif = JSON.parse(res.text);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('pod-patterns');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    const typoRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'schema.unknown-field');
    expect(typoRule.helpUri).toMatch(/^http:\/\/[^/]+\/v1\/rules\/schema\.unknown-field$/);
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'schema.unknown-field');
    expect(result).toMatchObject({
      level: 'error',
      message: { text: 'unknown field "imagePullpolicy"' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/orders.yaml' },
            region: { startLine: 18, startColumn: 11 },
          },
        },
      ],
    });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('schema.unknown-field');
    // the helpUri serves the page
    const page = await request(server()).get(new URL(typoRule.helpUri).pathname).expect(200);
    expect(JSON.parse(page.text).id).toBe('schema.unknown-field');
  });

  it('takes the YAML media types with parameters', async () => {
    for (const type of ['application/yaml; charset=utf-8', 'text/yaml', 'application/x-yaml']) {
      const res = await request(server()).post('/v1/validations').set('content-type', type).send(DEPLOYMENT);
      expect(
        report(res).findings.some((f) => f.rule === 'schema.unknown-field' && f.line === 18),
        type,
      ).toBe(true);
    }
  });

  it('gives the same bytes for the same input', async () => {
    const a = await postYaml(DEPLOYMENT);
    const b = await postYaml(DEPLOYMENT);
    expect(a.text).toBe(b.text);
  });

  it('answers 406 for an Accept it cannot produce and 400 for unknown or bad query parameters', async () => {
    expect((await postYaml(DEPLOYMENT, '', 'text/html')).status).toBe(406);
    const bad = await postYaml(DEPLOYMENT, '?kubernetesVersion=1.99&podsecurity=restricted');
    expect(bad.status).toBe(400);
    expect(
      JSON.parse(bad.text)
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/kubernetesVersion', '/podsecurity']);
  });
});

describe('generated examples fed back', () => {
  const dirs = [join(SHARED_DIR, 'examples'), REPO_EXAMPLES_DIR];
  const examples = dirs.flatMap((dir) => examplesIn(dir).map((e) => ({ ...e, dir })));

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  for (const { file, body, dir } of examples) {
    it(`${dir.includes('shared') ? 'shared' : 'repo'}/${file}: the YAML bundle is valid with no error at its own target`, async () => {
      const bundle = await request(server()).post('/v1/bundles').set('accept', 'application/yaml').send(body);
      expect(bundle.status, bundle.text).toBe(200);
      const target = body.target ?? {};
      const query = `?kubernetesVersion=${target.kubernetesVersion ?? '1.33'}&podSecurity=${target.podSecurity ?? 'restricted'}`;
      const result = report(await postYaml(bundle.text, query));
      expect(result.summary.objects).toBe(parseAllDocuments(bundle.text).length);
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }
});

describe('the OpenAPI document', () => {
  it('names the validator operations of the contract', () => {
    const paths = openApiDocumentOf(app).paths as Record<string, Record<string, { operationId: string }>>;
    expect(paths['/v1/validations']?.post?.operationId).toBe('validateBundle');
    expect(paths['/v1/rules']?.get?.operationId).toBe('listRules');
    expect(paths['/v1/rules/{id}']?.get?.operationId).toBe('getRule');
  });
});

describe('GET /v1/rules', () => {
  const RULES_MD = [
    'parse.yaml',
    'parse.duplicate-key',
    'schema.kind',
    'schema.type',
    'schema.unknown-field',
    'api.deprecated',
    'api.removed',
    'bundle.duplicate-object',
    'meta.name',
    'meta.labels',
    'meta.annotations',
    'pod.containers',
    'container.name',
    'container.ports',
    'pod.port-collision',
    'container.volume-mount',
    'pod.volumes',
    'container.env',
    'container.resources',
    'container.probe',
    'pod.native-sidecar',
    'workload.selector',
    'service.ports',
    'service.selects-pods',
    'service.target-port',
    'ref.exists',
  ];

  it('lists every rule of rules.md and at least one rule of each family pss.*, bp.*, pattern.*', async () => {
    const res = await request(server()).get('/v1/rules').expect(200);
    const ids: string[] = JSON.parse(res.text).rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(RULES_MD));
    for (const family of ['pss.', 'bp.', 'pattern.'])
      expect(
        ids.some((id) => id.startsWith(family)),
        family,
      ).toBe(true);
    expect(JSON.parse(res.text).rules[0]).toEqual({
      id: 'parse.yaml',
      layer: 'parse',
      severity: 'error',
      title: expect.any(String),
      href: '/v1/rules/parse.yaml',
    });
  });

  it('answers 404 problem+json for an unknown rule', async () => {
    const res = await request(server()).get('/v1/rules/no.such-rule').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text).detail).toMatch(/unknown rule "no\.such-rule"/);
  });

  for (const rule of ALL_RULES) {
    it(`${rule.id}: the page's failing example raises it over HTTP, the passing one does not`, async () => {
      const page = JSON.parse((await request(server()).get(`/v1/rules/${rule.id}`).expect(200)).text);
      expect(page).toMatchObject({
        id: rule.id,
        layer: rule.layer,
        severity: rule.severity,
        rationale: expect.any(String),
      });
      const query = `?kubernetesVersion=${page.examples.kubernetesVersion}&podSecurity=${page.examples.podSecurity}`;
      const failing = await postYaml(page.examples.failing, query);
      if (rule.id === 'parse.yaml') {
        expect(failing.status).toBe(400);
        expect(JSON.parse(failing.text).errors[0].detail).toMatch(/^parse\.yaml: document 1, line \d+, column \d+/);
      } else {
        expect(report(failing).findings.map((f) => f.rule)).toContain(rule.id);
      }
      const passing = report(await postYaml(page.examples.passing, query));
      expect(passing.findings.filter((f) => f.rule === rule.id)).toEqual([]);
      expect(passing.valid).toBe(true);
    });
  }
});
