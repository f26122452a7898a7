// STAND-IN for Fluent Bit 3.2 (no Debian package exists): it reads the generated classic-mode config
// and does exactly what the pod-level behaviour under an outage depends on, copied from upstream:
// - tail input: follows <Path> (one glob), remembers offsets in <DB> (a JSON file here; SQLite
//   upstream), one record {"log": line} per line, the parser filter's "json" format merged in
//   (plugins/in_tail, plugins/filter_parser with Reserve_Data On).
// - chunks: records collect into a chunk that is flushed every <Flush> seconds; with
//   storage.path and storage.type filesystem the chunk is written to disk before it is handed to
//   the output and deleted once delivered, and chunks left on disk are loaded at start
//   (src/flb_storage.c, lib/chunkio); without it chunks live in memory only.
// - retries: a failed flush is retried while retries < Retry_Limit; the default is 1
//   (src/flb_output.c: ins->retry_limit = 1), "no_limits"/"False" retries forever; a chunk that
//   cannot be retried is dropped ("chunk ... cannot be retried"). The wait before retry n is drawn
//   between scheduler.base (5) and min(scheduler.cap (2000), base * 2^n) seconds
//   (src/flb_scheduler.c, backoff_full_jitter).
// - storage.total_limit_size: the oldest chunks queued for the output are dropped beyond it.
// - HTTP server on HTTP_Port: /api/v1/uptime answers 200 while the process runs
//   (src/http_server/api/v1/uptime.c); with Health_Check On, /api/v1/health answers 500 once
//   output errors in the last HC_Period (60) seconds reach HC_Errors_Count (5), or retry failures
//   reach HC_Retry_Failure_Count (5), and 200 otherwise (src/http_server/api/v1/health.c,
//   include/fluent-bit/flb_config.h).
// - forward output: one Forward-mode message [tag, [[time, record], ...]] per chunk over TCP; a
//   connection error is a failed flush. stdout output: JSON lines.
// Times are multiplied by STANDIN_TIME_SCALE (a test-only setting) like the pod runner's probes.
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  closeSync,
  statSync,
  unlinkSync,
  writeFileSync,
  renameSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { encode } from './msgpack.mjs';

const scale = Number(process.env.STANDIN_TIME_SCALE ?? '1');
const configPath = process.argv[process.argv.indexOf('--config') + 1];
const started = Date.now();
const log = (msg) => process.stderr.write(`[fluent-bit stand-in] ${msg}\n`);

/** Classic mode: [SECTION] then "Key value" lines; ${VAR} from the environment. */
function parseConfig(text) {
  const sections = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[([A-Z]+)\]$/.exec(line);
    if (head) sections.push({ name: head[1], keys: {} });
    else {
      const [key, ...rest] = line.split(/\s+/);
      sections.at(-1).keys[key.toLowerCase()] = rest.join(' ').replace(/\$\{(\w+)\}/g, (_, v) => process.env[v] ?? '');
    }
  }
  return sections;
}

const sections = parseConfig(readFileSync(configPath, 'utf8'));
const service = sections.find((s) => s.name === 'SERVICE')?.keys ?? {};
const input = sections.find((s) => s.name === 'INPUT').keys;
const output = sections.find((s) => s.name === 'OUTPUT').keys;
const parserFilter = sections.find((s) => s.name === 'FILTER' && s.keys.name === 'parser')?.keys;
let parserFormat;
if (parserFilter) {
  const parsers = parseConfig(readFileSync(service.parsers_file, 'utf8'));
  parserFormat = parsers.find((p) => p.keys.name === parserFilter.parser)?.keys.format;
}

const seconds = (v, d) => (v === undefined ? d : Number(v)) * 1000 * scale;
const flushMs = seconds(service.flush, 1);
const retryLimit =
  output.retry_limit === undefined
    ? 1
    : /^(no_limits|false|off)$/i.test(output.retry_limit)
      ? -1
      : Number(output.retry_limit);
const base = Number(service['scheduler.base'] ?? 5);
const cap = Number(service['scheduler.cap'] ?? 2000);
const storageDir =
  service['storage.path'] && input['storage.type'] === 'filesystem'
    ? join(service['storage.path'], 'tail.0')
    : undefined;
const sizeUnits = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const totalLimit = output['storage.total_limit_size']
  ? Number(output['storage.total_limit_size'].slice(0, -1)) *
    sizeUnits[output['storage.total_limit_size'].slice(-1).toUpperCase()]
  : Infinity;
if (storageDir) mkdirSync(storageDir, { recursive: true });

// --- health (errors and retry failures in the last HC_Period) ---
const hcPeriod = seconds(service.hc_period, 60);
const hcErrors = Number(service.hc_errors_count ?? 5);
const hcRetryFailures = Number(service.hc_retry_failure_count ?? 5);
const errors = [];
const retryFailures = [];
const recent = (list) => {
  while (list.length && list[0] < Date.now() - hcPeriod) list.shift();
  return list.length;
};

// --- tail ---
const db = input.db;
const offsets = db && existsSync(db) ? JSON.parse(readFileSync(db, 'utf8')) : {};
const pattern = input.path;
const globRe = new RegExp(
  `^${basename(pattern)
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')}$`,
);
let pending = [];
let partial = {};

function tail() {
  const dir = dirname(pattern);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)
    .filter((f) => globRe.test(f))
    .sort()) {
    const file = join(dir, name);
    const size = statSync(file).size;
    const from = offsets[file] ?? 0;
    if (size <= from) continue;
    const buf = Buffer.alloc(size - from);
    const fd = openSync(file, 'r');
    readSync(fd, buf, 0, buf.length, from);
    closeSync(fd);
    const text = (partial[file] ?? '') + buf.toString('utf8');
    const lines = text.split('\n');
    partial[file] = lines.pop();
    for (const line of lines) pending.push([Math.floor(Date.now() / 1000), record(line)]);
    offsets[file] = size;
  }
}

function record(line) {
  if (parserFormat === 'json') {
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { log: line, ...parsed };
    } catch {
      // not JSON: kept whole in "log"
    }
  }
  return { log: line };
}

// --- chunks, output, retries ---
/** queued chunks: { id, events, file?, retries, due } */
const queue = [];
let seq = 0;
let busy = false;

function loadBacklog() {
  if (!storageDir) return;
  for (const name of readdirSync(storageDir)
    .filter((f) => f.endsWith('.flb'))
    .sort()) {
    const events = readFileSync(join(storageDir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    queue.push({ id: name, events, file: join(storageDir, name), retries: 0, due: 0 });
    seq = Math.max(seq, Number.parseInt(name, 10) + 1);
  }
  if (queue.length) log(`loaded ${queue.length} chunks from ${storageDir}`);
}

function cutChunk() {
  tail();
  if (db) {
    // the offsets move on once the lines are in a chunk (memory or disk), as in_tail does
    writeFileSync(`${db}.tmp`, JSON.stringify(offsets));
    renameSync(`${db}.tmp`, db);
  }
  if (!pending.length) return;
  const id = `${String(seq++).padStart(8, '0')}.flb`;
  const chunk = { id, events: pending, retries: 0, due: 0 };
  pending = [];
  if (storageDir) {
    chunk.file = join(storageDir, id);
    writeFileSync(chunk.file, chunk.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  queue.push(chunk);
  enforceLimit();
}

function chunkSize(c) {
  return c.file && existsSync(c.file) ? statSync(c.file).size : JSON.stringify(c.events).length;
}

function enforceLimit() {
  let total = queue.reduce((n, c) => n + chunkSize(c), 0);
  while (total > totalLimit && queue.length > 1) {
    const dropped = queue.shift();
    total -= chunkSize(dropped);
    drop(dropped, 'storage.total_limit_size reached');
  }
}

function drop(chunk, why) {
  if (chunk.file && existsSync(chunk.file)) unlinkSync(chunk.file);
  log(`chunk ${chunk.id} dropped (${chunk.events.length} records): ${why}`);
}

function send(events) {
  if (output.name === 'stdout') {
    for (const [time, rec] of events) process.stdout.write(`${JSON.stringify({ date: time, ...rec })}\n`);
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const socket = connect({ host: output.host, port: Number(output.port ?? 24224) });
    socket.setTimeout(5000 * Math.max(scale, 0.2));
    socket.once('connect', () => socket.end(encode(['app.log', events]), () => resolve(true)));
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', (err) => {
      log(`[output:${output.name}] ${err.message}`);
      resolve(false);
    });
  });
}

async function dispatch() {
  if (busy) return;
  busy = true;
  try {
    for (const chunk of [...queue]) {
      if (chunk.due > Date.now()) continue;
      const ok = await send(chunk.events);
      if (ok) {
        queue.splice(queue.indexOf(chunk), 1);
        if (chunk.file && existsSync(chunk.file)) unlinkSync(chunk.file);
        continue;
      }
      errors.push(Date.now());
      if (retryLimit !== -1 && chunk.retries >= retryLimit) {
        retryFailures.push(Date.now());
        queue.splice(queue.indexOf(chunk), 1);
        drop(chunk, 'cannot be retried');
        continue;
      }
      chunk.retries += 1;
      const ceiling = Math.min(cap, base * 2 ** chunk.retries);
      const wait = base + Math.random() * Math.max(0, ceiling - base);
      chunk.due = Date.now() + wait * 1000 * scale;
    }
  } finally {
    busy = false;
  }
}

loadBacklog();
setInterval(() => {
  cutChunk();
  void dispatch();
}, flushMs);

if (/^on$/i.test(service.http_server ?? 'off')) {
  const healthOn = /^on$/i.test(service.health_check ?? 'off');
  createServer((req, res) => {
    if (req.url === '/api/v1/uptime') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ uptime_sec: Math.floor((Date.now() - started) / 1000) }));
    }
    if (req.url === '/api/v1/health' && healthOn) {
      const bad = recent(errors) >= hcErrors || recent(retryFailures) >= hcRetryFailures;
      res.writeHead(bad ? 500 : 200);
      return res.end(bad ? 'error' : 'ok');
    }
    res.writeHead(404);
    res.end();
  }).listen(Number(service.http_port ?? 2020), service.http_listen ?? '0.0.0.0');
}
process.on('SIGTERM', () => {
  // as upstream on SIGTERM: cut the last chunk (it stays on disk when undelivered) and stop
  cutChunk();
  void dispatch().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
