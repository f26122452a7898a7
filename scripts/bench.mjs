// Benchmarks with targets (bench/targets.json): core functions in-process with tinybench, then
// the built service under load with autocannon on loopback, and its memory. Exits 1 when a
// target is missed. Run with `npm run bench` (builds first).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Bench } from 'tinybench';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = JSON.parse(readFileSync(join(root, 'bench', 'targets.json'), 'utf8'));
const example = JSON.parse(readFileSync(join(root, 'examples', 'orders-logging-egress.json'), 'utf8'));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const misses = [];

function check(label, ok, text) {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${label}: ${text}`);
  if (!ok) misses.push(label);
}

// ---- core, in process ---------------------------------------------------------------------
const { composeBundle } = await import(join(root, 'dist/core/compose/compose-bundle.js'));
const { toMultiDocumentYaml } = await import(join(root, 'dist/core/render/canonical.js'));
const { validateBundle } = await import(join(root, 'dist/core/validate/validate-bundle.js'));
const { buildChart } = await import(join(root, 'dist/core/render/chart/chart-builder.js'));
const exampleYaml = toMultiDocumentYaml(composeBundle(example).manifests);

const bench = new Bench({ time: 1000 });
bench
  .add('composeBundle(orders example)', () => composeBundle(example))
  .add('validateBundle(orders example as YAML)', () => validateBundle({ yaml: exampleYaml }, { kubernetesVersion: '1.33' }))
  .add('buildChart(orders example)', () => buildChart(example));
await bench.run();
console.log('core (in process):');
for (const task of bench.tasks) {
  const hz = task.result.throughput?.mean ?? task.result.hz;
  const target = targets.core[task.name];
  check(task.name, hz >= target.minOpsPerSecond, `${hz.toFixed(0)} ops/s (target >= ${target.minOpsPerSecond}), mean ${(1000 / hz).toFixed(3)} ms`);
}

// ---- the service under load ---------------------------------------------------------------
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const server = spawn(process.execPath, [join(root, 'dist/main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (i > 100) throw new Error('the service did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const rssMiB = () => {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  };
  const json = { 'content-type': 'application/json' };
  const scenarios = [
    ['GET /healthz', { method: 'GET', path: '/healthz' }],
    ['POST /v1/bundles (JSON)', { method: 'POST', path: '/v1/bundles', headers: json, body: JSON.stringify(example) }],
    ['POST /v1/bundles (YAML)', { method: 'POST', path: '/v1/bundles', headers: { ...json, accept: 'application/yaml' }, body: JSON.stringify(example) }],
    ['POST /v1/validations (YAML)', { method: 'POST', path: '/v1/validations', headers: { 'content-type': 'application/yaml' }, body: exampleYaml }],
    ['POST /v1/charts', { method: 'POST', path: '/v1/charts', headers: json, body: JSON.stringify(example) }],
    ['POST /v1/bundles (invalid)', { method: 'POST', path: '/v1/bundles', headers: json, body: JSON.stringify({ app: { name: 'Orders_API', ports: [{ name: 'http', containerPort: 70000 }] } }) }],
  ];
  console.log(`service under load (${seconds} s each, 10 connections):`);
  let afterFirstRound;
  for (let round = 1; round <= 2; round++) {
    for (const [label, request] of scenarios) {
      const result = await autocannon({ url: base + request.path, method: request.method, headers: request.headers, body: request.body, connections: 10, duration: seconds });
      if (round === 1) continue; // the first round warms up the JIT and caches
      const target = targets.http[label];
      const rps = result.requests.average;
      const p99 = result.latency.p99;
      const bad = result.non2xx - (label.includes('invalid') ? result.requests.total : 0);
      check(label, rps >= target.minRequestsPerSecond && p99 <= target.maxP99Ms && result.errors === 0 && Math.abs(bad) === 0,
        `${rps.toFixed(0)} req/s (>= ${target.minRequestsPerSecond}), p50 ${result.latency.p50} ms, p99 ${p99} ms (<= ${target.maxP99Ms}), errors ${result.errors}, unexpected status ${Math.abs(bad)}`);
    }
    if (round === 1) afterFirstRound = rssMiB().rss;
  }
  const mem = rssMiB();
  check('peak RSS', mem.peak <= targets.memory.peakRssMiB, `${mem.peak.toFixed(0)} MiB (<= ${targets.memory.peakRssMiB})`);
  const growth = mem.rss - afterFirstRound;
  check('RSS growth over the second round', growth <= targets.memory.rssGrowthAfterSecondRoundMiB, `${growth.toFixed(1)} MiB (<= ${targets.memory.rssGrowthAfterSecondRoundMiB})`);
} finally {
  server.kill('SIGTERM');
}
console.log(misses.length ? `\n${misses.length} target(s) missed: ${misses.join('; ')}` : '\nall targets met');
process.exit(misses.length ? 1 : 0);
