// The pod-patterns command as users run it: bin/pod-patterns after `npm run build`, computing
// locally, and with --server (and POD_PATTERNS_URL / POD_PATTERNS_API_KEY) against the app on a
// loopback port through the SDK. Its output is compared byte for byte with the service's answers.
//
// A run of the command is a new process that loads the whole app (seconds on a busy machine), so
// most cases call the command's own entry point, main() of the built dist/cli/main.js that the
// binary calls, in this process, with the same arguments and environment. main() still starts its
// own backend per call (locally: the app's routes in this process; remotely: the SDK). What only a
// process shows (the exit status, real stdin and stdout, no stack trace on the way out, the
// binary's own start-up) is checked by spawning bin/pod-patterns: bundle and chart in each of the
// three modes, stdin read and refused, each exit code (0, 1, 2), --help and an unreachable server.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesIn, listeningApp, REPO_EXAMPLES_DIR } from './support/app.js';
import { freePort } from './support/ports.js';
import { REPO_ROOT } from './support/programs.js';
import { compiledService } from './support/service-process.js';

const BIN = join(REPO_ROOT, 'bin', 'pod-patterns');
const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const API_KEY = 'cli-test-key-0123456789';
const examples = examplesIn(REPO_EXAMPLES_DIR);

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

interface RunOptions {
  /** adds to a clean environment (no POD_PATTERNS_* of the caller's) */
  env?: Record<string, string>;
  input?: string;
}

const cleanEnv = (options: RunOptions) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...options.env,
});

/** Runs bin/pod-patterns as a process. */
function spawned(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      NODE,
      [BIN, ...args],
      { cwd: work, env: cleanEnv(options), encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && code === -1) reject(error);
        else resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

type Main = (
  argv: string[],
  io: { out(text: string | Buffer): void; err(text: string): void; env: NodeJS.ProcessEnv; stdin?: () => string },
) => Promise<number>;
let main: Main;

/**
 * The same command through main(), the function bin/pod-patterns calls, in this process. An
 * exception main() lets escape is what the process would print and exit 1 with: its stack trace.
 */
async function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  const out: Buffer[] = [];
  let stderr = '';
  let code: number;
  try {
    code = await main(args, {
      out: (text) => out.push(Buffer.isBuffer(text) ? Buffer.from(text) : Buffer.from(text, 'utf8')),
      err: (text) => (stderr += text),
      env: cleanEnv(options),
      stdin: () => options.input ?? '',
    });
  } catch (error) {
    code = 1;
    stderr += `${(error as Error)?.stack ?? String(error)}\n`;
  }
  return { code, stdout: Buffer.concat(out), stderr };
}

/** The SARIF 2.1.0 schema (OASIS, as published on SchemaStore) with the JSON Schema draft-04 validator it needs. */
function sarifValidator(): (log: unknown) => string[] {
  const requireSarif = createRequire(require_.resolve('@microsoft/jest-sarif/package.json'));
  const Ajv = requireSarif('ajv');
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
  ajv.addMetaSchema(requireSarif('ajv/lib/refs/json-schema-draft-04.json'));
  const validate = ajv.compile(requireSarif('./lib/schemas/sarif-2.1.0-rtm.5.json'));
  return (log) =>
    validate(log)
      ? []
      : (validate.errors as { dataPath: string; message: string }[]).map((e) => `${e.dataPath} ${e.message}`);
}
const require_ = createRequire(import.meta.url);

let work: string;
let app: NestFastifyApplication | undefined;
let baseUrl: string;

/** The service's answer over HTTP, as bytes. */
async function service(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${API_KEY}`, ...headers },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cli-'));
  // what the README's set-up (`npm run build`) does before the command can run: the SDK, then the
  // service into a fresh dist/ (nest build = tsc -p tsconfig.build.json, deleteOutDir); that compile
  // is the one the service-process tests share, done once per version of the sources
  await promisify(execFile)(process.execPath, [
    join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(REPO_ROOT, 'sdk', 'typescript'),
  ]);
  rmSync(join(REPO_ROOT, 'dist'), { recursive: true, force: true });
  cpSync(compiledService(), join(REPO_ROOT, 'dist'), { recursive: true });
  ({ main } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'main.js')).href)) as { main: Main });
  ({ app, baseUrl } = await listeningApp({ config: { apiKeys: [API_KEY], rateLimit: undefined } }));
}, 300_000);

afterAll(async () => {
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const remote = () => ({ env: { POD_PATTERNS_URL: baseUrl, POD_PATTERNS_API_KEY: API_KEY } });
const modes = () =>
  [
    ['local', {}, []],
    ['POD_PATTERNS_URL', remote(), []],
    ['--server', { env: { POD_PATTERNS_API_KEY: API_KEY } }, ['--server', baseUrl]],
  ] as const;

// a spawned run starts a process (locally: the app's modules too), seconds on a busy machine
const SLOW = { timeout: 300_000 };

/** The service's bundle (YAML, JSON) and chart for a request file. */
async function served(path: string) {
  const body = readFileSync(path, 'utf8');
  const yaml = await service('/v1/bundles', body, { 'content-type': 'application/json', accept: 'application/yaml' });
  const json = await service('/v1/bundles', body, { 'content-type': 'application/json' });
  const chart = await service('/v1/charts', body, { 'content-type': 'application/json' });
  expect([yaml.status, json.status, chart.status]).toEqual([200, 200, 200]);
  const chartName = /filename="([^"]+)"/.exec(chart.headers.get('content-disposition') ?? '')![1];
  return { yaml: yaml.bytes, json: json.bytes, chart: chart.bytes, chartName };
}

describe("pod-patterns bundle and chart: the service's bytes, locally and with --server", SLOW, () => {
  it.each(examples.map((e) => e.file))('%s', async (file) => {
    const path = join(REPO_EXAMPLES_DIR, file);
    const expected = await served(path);
    for (const [mode, extra, args] of modes()) {
      const local = await cli(['bundle', path, ...args], extra);
      expect(local.stderr, mode).toBe('');
      expect(local.code, mode).toBe(0);
      expect(Buffer.compare(local.stdout, expected.yaml), `${mode}: bundle YAML bytes`).toBe(0);
      const asJson = await cli(['bundle', path, '--output', 'json', ...args], extra);
      expect(Buffer.compare(asJson.stdout, expected.json), `${mode}: bundle JSON bytes`).toBe(0);
      const dir = join(work, `charts-${mode}`);
      const written = await cli(['chart', path, '-o', dir, ...args], extra);
      expect(written.code, `${mode}: ${written.stderr}`).toBe(0);
      expect(written.stdout.toString()).toBe(`${join(dir, expected.chartName)}\n`);
      expect(Buffer.compare(readFileSync(join(dir, expected.chartName)), expected.chart), `${mode}: chart bytes`).toBe(
        0,
      );
    }
  });

  it("the binary itself: chart in each mode, bundle with a server, give the service's bytes, exit 0, nothing on stderr", async () => {
    const path = join(REPO_EXAMPLES_DIR, examples[0].file);
    const expected = await served(path);
    const runs: Promise<void>[] = [];
    for (const [mode, extra, args] of modes()) {
      const dir = join(work, `spawned-charts-${mode}`);
      runs.push(
        (async () => {
          // locally, bundle is the stdin case below
          if (mode !== 'local') {
            const yaml = await spawned(['bundle', path, ...args], extra);
            expect([yaml.code, yaml.stderr], mode).toEqual([0, '']);
            expect(Buffer.compare(yaml.stdout, expected.yaml), `${mode}: bundle YAML bytes`).toBe(0);
          }
          const chart = await spawned(['chart', path, '-o', dir, ...args], extra);
          expect([chart.code, chart.stderr], mode).toEqual([0, '']);
          expect(chart.stdout.toString()).toBe(`${join(dir, expected.chartName)}\n`);
          expect(
            Buffer.compare(readFileSync(join(dir, expected.chartName)), expected.chart),
            `${mode}: chart bytes`,
          ).toBe(0);
        })(),
      );
    }
    await Promise.all(runs);
  });

  it('two runs with another time zone, locale and folder write the same chart bytes', async () => {
    const path = join(REPO_EXAMPLES_DIR, examples[0]!.file);
    const runs = [];
    for (const [i, env] of [
      { TZ: 'UTC', LC_ALL: 'C' },
      { TZ: 'Pacific/Chatham', LC_ALL: 'tr_TR.UTF-8' },
    ].entries()) {
      const dir = join(work, `twice-${i}`);
      const run = await spawned(['chart', path, '-o', dir], { env }); // two processes: the binary's own start
      expect(run.code, run.stderr).toBe(0);
      runs.push(readFileSync(run.stdout.toString().trim()));
    }
    expect(Buffer.compare(runs[0]!, runs[1]!)).toBe(0);
  });

  it('reads YAML requests and stdin: the same bytes as the JSON request', async () => {
    const { file, body } = examples[0];
    const expected = await cli(['bundle', join(REPO_EXAMPLES_DIR, file)]);
    const yamlFile = join(work, 'request.yaml');
    writeFileSync(yamlFile, (await import('yaml')).stringify(body));
    const fromYaml = await cli(['bundle', yamlFile]);
    expect(Buffer.compare(fromYaml.stdout, expected.stdout)).toBe(0);
    // the process's own stdin (and the binary's local bundle: the service's bytes, exit 0)
    const fromStdin = await spawned(['bundle', '-'], { input: JSON.stringify(body) });
    expect([fromStdin.code, fromStdin.stderr]).toEqual([0, '']);
    expect(Buffer.compare(fromStdin.stdout, (await served(join(REPO_EXAMPLES_DIR, file))).yaml)).toBe(0);
    expect(Buffer.compare(fromStdin.stdout, expected.stdout)).toBe(0);
  });

  it("a bad request: the service's message at the field's line and column, exit 2, locally and with --server", async () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(
      file,
      'app:\n  name: orders\n  image: nginx:1.27\n  ports:\n    - name: http\n      containerPort: 70000\n',
    );
    const problem = await service(
      '/v1/bundles',
      JSON.stringify({ app: { name: 'orders', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 70000 }] } }),
      { 'content-type': 'application/json' },
    );
    const detail = (JSON.parse(problem.bytes.toString()) as { errors: { pointer: string; detail: string }[] })
      .errors[0];
    expect(detail.pointer).toBe('/app/ports/0/containerPort');
    const message = `${file}:6:7: error: /app/ports/0/containerPort: ${detail.detail}\n`;
    for (const extra of [{}, remote()]) {
      const result = await cli(['bundle', file], extra);
      expect(result.code).toBe(2);
      expect(result.stdout.length).toBe(0);
      expect(result.stderr).toBe(message);
    }
    // from the process: exit status 2, nothing on stdout, one line
    const broken = await spawned(['bundle', '-'], { input: '{"app": {"name": "orders",\n  "image": }' });
    expect([broken.code, broken.stdout.length]).toEqual([2, 0]);
    expect(broken.stderr).toMatch(/^<stdin>:2:\d+: error: not valid JSON: /);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(['chart', join(work, 'nope.json')]);
    expect([missing.code, missing.stderr]).toEqual([2, `${join(work, 'nope.json')}: error: no such file\n`]);
  });
});

describe('pod-patterns validate', SLOW, () => {
  let clean: string;
  let broken: string;
  let brokenLine: number;

  beforeAll(async () => {
    const yaml = (await cli(['bundle', join(REPO_EXAMPLES_DIR, 'orders-logging-egress.json')])).stdout.toString();
    clean = join(work, 'clean.yaml');
    writeFileSync(clean, yaml);
    const lines = yaml.split('\n');
    brokenLine = lines.findIndex((l) => l.includes('allowPrivilegeEscalation: false')) + 1;
    lines[brokenLine - 1] = lines[brokenLine - 1].replace('false', 'true');
    broken = join(work, 'broken.yaml');
    writeFileSync(broken, lines.join('\n'));
    writeFileSync(join(work, 'unreadable.yaml'), 'a: [\n');
  }, 120_000);

  it('exits 0 on a clean bundle and 1 on one with an error, printing file:line:column: severity rule: message', async () => {
    const ok = await cli(['validate', clean, '--kubernetes-version', '1.31', '--pod-security', 'restricted']);
    // exit status 1 from the process (0 and 2: the bundle and bad-request cases)
    const bad = await spawned(['validate', broken, clean]);
    expect(ok.code).toBe(0);
    for (const line of ok.stdout.toString().split('\n').filter(Boolean))
      expect(line).toMatch(/^\S+:\d+:\d+: (warning|info) [\w.-]+: .+$/);
    expect(bad.code).toBe(1);
    const output = bad.stdout.toString();
    expect(output).toMatch(
      new RegExp(
        `^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${brokenLine}:\\d+: error pss\\.allow-privilege-escalation: .+$`,
        'm',
      ),
    );
    // the same findings as the service's report, with the file in front
    const report = JSON.parse(
      (
        await service('/v1/validations', readFileSync(broken, 'utf8'), { 'content-type': 'application/yaml' })
      ).bytes.toString(),
    );
    const expected = report.findings.map(
      (f: { line: number; column: number; severity: string; rule: string; message: string }) =>
        `${broken}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`,
    );
    expect(output.split('\n').filter((l) => l.startsWith(`${broken}:`))).toEqual(expected);
  });

  it("--output json is the service's report; --server gives the same", async () => {
    const local = await cli(['validate', broken, '--output', 'json']);
    const served = await service('/v1/validations', readFileSync(broken, 'utf8'), {
      'content-type': 'application/yaml',
    });
    expect(local.code).toBe(1);
    expect(Buffer.compare(local.stdout, served.bytes)).toBe(0);
    const viaServer = await cli(['validate', broken, '--output', 'json', '--server', baseUrl], {
      env: { POD_PATTERNS_API_KEY: API_KEY },
    });
    expect(viaServer.code).toBe(1);
    expect(Buffer.compare(viaServer.stdout, served.bytes)).toBe(0);
  });

  it('--output sarif is valid SARIF 2.1.0 with the file as artifact, one run for several files', async () => {
    const validate = sarifValidator();
    const one = await cli(['validate', broken, '--output', 'sarif']);
    expect(one.code).toBe(1);
    const log = JSON.parse(one.stdout.toString());
    expect(validate(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].artifacts).toEqual([{ location: { uri: broken } }]);
    expect(log.runs[0].results).toContainEqual(
      expect.objectContaining({ ruleId: 'pss.allow-privilege-escalation', level: 'error' }),
    );
    const both = JSON.parse((await cli(['validate', broken, clean, '--output', 'sarif'])).stdout.toString());
    expect(validate(both)).toEqual([]);
    expect(both.runs).toHaveLength(1);
    expect(both.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual([broken, clean]);
    const inClean = both.runs[0].results.filter(
      (r: any) => r.locations[0].physicalLocation.artifactLocation.index === 1,
    );
    expect(inClean.length).toBeGreaterThan(0);
    expect(inClean.every((r: any) => r.level !== 'error')).toBe(true);
    // a validator that accepts anything would not notice this
    expect(validate({ ...log, version: '2.0.0' })).not.toEqual([]);
  });

  it('usage and input errors exit 2 with one line, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['validate'], /^pod-patterns validate: error: missing FILE\n/],
      [
        ['validate', clean, '--output', 'xml'],
        /^pod-patterns validate: error: --output must be one of text, json, sarif \(got "xml"\)\n$/,
      ],
      [
        ['validate', clean, '--kubernetes-version', '1.2'],
        /^pod-patterns: error: --kubernetes-version: kubernetesVersion must be one of 1\.27, /,
      ],
      [
        ['validate', join(work, 'unreadable.yaml')],
        /^\S+unreadable\.yaml:2:1: error: parse\.yaml: document 1, line 2, column 1: /,
      ],
      [['validate', clean, '--frobnicate'], /^pod-patterns validate: error: Unknown option '--frobnicate'/],
      [['nonsense'], /^pod-patterns: error: unknown command "nonsense"/],
      [['bundle', clean, '--server', 'ftp://x'], /^pod-patterns bundle: error: --server must be an http\(s\) URL/],
      [['rules', 'no.such-rule'], /^pod-patterns: error: Not Found: /],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    // the same from the process, for a usage error found before any backend starts
    const fromProcess = await spawned(cases[5][0]);
    expect(fromProcess.code).toBe(2);
    expect(fromProcess.stderr).toMatch(cases[5][1]);
    expect(fromProcess.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('help, patterns and rules', SLOW, () => {
  it('has --help on every command', async () => {
    for (const command of ['bundle', 'chart', 'validate', 'patterns', 'rules']) {
      const result = await cli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout.toString(), command).toMatch(new RegExp(`^Usage: pod-patterns ${command}`));
    }
    const top = await spawned(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout.toString()).toMatch(/Commands:\n {2}bundle FILE/);
  });

  it('lists the catalogue and the rules, and shows a rule page, the same with --server', async () => {
    const patterns = (await cli(['patterns'])).stdout.toString();
    expect(patterns).toMatch(/^sidecar\/log-forwarder +\S/m);
    expect(patterns).toMatch(/^ambassador\/http-egress +\S/m);
    const rules = (await cli(['rules'])).stdout.toString();
    expect(rules).toMatch(/^pod\.port-collision +warning +No two containers/m);
    const page = await cli(['rules', 'pod.port-collision']);
    expect(page.stdout.toString()).toMatch(
      /^pod\.port-collision \(warning, \w+\)\nNo two containers.+\n\n.+\n[\s\S]*Fails:\n {4}/,
    );
    for (const args of [['patterns'], ['rules'], ['rules', 'pod.port-collision']]) {
      const served = await cli(args, remote());
      const local = await cli(args);
      expect(served.stdout.toString(), args.join(' ')).toBe(local.stdout.toString());
    }
    // the binary, with POD_PATTERNS_URL
    const fromProcess = await spawned(['patterns'], remote());
    expect([fromProcess.code, fromProcess.stdout.toString()]).toEqual([0, patterns]);
  });

  it('says when the service cannot be reached or refuses the key', async () => {
    const refused = await cli(['patterns', '--server', baseUrl], {
      env: { POD_PATTERNS_API_KEY: 'wrong-key-0123456789abc' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^pod-patterns: error: Unauthorized: /);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await spawned(['patterns', '--server', closed]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toBe(`pod-patterns patterns: error: cannot reach ${closed}: ECONNREFUSED\n`);
  });
});
