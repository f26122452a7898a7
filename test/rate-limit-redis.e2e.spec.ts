// One rate limit across replicas: a real redis-server and two service processes sharing it
// (RATE_LIMIT_REDIS_URL). Requests alternate between the replicas and the limit holds for their
// sum; with Redis frozen, requests are served once a command times out; with Redis stopped, both
// serve every request (fail open), count it in pod_patterns_rate_limit_store_failures_total and
// warn; once Redis is back, the limit applies again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { ProcessGroup, stop, waitForPort, type RunningProcess } from './support/processes.js';
import { requireProgram } from './support/programs.js';
import { startService, type ServiceProcess } from './support/service-process.js';

const LIMIT = 6;
const KEY = 'rate-limit-test-key-0a1b2c3d4e';
/** Longest a request may take while Redis is gone: a hang guard, far above the service's own timeouts. */
const HANG_GUARD_MS = 10_000;

const processes = new ProcessGroup();
let dir: string;
let redisPort: number;
let redis: RunningProcess;
let replicas: ServiceProcess[];

function startRedis(): Promise<void> {
  redis = processes.start('redis', requireProgram('redis-server'), [
    '--port',
    String(redisPort),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
  ]);
  return waitForPort(redisPort, redis);
}

async function get(replica: ServiceProcess, path = '/v1/rules'): Promise<Response> {
  return fetch(`${replica.base}${path}`, { headers: { 'x-api-key': KEY }, signal: AbortSignal.timeout(HANG_GUARD_MS) });
}

async function storeFailures(replica: ServiceProcess): Promise<number> {
  const text = await (await fetch(`${replica.base}/metrics`)).text();
  return Number(/^pod_patterns_rate_limit_store_failures_total (\d+)$/m.exec(text)?.[1]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pod-patterns-rate-limit-'));
  redisPort = await freePort();
  await startRedis();
  const env = { API_KEYS: KEY, RATE_LIMIT: `${LIMIT}/hour`, RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${redisPort}/0` };
  replicas = await Promise.all([startService(processes, 'replica-a', env), startService(processes, 'replica-b', env)]);
}, 180_000);

afterAll(async () => {
  await processes.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('rate limit shared by two replicas through Redis', () => {
  it('allows the limit once across both replicas, then 429 on either', async () => {
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await get(replicas[i % 2]);
      statuses.push(res.status);
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
    }
    // alone, each replica would have allowed LIMIT: together they allowed LIMIT in all
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    expect(remaining.slice(0, LIMIT)).toEqual(Array.from({ length: LIMIT }, (_, i) => String(LIMIT - 1 - i)));
    const refused = await get(replicas[0]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /^this client sent more than 6 requests per hour; retry in \d+ seconds$/,
    );
    expect(await storeFailures(replicas[0])).toBe(0);
    expect(await storeFailures(replicas[1])).toBe(0);
  });

  it('does not wait on a Redis that stopped answering: the request is served once the command times out', async () => {
    // the limit is used up; a frozen Redis (connection open, no answers) must not freeze the service
    process.kill(redis.child.pid!, 'SIGSTOP');
    try {
      for (const replica of replicas) {
        const res = await get(replica);
        expect(res.status).toBe(200);
        expect(await storeFailures(replica)).toBe(1);
      }
    } finally {
      process.kill(redis.child.pid!, 'SIGCONT');
    }
    // answering again, Redis still holds the used-up window
    for (const replica of replicas) expect((await get(replica)).status).toBe(429);
  });

  it('serves every request when Redis is down (fail open), counts them and warns once per outage; the limit returns with Redis', async () => {
    await stop(redis);
    for (const replica of replicas) {
      for (let i = 0; i < 3; i++) {
        const res = await get(replica);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      }
      expect(await storeFailures(replica)).toBe(1 + 3);
      const warnings = replica.lines().filter((l) => l.includes('"level":"warn"') && l.includes('rate limit store'));
      // the frozen Redis of the previous test, then this outage
      expect(warnings).toHaveLength(2);
      for (const warning of warnings)
        expect(JSON.parse(warning).msg).toContain(`rate limit store redis://127.0.0.1:${redisPort}/0 is unreachable`);
    }

    // a fresh Redis holds no counts: the window starts over, shared again
    await startRedis();
    const back = `rate limit store redis://127.0.0.1:${redisPort}/0 answers again: the rate limit applies`;
    for (const replica of replicas) {
      for (let i = 0; i < 100 && replica.lines().filter((l) => l.includes(back)).length < 2; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(
        replica
          .lines()
          .filter((l) => l.includes('the rate limit applies'))
          .map((l) => JSON.parse(l).msg),
      ).toEqual([back, back]);
    }
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(replicas[i % 2])).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429]);
  });
});
