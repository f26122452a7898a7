// The cache-client-redis-shards example's pod, run by the pod runner: the real nutcracker ambassador
// (Debian nutcracker) in front of three real redis-servers outside the pod, and a stand-in app
// (the example's image is not available; test/support/standins/app.mjs). One shard goes down: the
// app and the pod stay Ready, keys on the other shards keep working, nutcracker is not restarted,
// and every key works again once the shard is back.
// The one change to the example: serverRetryTimeout 2s instead of 30s, so the ejected shard comes
// back within the test's time (nutcracker counts that timeout in real time, not scaled).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBundle } from '../support/validated.js';
import { PodRunner } from '../support/pod-runner.js';
import { requireProgram, SHARED_DIR } from '../support/programs.js';
import { APP_STANDIN, appStandin, expectReadyThroughout, waitFor } from './fault-support.js';

const request = JSON.parse(readFileSync(join(SHARED_DIR, 'examples', 'cache-client-redis-shards.json'), 'utf8'));
request.ambassadors[0].serverRetryTimeout = '2s';
const SHARDS = {
  'redis-0.redis.cache.svc': '127.0.0.2',
  'redis-1.redis.cache.svc': '127.0.0.3',
  'redis-2.redis.cache.svc': '127.0.0.4',
};

let runner: PodRunner;
const redis = requireProgram('redis-server');

function startShard(name: keyof typeof SHARDS): void {
  runner.startOutside(name, [
    redis,
    '--bind',
    SHARDS[name],
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'no',
  ]);
}

/** Through the app: SET then GET of every key over the ambassador; the keys whose round trip worked. */
async function roundTrips(keys: string[], value: string): Promise<string[]> {
  const ok: string[] = [];
  for (const key of keys) {
    const set = JSON.parse(
      (await runner.http(3000, `/redis?port=6379&cmd=${encodeURIComponent(`SET ${key} ${value}`)}`)).body ?? '{}',
    );
    const get = JSON.parse(
      (await runner.http(3000, `/redis?port=6379&cmd=${encodeURIComponent(`GET ${key}`)}`)).body ?? '{}',
    );
    if (set.reply === '+OK' && get.reply === value) ok.push(key);
  }
  return ok;
}

beforeAll(async () => {
  runner = new PodRunner(composeBundle(request), {
    timeScale: 0.05,
    hosts: SHARDS,
    defaultUser: 1000,
    programs: {
      // the twemproxy image's nutcracker is Debian's nutcracker; the command is the generated one
      'redis-proxy': (c) => ({ argv: [requireProgram('nutcracker'), ...c.command!.slice(1)] }),
      'session-api': appStandin({ STANDIN_PORT: '3000' }),
    },
  });
  await runner.network();
  for (const name of Object.keys(SHARDS) as (keyof typeof SHARDS)[]) startShard(name);
  await runner.start();
  await runner.waitPodReady(15_000);
  // the example's app has no readinessProbe: Ready once started; the test waits until it serves
  await waitFor(async () => (await runner.http(3000, '/ready')).ok, 10_000, 'the app to serve');
}, 30_000);

afterAll(async () => {
  await runner?.stop();
});

describe(`cache-client-redis-shards pod under faults (nutcracker and redis-server real, app ${APP_STANDIN})`, () => {
  const keys = Array.from({ length: 24 }, (_, i) => `session:${i}`);

  it('one shard down: app and pod stay Ready, the other shards keep serving, everything recovers', async () => {
    expect(await roundTrips(keys, 'v1'), runner.outputs()).toEqual(keys);
    const from = runner.elapsed();
    await runner.stopOutside('redis-1.redis.cache.svc');
    // nutcracker ejects the shard after server_failure_limit errors: its keys move to the others
    await waitFor(
      async () => (await roundTrips(keys, 'v2')).length === keys.length,
      15_000,
      'keys served by the remaining shards',
    );
    startShard('redis-1.redis.cache.svc');
    await waitFor(
      async () => (await roundTrips(keys, 'v3')).length === keys.length,
      15_000,
      'every key after the shard came back',
    );
    const to = runner.elapsed();
    expectReadyThroughout(runner, from, to, ['session-api', 'redis-proxy']);
    expect(runner.container('redis-proxy').restarts).toBe(0);
  }, 60_000);
});
