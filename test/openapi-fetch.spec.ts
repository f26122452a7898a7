// The contract as a second generator sees it: types generated from the committed openapi/openapi.json
// by openapi-typescript (run as its users run it: its command, from a folder of their own, so with
// its default lint rules), and a client program using openapi-fetch's default client (no media type
// picked by hand) that must type-check under `tsc --strict` with noUncheckedIndexedAccess, then run
// against the real app on a loopback port.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { examplesIn, listeningApp, REPO_EXAMPLES_DIR } from './support/app.js';
import { SPEC_FILE } from './support/openapi-spec.js';
import { REPO_ROOT } from './support/programs.js';
import { runTsc } from './support/tsc.js';

const run = promisify(execFile);
const requireHere = createRequire(import.meta.url);
const versionOf = (name: string) => (requireHere(`${name}/package.json`) as { version: string }).version;
const GENERATOR = join(REPO_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
const API_KEY = 'fetch-test-key-0123456789';

/** The client program: a consumer's code against the generated `paths` and `components` only. */
const USAGE = `
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

type BundleRequest = components['schemas']['BundleRequest'];
type Manifest = components['schemas']['BundleResponse']['manifests'][number];

export function connect(baseUrl: string, apiKey: string): Client<paths> {
  return createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey } });
}

/** The default client types the 200 body as the JSON bundle: no narrowing, no media type by hand. */
export async function bundleOf(client: Client<paths>, request: BundleRequest): Promise<{ digest: string; workload: string; manifests: Manifest[] }> {
  const { data, error } = await client.POST('/v1/bundles', { body: request });
  if (error) throw new Error(\`createBundle: \${error.status} \${error.detail}\`);
  return { digest: data.digest, workload: data.summary.workload.name, manifests: data.manifests };
}

export async function yamlOf(client: Client<paths>, request: BundleRequest): Promise<string> {
  const { data, error } = await client.POST('/v1/bundles', { body: request, headers: { accept: 'application/yaml' }, parseAs: 'text' });
  if (error) throw new Error(\`createBundle: \${error.detail}\`);
  return data;
}

export async function chartOf(client: Client<paths>, request: BundleRequest): Promise<Uint8Array> {
  const { data, error } = await client.POST('/v1/charts', { body: { ...request, chart: { version: '2.0.0' } }, parseAs: 'arrayBuffer' });
  if (error) throw new Error(\`createChart: \${error.detail}\`);
  return new Uint8Array(data);
}

export async function reportOf(client: Client<paths>, manifests: Manifest[]): Promise<{ valid: boolean; errors: number; rules: string[] }> {
  const { data, error } = await client.POST('/v1/validations', { body: { manifests }, params: { query: { kubernetesVersion: '1.33', podSecurity: 'restricted' } } });
  if (error) throw new Error(\`validateBundle: \${error.detail}\`);
  return { valid: data.valid, errors: data.summary.errors, rules: data.findings.map((f) => f.rule) };
}

export async function sarifOf(client: Client<paths>, manifests: Manifest[]): Promise<unknown> {
  const { data, error } = await client.POST('/v1/validations', { body: { manifests }, headers: { accept: 'application/sarif+json' }, parseAs: 'text' });
  if (error) throw new Error(\`validateBundle: \${error.detail}\`);
  return JSON.parse(data);
}

export async function invalidPort(client: Client<paths>, request: BundleRequest): Promise<{ status: number; pointers: string[] }> {
  const { error, response } = await client.POST('/v1/bundles', { body: { ...request, app: { ...request.app, ports: [{ name: 'http', containerPort: 70000 }] } } });
  if (!error) throw new Error('expected a 400');
  return { status: response.status, pointers: (error.errors ?? []).map((e) => e.pointer) };
}

export async function ruleTitle(client: Client<paths>, id: string): Promise<string> {
  const { data, error } = await client.GET('/v1/rules/{id}', { params: { path: { id } } });
  if (error) throw new Error(\`getRule: \${error.detail}\`);
  return data.title;
}
`;

type Usage = Record<string, (...args: any[]) => Promise<any> | any>;

let dir: string;
let app: NestFastifyApplication | undefined;
let baseUrl: string;
let usage: Usage;
let generatorOutput: { stdout: string; stderr: string };
const example = examplesIn(REPO_EXAMPLES_DIR).find((e) => e.file === 'orders-logging-egress.json')!.body;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openapi-fetch-'));
  // the consumer's project: openapi-fetch from this repository's pinned install
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  generatorOutput = await run(process.execPath, [GENERATOR, SPEC_FILE, '--output', join(dir, 'schema.ts')], {
    cwd: dir,
  });
  writeFileSync(join(dir, 'usage.ts'), USAGE);
  usage = (await import(pathToFileURL(join(dir, 'usage.ts')).href)) as Usage;
  ({ app, baseUrl } = await listeningApp({ config: { apiKeys: [API_KEY], rateLimit: undefined } }));
});

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`types by openapi-typescript ${versionOf('openapi-typescript')} with openapi-fetch ${versionOf('openapi-fetch')}`, () => {
  it('generates without a warning', () => {
    // its lint findings are printed as "⚠" lines on stderr
    expect(generatorOutput.stderr).not.toMatch(/⚠|warn/i);
    expect(generatorOutput.stdout).toMatch(/openapi-typescript \d/);
  });

  it('type-checks the client program under tsc --strict with no error', async () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: false,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          lib: ['es2023', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        include: ['*.ts'],
      }),
    );
    expect(await runTsc(['-p', join(dir, 'tsconfig.json')], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  }, 180_000); // a full check of the generated types and openapi-fetch's, no skipLibCheck

  it('calls the service: JSON and YAML bundles, a chart, a report and SARIF, a rule, a 400 with pointers', async () => {
    const client = usage.connect(baseUrl, API_KEY);
    const bundle = await usage.bundleOf(client, example);
    expect(bundle.workload).toBe(example.app.name);
    expect(bundle.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const yaml: string = await usage.yamlOf(client, example);
    expect(parseAllDocuments(yaml).map((d) => d.toJS())).toEqual(bundle.manifests);
    const chart: Uint8Array = await usage.chartOf(client, example);
    expect([...chart.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(await usage.reportOf(client, bundle.manifests)).toMatchObject({ valid: true, errors: 0 });
    const sarif = await usage.sarifOf(client, bundle.manifests);
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'pod-patterns' } } }] });
    expect(await usage.ruleTitle(client, 'pod.port-collision')).toEqual(expect.any(String));
    expect(await usage.invalidPort(client, example)).toEqual({ status: 400, pointers: ['/app/ports/0/containerPort'] });
  });
});
