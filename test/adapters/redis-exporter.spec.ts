// The redis source of the prometheus-exporter adapter, run for real: a Debian redis-server with a
// password (no persistence) on a free loopback port plays the app, and the Debian redis exporter
// runs with the args and env the preset generates, the password coming from the "Secret" the test
// resolves. Its metrics must parse with promtool and report redis_up 1; with a wrong password in
// the Secret, redis_up is 0, so the password really is what the exporter uses.
//
// Versions: Debian ships redis_exporter 1.45, the image pinned is v1.67.0; both use Go's flag
// package with the same flag names and read REDIS_ADDR / REDIS_USER / REDIS_PASSWORD.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import {
  containerInvocation,
  expositionErrors,
  freeLoopbackPort,
  flagsUnknownTo,
  onLoopback,
  promtoolCheckMetrics,
  sampleValue,
  startProgram,
  stopAll,
  waitForHttp,
  waitForTcp,
} from '../support/exporter-processes.js';
import { requireProgram } from '../support/programs.js';
import { composeBundle } from '../support/validated.js';

const SECRET = { 'cache-auth/password': 'pw-from-the-secret' };

describe('prometheus-exporter (redis) with the real redis exporter', () => {
  let dir: string;
  let redisPort: number;
  let bundle: (metricsPort: number) => Bundle;
  let metrics: string;
  let wrongPasswordMetrics: string;

  async function scrape(metricsPort: number, secrets: Record<string, string>): Promise<string> {
    const run = onLoopback(containerInvocation(bundle(metricsPort), 'cache-metrics', secrets));
    const proc = startProgram(requireProgram('prometheus-redis-exporter'), run.args, run.env);
    return waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`, proc, (body) => /^redis_up /m.test(body));
  }

  beforeAll(async () => {
    const redis = requireProgram('redis-server');
    requireProgram('prometheus-redis-exporter');
    requireProgram('promtool');
    dir = mkdtempSync(join(tmpdir(), 'redis-exporter-'));
    redisPort = await freeLoopbackPort();
    const server = startProgram(
      redis,
      [
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
        '--requirepass',
        SECRET['cache-auth/password'],
      ],
      {},
      dir,
    );
    await waitForTcp(redisPort, server);

    bundle = (metricsPort) =>
      composeBundle({
        app: { name: 'cache', image: 'redis:7.2.5', ports: [{ name: 'redis', containerPort: redisPort }] },
        adapters: [
          {
            preset: 'prometheus-exporter',
            name: 'cache-metrics',
            source: 'redis',
            port: 'redis',
            password: { secretName: 'cache-auth', key: 'password' },
            metricsPort,
          },
        ],
      });
    metrics = await scrape(await freeLoopbackPort(), SECRET);
    wrongPasswordMetrics = await scrape(await freeLoopbackPort(), { 'cache-auth/password': 'not-the-password' });
  });

  afterAll(async () => {
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the generated args and env unchanged but for the loopback listen address', () => {
    const generated = containerInvocation(bundle(9121), 'cache-metrics', SECRET);
    expect(generated.args).toEqual(['--web.listen-address=:9121']);
    expect(generated.env).toEqual({
      REDIS_ADDR: `redis://127.0.0.1:${redisPort}`,
      REDIS_PASSWORD: SECRET['cache-auth/password'],
    });
  });

  it('uses only flags the Debian exporter knows', () => {
    expect(
      flagsUnknownTo(
        requireProgram('prometheus-redis-exporter'),
        containerInvocation(bundle(9121), 'cache-metrics', SECRET).args,
      ),
    ).toEqual([]);
  });

  it('reports redis_up 1 with the password from the Secret', () => {
    expect(sampleValue(metrics, 'redis_up')).toBe(1);
    expect(sampleValue(metrics, 'redis_connected_clients')).toBeGreaterThanOrEqual(1);
  });

  it('reports redis_up 0 when the Secret holds the wrong password', () => {
    expect(sampleValue(wrongPasswordMetrics, 'redis_up')).toBe(0);
  });

  it('serves metrics that promtool check metrics accepts', () => {
    const check = promtoolCheckMetrics(metrics);
    expect(expositionErrors(check, metrics)).toEqual([]);
  });
});
