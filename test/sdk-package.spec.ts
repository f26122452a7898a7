// The published SDK (sdk/typescript, @pod-patterns/client): the committed generated code is what
// `npm run sdk` makes from the committed spec (drift check), and the package works as its users get
// it: `npm pack`, installed from the tarball into an empty project with no other dependency,
// type-checked there under `tsc --strict`, then run by node against the real app.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GENERATED, generateSdk, packageJsonFor, SDK_DIR, SPEC_FILE } from '../scripts/sdk.mjs';
import { examplesIn, listeningApp, REPO_EXAMPLES_DIR } from './support/app.js';
import { REPO_ROOT } from './support/programs.js';
import { runTsc } from './support/tsc.js';

const run = promisify(execFile);
const API_KEY = 'sdk-package-key-0123456789';
const REGENERATE = 'the committed SDK is not what the spec generates: run `npm run sdk` and commit sdk/typescript';

/** Every file under `dir`, by path relative to it, with its text. */
function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The files that differ between the committed SDK and one generated into `packageDir`. */
function driftOf(packageDir: string, spec: string): string[] {
  const committed = filesIn(join(SDK_DIR, GENERATED));
  const generated = filesIn(join(packageDir, GENERATED));
  const names = [...new Set([...Object.keys(committed), ...Object.keys(generated)])].sort();
  const drift = names.filter((n) => committed[n] !== generated[n]).map((n) => `${GENERATED}/${n}`);
  if (readFileSync(join(SDK_DIR, 'package.json'), 'utf8') !== packageJsonFor(SDK_DIR, spec))
    drift.push('package.json (version)');
  return drift;
}

/** The consumer's program: README usage, against the installed package's declarations only. */
const CONSUMER = `
import { connect, createBundle, createChart, validateBundle, type BundleRequest, type Problem, type ValidationReport } from '@pod-patterns/client';

const client = connect({ baseUrl: process.env.BASE_URL!, apiKey: process.env.API_KEY });
const request = JSON.parse(process.env.REQUEST!) as BundleRequest;

const bundle = await createBundle({ client, body: request });
if (bundle.error) throw new Error(bundle.error.detail);
const yaml = await createBundle({ client, body: request, headers: { Accept: 'application/yaml' }, parseAs: 'text' });
const chart = await createChart({ client, body: { ...request, chart: { version: '1.2.3' } } });
if (chart.error) throw new Error(chart.error.detail);
const yamlText = yaml.data as unknown as string;
const asYaml = { body: yamlText as never, bodySerializer: (text: unknown) => text as string };
const report = await validateBundle({ client, ...asYaml, headers: { 'Content-Type': 'application/yaml' }, query: { kubernetesVersion: '1.31', podSecurity: 'restricted' } });
const broken = yamlText.replace(/allowPrivilegeEscalation: false/, 'allowPrivilegeEscalation: true');
const brokenReport = await validateBundle({ client, body: broken as never, bodySerializer: (text: unknown) => text as string, headers: { 'Content-Type': 'application/yaml' } });
const sarif = await validateBundle({ client, ...asYaml, headers: { 'Content-Type': 'application/yaml', Accept: 'application/sarif+json' }, query: { source: 'deploy/app.yaml' }, parseAs: 'text' });
const invalid = await createBundle({ client, body: { ...request, app: { ...request.app, ports: [{ name: 'http', containerPort: 70000 }] } } });
const problem: Problem | undefined = invalid.error;
const reportOf = (r: unknown) => r as ValidationReport;

process.stdout.write(JSON.stringify({
  digest: bundle.data.digest,
  manifests: bundle.data.manifests,
  yaml: yamlText,
  yamlType: yaml.response?.headers.get('content-type'),
  chart: Buffer.from(await chart.data.arrayBuffer()).toString('base64'),
  disposition: chart.response?.headers.get('content-disposition'),
  report: { valid: reportOf(report.data).valid, errors: reportOf(report.data).summary.errors },
  broken: reportOf(brokenReport.data).findings.filter((f) => f.severity === 'error').map((f) => ({ rule: f.rule, line: f.line, column: f.column })),
  sarif: JSON.parse(sarif.data as unknown as string),
  problem: { status: invalid.response?.status, type: invalid.response?.headers.get('content-type'), pointers: (problem?.errors ?? []).map((e) => e.pointer) },
}));
`;

let work: string;
let app: NestFastifyApplication | undefined;
let baseUrl: string;
let tarball: string;
const example = examplesIn(REPO_EXAMPLES_DIR).find((e) => e.file === 'orders-logging-egress.json')!.body;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sdk-package-'));
  ({ app, baseUrl } = await listeningApp({ config: { apiKeys: [API_KEY], rateLimit: undefined } }));
}, 60_000);

afterAll(async () => {
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the SDK is what the committed spec generates', () => {
  it('has the generated code and version `npm run sdk` writes', async () => {
    const dir = join(work, 'regenerated');
    cpSync(join(SDK_DIR, 'package.json'), join(dir, 'package.json'), { recursive: true });
    await generateSdk(dir, SPEC_FILE);
    expect(driftOf(dir, SPEC_FILE), REGENERATE).toEqual([]);
  });

  it('notices a changed spec: a new field is drift until the SDK is regenerated', async () => {
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
    spec.components.schemas.App.properties.priorityClassName = { type: 'string' };
    spec.info.version = '9.9.9';
    const changed = join(work, 'changed-spec.json');
    writeFileSync(changed, JSON.stringify(spec));
    const dir = join(work, 'from-changed');
    cpSync(join(SDK_DIR, 'package.json'), join(dir, 'package.json'));
    await generateSdk(dir, changed);
    expect(driftOf(dir, changed)).toEqual([`${GENERATED}/types.gen.ts`, 'package.json (version)']);
  });
});

describe('@pod-patterns/client, packed and installed into an empty project', () => {
  let result: Record<string, any>;

  beforeAll(async () => {
    // the package folder as committed (no dist): npm pack builds it (prepack)
    const pkg = join(work, 'package');
    mkdirSync(pkg);
    for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'src'])
      cpSync(join(SDK_DIR, entry), join(pkg, entry), { recursive: true });
    const env = { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` };
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg, env });
    tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // offline: the package has no dependency to fetch
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: consumer });
    writeFileSync(join(consumer, 'main.ts'), CONSUMER);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023', 'dom'],
          types: [],
          skipLibCheck: false,
          outDir: 'out',
        },
        include: ['main.ts', 'globals.d.ts'],
      }),
    );
    // Buffer and process come from @types/node of this repository, as a consumer would install them
    writeFileSync(
      join(consumer, 'globals.d.ts'),
      `/// <reference path="${join(REPO_ROOT, 'node_modules', '@types', 'node', 'index.d.ts')}" />\n`,
    );
    const compiled = await runTsc(['-p', 'tsconfig.json', '--listEmittedFiles'], consumer);
    result = { tsc: compiled.stdout, tscExit: compiled.code, tscStderr: compiled.stderr };
    if (!existsSync(join(consumer, 'out', 'main.js'))) return;
    const output = await run(process.execPath, ['out/main.js'], {
      cwd: consumer,
      env: { ...process.env, BASE_URL: baseUrl, API_KEY, REQUEST: JSON.stringify(example) },
      maxBuffer: 64 * 1024 * 1024,
    });
    result = { ...result, ...JSON.parse(output.stdout) };
  }, 240_000);

  it('packs ESM with type declarations, README and package.json only, versioned as the API', () => {
    const listing = readFileSync(tarball);
    expect(listing.length).toBeGreaterThan(1000);
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
    expect(tarball.endsWith(`pod-patterns-client-${spec.info.version}.tgz`)).toBe(true);
    const names = tarEntries(gunzipSync(listing)).map((e) => e.name);
    expect(names).toContain('package/dist/index.js');
    expect(names).toContain('package/dist/index.d.ts');
    expect(names).toContain('package/README.md');
    expect(names.filter((n) => !/^package\/(dist\/.+\.(js|d\.ts)|README\.md|package\.json)$/.test(n))).toEqual([]);
  });

  it('type-checks a consumer under tsc --strict against the installed declarations', () => {
    expect(result.tsc.split('\n').filter((l: string) => l && !l.startsWith('TSFILE:'))).toEqual([]);
    expect([result.tscExit, result.tscStderr]).toEqual([0, '']);
  });

  it('creates a bundle as JSON and as YAML', () => {
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.yamlType).toMatch(/^application\/yaml/);
    expect(parseAllDocuments(result.yaml).map((d) => d.toJS())).toEqual(result.manifests);
  });

  it('downloads a chart: a gzip tarball whose first entry is <name>/Chart.yaml', () => {
    const bytes = Buffer.from(result.chart, 'base64');
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const entries = tarEntries(gunzipSync(bytes));
    expect(entries[0].name).toBe(`${example.app.name}/Chart.yaml`);
    expect(entries[0].text).toMatch(/^apiVersion: v2$/m);
    expect(entries[0].text).toMatch(/^version: 1\.2\.3$/m);
    expect(result.disposition).toBe(`attachment; filename="${example.app.name}-1.2.3.tgz"`);
  });

  it('validates YAML: a clean report, an error with its line, and SARIF 2.1.0 on the named file', () => {
    expect(result.report).toEqual({ valid: true, errors: 0 });
    const line = result.yaml.split('\n').findIndex((l: string) => l.includes('allowPrivilegeEscalation: false')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(result.broken).toContainEqual({ rule: expect.stringMatching(/^pss\./), line, column: expect.any(Number) });
    expect(result.sarif.version).toBe('2.1.0');
    expect(result.sarif.runs[0].artifacts).toEqual([{ location: { uri: 'deploy/app.yaml' } }]);
  });

  it('gets a typed 400 problem with a pointer to the bad field', () => {
    expect(result.problem).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/problem\+json/),
      pointers: ['/app/ports/0/containerPort'],
    });
  });
});

/** The entries of an (uncompressed) ustar archive, in order. */
function tarEntries(tar: Buffer): { name: string; text: string }[] {
  const entries: { name: string; text: string }[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const field = (start: number, length: number) =>
      tar
        .subarray(offset + start, offset + start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    entries.push({ name, text: tar.subarray(offset + 512, offset + 512 + size).toString('utf8') });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
