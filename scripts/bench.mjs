// `npm run bench` (builds first): the service against the machine's own ceiling, in one run.
//
// (0) the ceiling: a minimal Fastify on the same Node (scripts/bench-ceiling.mjs) taking the same
//     request and answering a JSON body of the same size as the service's answer;
// (1) createBundle JSON, (2) createBundle YAML, (3) createChart, (4) validateBundle on a 100-object
//     YAML bundle (the service started with YAML_BODY_LIMIT=512KiB: such a bundle is about 175 KB, over
//     the 32 KiB default), (5) GET /v1/patterns: each at 10 and 50 connections, requests/s, p50/p99 and
//     the ratio to the ceiling run the same way.
// Requests cycle through more than 1,000 distinct bodies (variations of the examples), so no
// cache of identical bodies could stand in for speed. Besides: the real `helm template` of the same
// chart (a process per render) against createChart, and in process, validateBundle of the same 100
// objects against kubernetes-models' schema validation alone (JSON) and against the yaml package
// parsing the text alone (YAML). Then a soak of mixed load (BENCH_SOAK_SECONDS, default 60) for
// the service's memory: peak RSS over the whole run, and whether RSS stays flat.
//
// Targets are ratios (bench/targets.json): the machine is shared and its absolute figures move;
// the ratio of two runs made side by side does not. Results go to bench/results.json. Exits 1 when
// a target is missed. BENCH_SECONDS sets the length of each load (default 5).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Bench } from 'tinybench';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** the compiled app (BENCH_DIST: another build of it, to compare) */
const dist = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(root, 'dist');
const targets = JSON.parse(readFileSync(join(root, 'bench', 'targets.json'), 'utf8'));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const helmRenders = Number(process.env.BENCH_HELM_RENDERS ?? 20);
const CONNECTIONS = [10, 50];
const misses = [];
const results = {
  node: process.version,
  cpus: cpus().length,
  date: new Date().toISOString(),
  seconds,
  http: {},
  core: {},
  memory: {},
};

function check(label, ok, text) {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${label}: ${text}`);
  if (!ok) misses.push(label);
}

const { composeBundle } = await import(join(dist, 'core/generate/compose-bundle.js'));
const { toMultiDocumentYaml } = await import(join(dist, 'core/render/canonical.js'));
const { validateBundle } = await import(join(dist, 'core/validate/validate-bundle.js'));
const { chartTarball } = await import(join(dist, 'core/render/chart/chart-builder.js'));
// the core takes validated requests: a caller that skips the HTTP edge validates each once
const { validateBundleRequest } = await import(join(dist, 'core/input/bundle-request.js'));
const { validateChartRequest } = await import(join(dist, 'core/input/chart-request.js'));

// ---- requests: variations of the examples ---------------------------------------------------
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(root, 'examples', f), 'utf8')));
/** The i-th variation: another app name, replica count and env value; same presets. */
function variation(i) {
  const body = structuredClone(examples[i % examples.length]);
  body.app.name = `${body.app.name}-${i}`.slice(0, 53);
  body.app.replicas = 1 + (i % 3);
  body.app.env = [...(body.app.env ?? []), { name: 'BENCH_VARIANT', value: String(i) }];
  return body;
}
const VARIATIONS = 1200;
const bodies = Array.from({ length: VARIATIONS }, (_, i) => JSON.stringify(variation(i)));

/** A bundle of exactly 100 objects, from as many variations as it takes. */
function hundredObjects(offset) {
  const objects = [];
  for (let i = offset; objects.length < 100; i++)
    objects.push(...composeBundle(validateBundleRequest(variation(i))).manifests);
  return objects.slice(0, 100);
}
const hundred = hundredObjects(0);
const hundredYaml = toMultiDocumentYaml(hundred);
// 20 distinct 100-object bundles for the HTTP load (composing 1,000 of them would take long)
const validationBodies = Array.from({ length: 20 }, (_, k) => toMultiDocumentYaml(hundredObjects(1000 + k * 40)));

// ---- in process: our validation against schema-only validation and bare YAML parsing ----------
const modelClasses = new Map();
async function modelOf(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelClasses.has(key)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const pkg = group === 'monitoring.coreos.com' ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
    const module = await import(`${pkg}/${group ? `${group}/` : ''}${version}/${kind}`);
    modelClasses.set(key, module[kind]);
  }
  return modelClasses.get(key);
}
const models = await Promise.all(hundred.map((o) => modelOf(o.apiVersion, o.kind)));
// Both sides read the same JSON text afresh in each run, as a request does: the rules keep a schema
// result per object, so validating the same objects again would skip the schema check.
const hundredJson = JSON.stringify({ manifests: hundred });
const bench = new Bench({ time: 2000 });
bench
  .add('validateBundle (100 objects, JSON)', () => validateBundle({ json: JSON.parse(hundredJson), tree: true }, {}))
  .add('kubernetes-models validate() (the same 100 objects)', () =>
    JSON.parse(hundredJson).manifests.forEach((o, i) => new models[i](o).validate()),
  )
  .add('validateBundle (100 objects, YAML)', () => validateBundle({ yaml: hundredYaml }, {}))
  .add('yaml parseAllDocuments + toJS (the same text)', () => parseAllDocuments(hundredYaml).forEach((d) => d.toJS()));
await bench.run();
const meanMs = (name) => {
  const task = bench.tasks.find((t) => t.name === name);
  return 1000 / (task.result.throughput?.mean ?? task.result.hz);
};
console.log(`in process (${hundred.length} objects, ${hundredYaml.length} bytes of YAML):`);
for (const task of bench.tasks) console.log(`     ${task.name}: ${meanMs(task.name).toFixed(2)} ms`);
const jsonRatio =
  meanMs('validateBundle (100 objects, JSON)') / meanMs('kubernetes-models validate() (the same 100 objects)');
const yamlRatio =
  meanMs('validateBundle (100 objects, YAML)') / meanMs('yaml parseAllDocuments + toJS (the same text)');
results.core = {
  jsonVsKubernetesModels: jsonRatio,
  yamlVsYamlParse: yamlRatio,
  meansMs: Object.fromEntries(bench.tasks.map((t) => [t.name, meanMs(t.name)])),
};
check(
  'validateBundle (JSON) / kubernetes-models schema-only',
  jsonRatio <= targets.core.validateJsonVsKubernetesModels.max,
  `${jsonRatio.toFixed(2)}x (<= ${targets.core.validateJsonVsKubernetesModels.max}x)`,
);
check(
  'validateBundle (YAML) / yaml parse alone',
  yamlRatio <= targets.core.validateYamlVsYamlParse.max,
  `${yamlRatio.toFixed(2)}x (<= ${targets.core.validateYamlVsYamlParse.max}x)`,
);

// ---- the service and its ceiling under load -------------------------------------------------
const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => done(p));
    });
  });
async function waitFor(url) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const servicePort = await freePort();
// the service runs with the Node flags `npm start` gives it (package.json), the heap cap among them
const startScript = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
const nodeFlags = /node ((?:--\S+ )*)dist\/main\.js/.exec(startScript)[1].split(' ').filter(Boolean);
const service = spawn(process.execPath, [...nodeFlags, join(dist, 'main.js')], {
  // YAML_BODY_LIMIT raised from its 32 KiB default: the 100-object YAML bundles are about 175 KB
  env: { ...process.env, PORT: String(servicePort), HOST: '127.0.0.1', LOG_LEVEL: 'error', YAML_BODY_LIMIT: '512KiB' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${servicePort}`;
let peakRss = 0;
const rssMiB = () => {
  const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]);
  peakRss = Math.max(peakRss, kb('VmHWM') / 1024);
  return kb('VmRSS') / 1024;
};

const json = { 'content-type': 'application/json' };
const scenarios = [
  { label: 'createBundle (JSON)', method: 'POST', path: '/v1/bundles', headers: json, bodies },
  {
    label: 'createBundle (YAML)',
    method: 'POST',
    path: '/v1/bundles',
    headers: { ...json, accept: 'application/yaml' },
    bodies,
  },
  { label: 'createChart', method: 'POST', path: '/v1/charts', headers: json, bodies },
  {
    label: 'validateBundle (100 objects, YAML)',
    method: 'POST',
    path: '/v1/validations',
    headers: { 'content-type': 'application/yaml' },
    bodies: validationBodies,
  },
  { label: 'listPatterns', method: 'GET', path: '/v1/patterns', headers: {}, bodies: [undefined] },
];

/** autocannon over the scenario's bodies, each connection taking the next body in turn. */
async function load(url, scenario, connections, duration) {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        headers: scenario.headers,
        setupRequest: (request) => {
          const body = scenario.bodies[next++ % scenario.bodies.length];
          return body === undefined ? request : { ...request, body };
        },
      },
    ],
  });
  await drain(url);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/**
 * Requests a load left queued in a server (autocannon closes its sockets at the end, but the server
 * still answers what it has read) must not run into the next load: waits until /healthz answers
 * quickly three times in a row.
 */
async function drain(url) {
  for (let quick = 0; quick < 3;) {
    const started = performance.now();
    await waitFor(`${url}/healthz`);
    quick = performance.now() - started < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function withCeiling(bytes, run) {
  const port = await freePort();
  const ceiling = spawn(process.execPath, [join(root, 'scripts', 'bench-ceiling.mjs')], {
    env: { ...process.env, PORT: String(port), RESPONSE_BYTES: String(bytes) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`);
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    ceiling.kill('SIGTERM');
  }
}

try {
  await waitFor(`${base}/healthz`);
  console.log(`service under load (${seconds} s each; ratio = service / ceiling at the same connections):`);
  // BENCH_ONLY: a substring of the scenario labels to run (all by default)
  for (const scenario of scenarios.filter((s) => s.label.includes(process.env.BENCH_ONLY ?? ''))) {
    const first = await fetch(base + scenario.path, {
      method: scenario.method,
      headers: scenario.headers,
      body: scenario.bodies[0],
    });
    const bytes = (await first.arrayBuffer()).byteLength;
    if (!first.ok) throw new Error(`${scenario.label}: the service answered ${first.status}`);
    await load(base, scenario, 10, Math.min(2, seconds)); // warm-up
    const row = { responseBytes: bytes };
    await withCeiling(bytes, async (ceilingUrl) => {
      for (const connections of CONNECTIONS) {
        const ceiling = await load(ceilingUrl, scenario, connections, seconds);
        const ours = await load(base, scenario, connections, seconds);
        rssMiB();
        row[`c${connections}`] = { ...ours, ceiling, ratio: ours.rps / ceiling.rps };
        console.log(
          `     ${scenario.label.padEnd(36)} c=${String(connections).padEnd(3)} ${ours.rps.toFixed(0).padStart(6)} req/s p50 ${ours.p50} ms p99 ${ours.p99} ms | ceiling ${ceiling.rps.toFixed(0).padStart(6)} req/s | ratio ${((100 * ours.rps) / ceiling.rps).toFixed(1)}% | errors ${ours.errors}, non-2xx ${ours.non2xx}`,
        );
        if (ours.errors || ours.non2xx) misses.push(`${scenario.label}: errors or non-2xx answers`);
      }
    });
    results.http[scenario.label] = row;
    const target = targets.http[scenario.label];
    if (!target) continue;
    for (const connections of CONNECTIONS) {
      const r = row[`c${connections}`];
      if (target.minRatio !== undefined)
        check(
          `${scenario.label} c=${connections} ratio`,
          r.ratio >= target.minRatio,
          `${(100 * r.ratio).toFixed(1)}% of the ceiling (>= ${100 * target.minRatio}%)`,
        );
    }
    if (target.maxP99MsAt50 !== undefined)
      check(
        `${scenario.label} p99 at 50 connections`,
        row.c50.p99 <= target.maxP99MsAt50,
        `${row.c50.p99} ms (<= ${target.maxP99MsAt50})`,
      );
  }

  // helm template of the same chart, a process per render
  const helm = join(root, 'tools', 'bin', 'helm');
  const dir = mkdtempSync(join(tmpdir(), 'bench-chart-'));
  try {
    const { tarball, filename } = await chartTarball(validateChartRequest(variation(0)));
    writeFileSync(join(dir, filename), tarball);
    const namespace = variation(0).app.namespace ?? 'default';
    const started = process.hrtime.bigint();
    for (let i = 0; i < helmRenders; i++)
      execFileSync(helm, ['template', variation(0).app.name, join(dir, filename), '-n', namespace], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    const helmPerSecond = helmRenders / (Number(process.hrtime.bigint() - started) / 1e9);
    const chartRps = results.http.createChart?.c10.rps ?? NaN;
    results.helm = { rendersPerSecond: helmPerSecond, createChartVsHelmTemplate: chartRps / helmPerSecond };
    console.log(
      `     helm template (a process per render, ${helmRenders} renders): ${helmPerSecond.toFixed(1)} renders/s; createChart at 10 connections makes ${(chartRps / helmPerSecond).toFixed(1)}x as many charts`,
    );
  } catch (error) {
    misses.push(`helm template: ${error.message} (run node scripts/setup-test-tools.mjs for tools/bin/helm)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // soak: the scenarios in turn for soakSeconds; RSS sampled every second
  console.log(`soak (${soakSeconds} s of mixed load at 10 connections):`);
  const samples = [];
  const sampler = setInterval(() => samples.push(rssMiB()), 1000);
  const until = Date.now() + soakSeconds * 1000;
  for (let i = 0; Date.now() < until; i++)
    await load(
      base,
      scenarios[i % scenarios.length],
      10,
      Math.max(1, Math.min(5, Math.ceil((until - Date.now()) / 1000))),
    );
  clearInterval(sampler);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const early = Math.max(...samples.slice(0, third));
  const late = Math.max(...samples.slice(-third));
  const growth = late / early - 1;
  rssMiB();
  results.memory = { peakRssMiB: peakRss, soakRssMiB: { firstThirdMax: early, lastThirdMax: late, growth } };
  check(
    'peak RSS of the service over the whole run',
    peakRss <= targets.memory.peakRssMiB,
    `${peakRss.toFixed(0)} MiB (<= ${targets.memory.peakRssMiB})`,
  );
  check(
    'RSS flat over the soak (last third vs first third)',
    growth <= targets.memory.maxSoakGrowth,
    `${early.toFixed(0)} -> ${late.toFixed(0)} MiB, ${(100 * growth).toFixed(1)}% (<= ${100 * targets.memory.maxSoakGrowth}%)`,
  );
} finally {
  service.kill('SIGTERM');
}
results.misses = misses;
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(misses.length ? `\n${misses.length} target(s) missed: ${misses.join('; ')}` : '\nall targets met');
console.log('results in bench/results.json');
process.exit(misses.length ? 1 : 0);
