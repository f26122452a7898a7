// The contract as a generated client sees it: a TypeScript SDK generated from the committed
// openapi/openapi.json by @hey-api/openapi-ts, a small client program written against it that must
// type-check with the project's tsc, and that program run against the real app on a loopback port.
// Every answer it gets is also checked against the document's schema for that response, with
// objects closed, so a field the document does not declare fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient as generateClient } from '@hey-api/openapi-ts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { examplesIn, listeningApp, REPO_EXAMPLES_DIR } from './support/app.js';
import { loadCommittedSpec, SPEC_FILE, SpecSchemas } from './support/openapi-spec.js';
import { REPO_ROOT } from './support/programs.js';
import { runTsc } from './support/tsc.js';

const GENERATOR_VERSION = (createRequire(import.meta.url)('@hey-api/openapi-ts/package.json') as { version: string })
  .version;
const API_KEY = 'sdk-test-key-0123456789';

/** The client program: written as a consumer would, against the generated names and types only. */
const USAGE = `
import { createClient, type Client } from './sdk/client/index.js';
import { createBundle, createChart, getPattern, listRules, validateBundle } from './sdk/index.js';
import type { BundleRequest, BundleResponse, LogForwarderParams, Pattern, Problem as ProblemBody, RuleList, ValidateBundleData, ValidationReport } from './sdk/index.js';

/** validateBundle's typed (JSON) body is the object only: YAML text goes with a YAML Content-Type. */
export const yamlTextIsNotTheJsonBody: string extends ValidateBundleData['body'] ? false : true = true;

export interface Problem {
  status: number;
  contentType: string | null;
  problem: ProblemBody;
}

export function connect(baseUrl: string, apiKey?: string): Client {
  return createClient({ baseUrl, auth: apiKey });
}

export async function bundleOf(client: Client, request: BundleRequest): Promise<{ bundle: BundleResponse; etag: string | null; contentType: string | null }> {
  const result = await createBundle({ client, body: request });
  if (result.error) throw new Error(\`createBundle: \${result.error.status} \${result.error.detail}\`);
  return { bundle: result.data, etag: headerOf(result, 'etag'), contentType: headerOf(result, 'content-type') };
}

/** The same bundle as YAML: the response types describe JSON, so the text is read as such. */
export async function bundleYamlOf(client: Client, request: BundleRequest): Promise<{ yaml: string; contentType: string | null }> {
  const result = await createBundle({ client, body: request, headers: { Accept: 'application/yaml' }, parseAs: 'text' });
  const text: unknown = result.data;
  if (typeof text !== 'string') throw new Error('createBundle: no YAML text');
  return { yaml: text, contentType: headerOf(result, 'content-type') };
}

export async function logForwarder(client: Client): Promise<Pattern> {
  const result = await getPattern({ client, path: { kind: 'sidecar', preset: 'log-forwarder' } });
  if (result.error) throw new Error(\`getPattern: \${result.error.detail}\`);
  return result.data;
}

export async function rules(client: Client): Promise<RuleList> {
  const result = await listRules({ client });
  if (result.error) throw new Error(\`listRules: \${result.error.detail}\`);
  return result.data;
}

export async function reportOn(client: Client, manifests: BundleResponse['manifests']): Promise<ValidationReport> {
  const result = await validateBundle({ client, body: { manifests }, query: { kubernetesVersion: '1.33', podSecurity: 'restricted' } });
  if (result.error) throw new Error(\`validateBundle: \${result.error.detail}\`);
  return result.data;
}

export async function chartOf(client: Client, request: BundleRequest, version: string): Promise<{ bytes: Uint8Array; disposition: string | null; contentType: string | null }> {
  const result = await createChart({ client, body: { ...request, chart: { version } } });
  if (result.error) throw new Error(\`createChart: \${result.error.detail}\`);
  const blob: Blob = result.data;
  return { bytes: new Uint8Array(await blob.arrayBuffer()), disposition: headerOf(result, 'content-disposition'), contentType: headerOf(result, 'content-type') };
}

/** The response is absent only when the request failed before one arrived. */
function headerOf(result: { response?: Response }, name: string): string | null {
  return result.response?.headers.get(name) ?? null;
}

function problemOf(result: { error?: ProblemBody; response?: Response }): Problem {
  if (!result.error || !result.response) throw new Error(\`expected an error response, got \${result.response?.status}\`);
  return { status: result.response.status, contentType: headerOf(result, 'content-type'), problem: result.error };
}

/** 400: a port out of range. */
export async function invalidPort(client: Client, request: BundleRequest): Promise<Problem> {
  return problemOf(await createBundle({ client, body: { ...request, app: { ...request.app, ports: [{ name: 'http', containerPort: 70000 }] } } }));
}

/** 422: two log forwarders whose HTTP servers take the same port of the pod. */
export async function portCollision(client: Client, request: BundleRequest): Promise<Problem> {
  const logs: LogForwarderParams = { preset: 'log-forwarder', name: 'logs', logDir: '/var/log/app', output: { type: 'stdout' }, httpPort: 2020 };
  return problemOf(await createBundle({ client, body: { ...request, sidecars: [logs, { ...logs, name: 'audit', logDir: '/var/log/audit' }] } }));
}

/** 401: no API key where the service has keys configured. */
export async function withoutKey(client: Client): Promise<Problem> {
  return problemOf(await listRules({ client }));
}
`;

/** The client program's exports, as the test calls them (their types are what tsc checks above). */
type Usage = Record<string, (...args: any[]) => any>;

let dir: string;
let app: NestFastifyApplication | undefined;
let baseUrl: string;
let usage: Usage;
const schemas = new SpecSchemas(loadCommittedSpec(), true);
const example = examplesIn(REPO_EXAMPLES_DIR).find((e) => e.file === 'orders-logging-egress.json')!.body;

/** `body` is what the document promises for this operation, status and media type (closed objects). */
function expectConforms(operationId: string, status: number, mediaType: string, body: unknown): void {
  expect(
    schemas.problems(schemas.responseSchema(operationId, status, mediaType), body),
    `${operationId} ${status} ${mediaType}`,
  ).toEqual([]);
}

function expectProblem(
  result: { status: number; contentType: string | null; problem: unknown },
  operationId: string,
  status: number,
): any {
  expect(result.status).toBe(status);
  expect(result.contentType).toMatch(/^application\/problem\+json/);
  expectConforms(operationId, status, 'application/problem+json', result.problem);
  expect(result.problem).toMatchObject({ status, instance: expect.any(String) });
  return result.problem;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openapi-sdk-'));
  await generateClient({
    input: SPEC_FILE,
    output: { path: join(dir, 'sdk'), module: { extension: '.js' } },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent', file: false },
  });
  writeFileSync(join(dir, 'usage.ts'), USAGE);
  usage = (await import(pathToFileURL(join(dir, 'usage.ts')).href)) as Usage;
  ({ app, baseUrl } = await listeningApp({ config: { apiKeys: [API_KEY], rateLimit: undefined } }));
});

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`a client generated by @hey-api/openapi-ts ${GENERATOR_VERSION}`, () => {
  it("type-checks with a client program, with the project's tsc and compiler options", async () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(REPO_ROOT, 'tsconfig.json'),
        // the fetch client's types name DOM types (BodyInit), as for any consumer of it
        compilerOptions: {
          rootDir: '.',
          noEmit: true,
          noUnusedLocals: true,
          lib: ['es2023', 'dom'],
          typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        },
        include: ['**/*.ts'],
      }),
    );
    expect(await runTsc(['-p', join(dir, 'tsconfig.json')], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('createBundle: the JSON bundle, and the same manifests as YAML with Accept: application/yaml', async () => {
    const client = usage.connect(baseUrl, API_KEY);
    const { bundle, etag, contentType } = await usage.bundleOf(client, example as never);
    expect(contentType).toMatch(/^application\/json/);
    expectConforms('createBundle', 200, 'application/json', bundle);
    expect(etag).toBe(`"${bundle.digest}"`);
    expect(bundle.summary.workload).toEqual({ kind: 'Deployment', name: example.app.name });
    expect(bundle.summary.containers.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['logs', 'payments', 'metrics']),
    );
    const { yaml, contentType: yamlType } = await usage.bundleYamlOf(client, example as never);
    expect(yamlType).toMatch(/^application\/yaml/);
    expect(parseAllDocuments(yaml).map((d) => d.toJS())).toEqual(bundle.manifests);
  });

  it('getPattern and listRules', async () => {
    const client = usage.connect(baseUrl, API_KEY);
    const pattern = await usage.logForwarder(client);
    expectConforms('getPattern', 200, 'application/json', pattern);
    expect(pattern).toMatchObject({ kind: 'sidecar', id: 'log-forwarder' });
    // the check itself: a field the document does not declare fails
    expect(
      schemas.problems(schemas.responseSchema('getPattern', 200, 'application/json'), { ...pattern, extra: 1 }),
    ).toEqual(['/ must NOT have additional properties ("extra")']);
    const list = await usage.rules(client);
    expectConforms('listRules', 200, 'application/json', list);
    expect(list.rules.map((r: { id: string }) => r.id)).toContain('pod.port-collision');
  });

  it('validateBundle: the generated bundle is valid', async () => {
    const client = usage.connect(baseUrl, API_KEY);
    const { bundle } = await usage.bundleOf(client, example as never);
    const report = await usage.reportOn(client, bundle.manifests);
    expectConforms('validateBundle', 200, 'application/json', report);
    expect(report).toMatchObject({
      valid: true,
      profile: 'restricted:v1.33',
      summary: { objects: bundle.manifests.length, errors: 0 },
    });
  });

  it('createChart: a gzip tarball as bytes, named by Content-Disposition', async () => {
    const chart = await usage.chartOf(usage.connect(baseUrl, API_KEY), example as never, '1.2.3');
    expect(chart.contentType).toMatch(/^application\/gzip/);
    expect([...chart.bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(chart.bytes.length).toBeGreaterThan(1000);
    expect(chart.disposition).toBe(`attachment; filename="${example.app.name}-1.2.3.tgz"`);
  });

  it('400: a problem+json naming the field', async () => {
    const problem = expectProblem(
      await usage.invalidPort(usage.connect(baseUrl, API_KEY), example as never),
      'createBundle',
      400,
    );
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain('/app/ports/0/containerPort');
  });

  it('422: a problem+json with the error findings', async () => {
    const problem = expectProblem(
      await usage.portCollision(usage.connect(baseUrl, API_KEY), example as never),
      'createBundle',
      422,
    );
    expect(problem.findings.map((f: { rule: string }) => f.rule)).toContain('pod.port-collision');
  });

  it('401: a problem+json without the API key', async () => {
    expectProblem(await usage.withoutKey(usage.connect(baseUrl)), 'listRules', 401);
  });
});
