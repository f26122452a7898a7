// `npm run soak`: the production build under a fixed rate of mixed requests for a while (bundles as
// JSON and YAML, charts, validations, and invalid requests that must get 400), with its logs on.
// Prints the requests that got an unexpected status or failed (must be 0; exits 1 otherwise), the
// latency percentiles, and the service's RSS at the start, middle and end of the load, so that a
// leak or a slow drift shows. SOAK_SECONDS (default 60), SOAK_RATE (requests per second over all
// connections, default 20), SOAK_CONNECTIONS (default 32: enough that slow responses do not hold the
// rate down, as each connection waits for its response).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const rate = Number(process.env.SOAK_RATE ?? 20);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 32);
for (const [name, value] of [
  ['SOAK_SECONDS', seconds],
  ['SOAK_RATE', rate],
  ['SOAK_CONNECTIONS', connections],
]) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
}

const { composeBundle } = await import(join(root, 'dist/core/generate/compose-bundle.js'));
const { validateBundleRequest } = await import(join(root, 'dist/core/input/bundle-request.js'));
const { toMultiDocumentYaml } = await import(join(root, 'dist/core/render/canonical.js'));
const examples = [
  'orders-logging-egress.json',
  'mongodb-statefulset.json',
  'static-site-git-sync.json',
  'cache-client-redis-shards.json',
].map((f) => JSON.parse(readFileSync(join(root, 'examples', f), 'utf8')));
const json = { 'content-type': 'application/json' };
/** [label, request, expected status]; sent in turn */
const mix = [
  ...examples.map((e) => [
    `bundle JSON ${e.app.name}`,
    { method: 'POST', path: '/v1/bundles', headers: json, body: JSON.stringify(e) },
    200,
  ]),
  ...examples.map((e) => [
    `bundle YAML ${e.app.name}`,
    { method: 'POST', path: '/v1/bundles', headers: { ...json, accept: 'application/yaml' }, body: JSON.stringify(e) },
    200,
  ]),
  ...examples
    .slice(0, 2)
    .map((e) => [
      `chart ${e.app.name}`,
      { method: 'POST', path: '/v1/charts', headers: json, body: JSON.stringify(e) },
      200,
    ]),
  ...examples.slice(0, 2).map((e) => [
    `validation ${e.app.name}`,
    {
      method: 'POST',
      path: '/v1/validations',
      headers: { 'content-type': 'application/yaml' },
      body: toMultiDocumentYaml(composeBundle(validateBundleRequest(e)).manifests),
    },
    200,
  ]),
  [
    'invalid bundle',
    {
      method: 'POST',
      path: '/v1/bundles',
      headers: json,
      body: JSON.stringify({ app: { name: 'Orders_API', ports: [{ name: 'http', containerPort: 70000 }] } }),
    },
    400,
  ],
  ['malformed JSON', { method: 'POST', path: '/v1/bundles', headers: json, body: '{"app": {' }, 400],
  [
    'invalid validation request',
    { method: 'POST', path: '/v1/validations', headers: json, body: JSON.stringify({ manifests: 'not a list' }) },
    400,
  ],
  ['pattern catalogue', { method: 'GET', path: '/v1/patterns' }, 200],
];

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const logDir = mkdtempSync(join(tmpdir(), 'pod-patterns-soak-'));
const logFile = join(logDir, 'service.log');
const logFd = openSync(logFile, 'w');
const server = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', logFd, logFd],
});
const base = `http://127.0.0.1:${port}`;
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

let failed; // set at the end of the run; a throw before it skips the verdict
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || server.exitCode !== null)
      throw new Error(`the service did not start:\n${readFileSync(logFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const counts = new Map(mix.map(([label]) => [label, { sent: 0, unexpected: new Map() }]));
  // one sequence over all connections (each connection would otherwise start the list from its top)
  let next = 0;
  const requests = [
    {
      setupRequest: (request, context) => {
        const [label, { method, path, headers = {}, body }] = mix[next++ % mix.length];
        context.label = label;
        return { ...request, method, path, headers: { ...request.headers, ...headers }, body };
      },
      onResponse: (status, _body, context) => {
        const [, , expected] = mix.find(([label]) => label === context.label);
        const count = counts.get(context.label);
        count.sent++;
        if (status !== expected) count.unexpected.set(status, (count.unexpected.get(status) ?? 0) + 1);
      },
    },
  ];
  console.log(
    `soak: ${seconds} s at ${rate} requests/s over ${connections} connections, ${mix.length} kinds of request in turn, against ${join('dist', 'main.js')}`,
  );
  const rss = { start: rssMiB() };
  const middle = setTimeout(() => (rss.middle = rssMiB()), (seconds * 1000) / 2);
  const result = await autocannon({ url: base, connections, overallRate: rate, duration: seconds, requests });
  clearTimeout(middle);
  rss.end = rssMiB();

  let unexpected = 0;
  for (const [label, { sent, unexpected: statuses }] of counts) {
    const bad = [...statuses.values()].reduce((a, b) => a + b, 0);
    unexpected += bad;
    if (bad)
      console.log(`  UNEXPECTED ${label}: ${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')} of ${sent}`);
  }
  const logLines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  const notJson = logLines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
  const { latency } = result;
  console.log(
    `requests: ${result.requests.total} sent (${result.requests.average.toFixed(1)}/s), ${result['2xx']} 2xx, ${result['4xx']} 4xx, ${result['5xx']} 5xx`,
  );
  console.log(
    `errors: ${unexpected} unexpected statuses, ${result.errors} connection errors, ${result.timeouts} timeouts`,
  );
  console.log(`latency: p50 ${latency.p50} ms, p90 ${latency.p90} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
  console.log(
    `RSS: start ${rss.start.toFixed(0)} MiB, middle ${rss.middle?.toFixed(0) ?? '?'} MiB, end ${rss.end.toFixed(0)} MiB`,
  );
  console.log(`logs: ${logLines.length} lines, ${notJson.length} not JSON`);
  failed = unexpected > 0 || result.errors > 0 || result.timeouts > 0 || notJson.length > 0;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
  rmSync(logDir, { recursive: true, force: true });
}
console.log(failed ? 'soak FAILED' : 'soak passed');
process.exit(failed ? 1 : 0);
