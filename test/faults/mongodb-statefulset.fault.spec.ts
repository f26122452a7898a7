// The mongodb-statefulset example's pod, run by the pod runner, with its log collector down for
// minutes (scaled). Fluent Bit and percona's mongodb_exporter have no Debian package, and the
// app's image (mongo) is not available: all three run as STAND-INS (test/support/standins/), the
// Fluent Bit one copying the upstream retry, storage and health behaviour it cites. What runs for
// real is the generated pod: its Fluent Bit config, probes, volumes, users, env and Secret files.
// The app and the pod stay Ready throughout, Fluent Bit is never restarted, and once the
// collector is back every line the app wrote reaches it: none lost, none twice.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBundle } from '../support/validated.js';
import type { Bundle } from '../../src/core/model/bundle.js';
import { configMapData, containerNamed, podSpecOf } from '../support/pod-template.js';
import { NODE, PodRunner } from '../support/pod-runner.js';
import { SHARED_DIR } from '../support/programs.js';
import { appStandin, expectReadyThroughout, STANDINS, waitFor } from './fault-support.js';

const request = JSON.parse(readFileSync(join(SHARED_DIR, 'examples', 'mongodb-statefulset.json'), 'utf8'));
const SCALE = 0.05;
const COLLECTOR = '127.0.0.2';
let runner: PodRunner;
let received: string;
let outDir: string;

function startCollector(): void {
  runner.startOutside('fluentd', [NODE, join(STANDINS, 'forward-collector.mjs'), COLLECTOR, '24224', received]);
}

/** seq numbers the collector has received, in arrival order */
function receivedSeqs(): number[] {
  if (!existsSync(received)) return [];
  return readFileSync(received, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).seq as number);
}

async function writeLines(n: number): Promise<number> {
  const answer = await runner.http(27017, `/log?n=${n}`);
  return JSON.parse(answer.body!).last as number;
}

async function startPod(bundle: Bundle): Promise<void> {
  outDir = mkdtempSync(join(tmpdir(), 'collector-'));
  received = join(outDir, 'received.jsonl');
  runner = new PodRunner(bundle, {
    timeScale: SCALE,
    hosts: { 'fluentd.logging.svc': COLLECTOR },
    defaultUser: 999,
    secrets: { 'catalog-db-monitor/uri': 'mongodb://monitor:monitor-pw@127.0.0.1:27017/admin' },
    programs: {
      'catalog-db': appStandin({
        STANDIN_PORT: '27017',
        STANDIN_LOG_FILE: '/var/log/mongodb/mongod.log',
        STANDIN_LOG_FORMAT: 'json',
      }),
      logs: (c) => ({
        argv: [NODE, join(STANDINS, 'fluent-bit.mjs'), ...c.args!],
        env: { STANDIN_TIME_SCALE: String(SCALE) },
      }),
      exporter: (c) => ({ argv: [NODE, join(STANDINS, 'mongodb-exporter.mjs'), ...c.args!] }),
    },
  });
  await runner.network();
  startCollector();
  await runner.start();
  await runner.waitPodReady(15_000);
  await waitFor(async () => (await runner.http(27017, '/ready')).ok, 10_000, 'the app to serve');
}

async function stopPod(): Promise<void> {
  await runner?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}

/** Writes lines through the app while the collector is down for `seconds` (scaled); returns the last seq written. */
async function outage(seconds: number): Promise<{ from: number; last: number }> {
  const before = await writeLines(20);
  await waitFor(() => receivedSeqs().length >= before, 10_000, 'the first lines at the collector');
  const from = runner.elapsed();
  await runner.stopOutside('fluentd');
  const outageEnd = Date.now() + seconds * 1000 * SCALE;
  let last = before;
  while (Date.now() < outageEnd) {
    last = await writeLines(10);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  startCollector();
  return { from, last };
}

/**
 * The wiring this preset generated before: health probes on /api/v1/health, Health_Check On, memory
 * buffering, default retries.
 */
function previousWiring(bundle: Bundle): Bundle {
  const copy = structuredClone(bundle);
  const fluentBit = containerNamed(podSpecOf(copy), 'logs');
  fluentBit.startupProbe = { httpGet: { path: '/api/v1/health', port: 2020 }, periodSeconds: 2, failureThreshold: 30 };
  fluentBit.readinessProbe = { httpGet: { path: '/api/v1/health', port: 2020 }, periodSeconds: 10 };
  fluentBit.livenessProbe = { httpGet: { path: '/api/v1/health', port: 2020 }, periodSeconds: 30 };
  const data = configMapData(copy, 'catalog-db-logs');
  data['fluent-bit.conf'] = data['fluent-bit.conf']
    .split('\n')
    .filter((l) => !/^\s*(storage\.|scheduler\.|Retry_Limit)/.test(l))
    .join('\n')
    .replace(/(HTTP_Port\s+2020)/, '$1\n    Health_Check      On');
  return copy;
}

describe('mongodb-statefulset pod under faults (Fluent Bit, mongodb_exporter and the app are stand-ins)', () => {
  beforeAll(() => startPod(composeBundle(request)), 30_000);
  afterAll(stopPod);

  it('collector down for 3 minutes (scaled): app and pod stay Ready, no restart, no line lost once it is back', async () => {
    const { from, last } = await outage(180);
    await waitFor(
      () => receivedSeqs().length >= last,
      20_000,
      `all ${last} lines at the collector (have ${receivedSeqs().length})\n${runner.outputs()}`,
    );
    const to = runner.elapsed();
    const seqs = receivedSeqs();
    expect(seqs.length).toBe(last);
    expect([...new Set(seqs)].sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expectReadyThroughout(runner, from, to, ['catalog-db', 'logs', 'exporter']);
    expect(runner.container('logs').restarts).toBe(0);
    expect(runner.container('logs').output).not.toContain('cannot be retried');
    // the exporter still answers, and MongoDB (the app) is up
    expect((await runner.http(9216, '/metrics')).body).toContain('mongodb_up 1');
  }, 60_000);
});

// Control: the same pod and outage with the wiring this preset generated before shows the defects
// the runner is there to catch, so the test above cannot pass by accident.
describe('the previous log-forwarder wiring under the same outage (control)', () => {
  beforeAll(() => startPod(previousWiring(composeBundle(request))), 30_000);
  afterAll(stopPod);

  it('makes the pod NotReady and loses the lines written during the outage', async () => {
    const { from, last } = await outage(120);
    // the old wiring drops a chunk whose flush failed twice (Retry_Limit 1), saying so
    await waitFor(
      () => runner.container('logs').output.includes('cannot be retried'),
      45_000,
      `a chunk dropped by the forwarder\n${runner.outputs()}`,
    );
    const seen = new Set(receivedSeqs());
    const lost = Array.from({ length: last }, (_, i) => i + 1).filter((n) => !seen.has(n));
    expect(lost.length).toBeGreaterThan(0);
    expect(runner.notReadyBetween(from, runner.elapsed()).length).toBeGreaterThan(0);
  }, 90_000);
});
