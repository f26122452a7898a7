// Benchmarks with targets (bench/targets.json): core functions in-process with tinybench, then
// the built service under load with autocannon on loopback, and its memory. Exits 1 when a
// target is missed. Run with `npm run bench` (builds first); BENCH_SECONDS sets the length of
// each load (default 5).
//
// Memory: the same load runs in three rounds (a warm-up, the measured one, one more). After each,
// the bench forces a full GC in the service through the inspector protocol (the service is
// started with --inspect on a free loopback port; the app itself has no such endpoint) and reads
// the live heap. What is live after the warm-up (compiled schemas, JIT code, caches) stays; a
// leak keeps growing with the requests, round after round. RSS is checked too, at its peak and
// after those GCs: the peak is mostly V8's sizing of its heap for the machine (the young
// generation alone grows to 128 MiB here, and garbage piles up in the old one between major
// GCs), so it only catches gross excess; the RSS after a GC is the footprint the service settles to.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Bench } from 'tinybench';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** the compiled app (BENCH_DIST: another build of it, to compare) */
const dist = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(root, 'dist');
const targets = JSON.parse(readFileSync(join(root, 'bench', 'targets.json'), 'utf8'));
const example = JSON.parse(readFileSync(join(root, 'examples', 'orders-logging-egress.json'), 'utf8'));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const misses = [];

function check(label, ok, text) {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${label}: ${text}`);
  if (!ok) misses.push(label);
}

// ---- core, in process ---------------------------------------------------------------------
const { composeBundle } = await import(join(dist, 'core/compose/compose-bundle.js'));
const { toMultiDocumentYaml } = await import(join(dist, 'core/render/canonical.js'));
const { validateBundle } = await import(join(dist, 'core/validate/validate-bundle.js'));
const { buildChart } = await import(join(dist, 'core/render/chart/chart-builder.js'));
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
const server = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(dist, 'main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
  stdio: ['ignore', 'inherit', 'pipe'],
});
/** The inspector's WebSocket URL, from the banner on stderr; everything else on stderr passes through. */
const inspectorUrl = new Promise((resolve, reject) => {
  let buffered = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (text) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
      if (url) resolve(url);
      else if (!/^(For help, see: https:\/\/nodejs.org|Debugger attached\.|Waiting for the debugger to disconnect)/.test(line)) process.stderr.write(`${line}\n`);
    }
  });
  server.on('exit', () => reject(new Error('the service exited')));
  setTimeout(() => reject(new Error('the service printed no inspector URL')), 20_000).unref();
});
const base = `http://127.0.0.1:${port}`;
let inspector;
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
  inspector = await connectInspector(await inspectorUrl);
  console.log(`service under load (${seconds} s each, 10 connections):`);
  const ROUNDS = 3;
  const heaps = [];
  const rssAfterGc = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let requests = 0;
    for (const [label, request] of scenarios) {
      const result = await autocannon({ url: base + request.path, method: request.method, headers: request.headers, body: request.body, connections: 10, duration: seconds });
      requests += result.requests.total;
      if (round !== 2) continue; // round 1 warms up the JIT and caches; round 3 is for memory
      const target = targets.http[label];
      const rps = result.requests.average;
      const p99 = result.latency.p99;
      const bad = result.non2xx - (label.includes('invalid') ? result.requests.total : 0);
      check(label, rps >= target.minRequestsPerSecond && p99 <= target.maxP99Ms && result.errors === 0 && Math.abs(bad) === 0,
        `${rps.toFixed(0)} req/s (>= ${target.minRequestsPerSecond}), p50 ${result.latency.p50} ms, p99 ${p99} ms (<= ${target.maxP99Ms}), errors ${result.errors}, unexpected status ${Math.abs(bad)}`);
    }
    const heap = await liveHeapMiB(inspector);
    const rss = rssMiB().rss;
    heaps.push(heap);
    rssAfterGc.push(rss);
    console.log(`     after round ${round} (${requests} requests): live heap after GC ${heap.toFixed(1)} MiB, RSS ${rss.toFixed(0)} MiB`);
  }
  const mem = rssMiB();
  check('peak RSS', mem.peak <= targets.memory.peakRssMiB, `${mem.peak.toFixed(0)} MiB (<= ${targets.memory.peakRssMiB})`);
  const settled = Math.max(...rssAfterGc);
  check('RSS after GC (largest of the rounds)', settled <= targets.memory.rssAfterGcMiB, `${settled.toFixed(0)} MiB (<= ${targets.memory.rssAfterGcMiB})`);
  const growth = Math.max(...heaps.slice(1)) - heaps[0];
  check(`live heap growth after the warm-up (${ROUNDS - 1} more rounds)`, growth <= targets.memory.liveHeapGrowthAfterWarmUpMiB,
    `${growth.toFixed(1)} MiB (<= ${targets.memory.liveHeapGrowthAfterWarmUpMiB}): ${heaps.map((h) => h.toFixed(1)).join(' -> ')} MiB`);
} finally {
  inspector?.close();
  server.kill('SIGTERM');
}
console.log(misses.length ? `\n${misses.length} target(s) missed: ${misses.join('; ')}` : '\nall targets met');
process.exit(misses.length ? 1 : 0);

/** A client of the service's inspector (Chrome DevTools Protocol over the global WebSocket). */
async function connectInspector(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
  });
  let nextId = 0;
  const pending = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.error) call.reject(new Error(message.error.message));
    else call.resolve(message.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** The service's live heap: a full GC (twice, for what finalizers free), then V8's used size. */
async function liveHeapMiB(client) {
  await client.send('HeapProfiler.collectGarbage');
  await client.send('HeapProfiler.collectGarbage');
  const { usedSize } = await client.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}
