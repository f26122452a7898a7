// The generated nginx ambassador, run for real on loopback in front of upstream servers the test
// starts: headers, base path and routes reach the upstream, the rate limit answers 429, the probe
// command passes. Upstreams are IP addresses, so no DNS is needed; the resolvers still come from
// this machine's /etc/resolv.conf exactly as the image's entrypoint reads the pod's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import { bundleWithAmbassadors, runProgram } from '../support/ambassador-bundle.js';
import type { ContainerFs } from '../support/container-fs.js';
import { startNginxAmbassador } from '../support/nginx-entrypoint.js';
import { containerNamed, podSpecOf } from '../support/pod-template.js';
import { freePorts } from '../support/ports.js';
import { ProcessGroup } from '../support/processes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-http-server.js';

const API_KEY = 'k-e2e-0123456789';
const processes = new ProcessGroup();
const layouts: ContainerFs[] = [];
let api: RecordingServer;
let refunds: RecordingServer;
let bundle: Bundle;

async function startAmbassador(name: string, port: number): Promise<void> {
  const { fs } = await startNginxAmbassador(processes, bundle, name, port, {
    resolvConf: readFileSync('/etc/resolv.conf', 'utf8'),
    secrets: { 'payments-api/api-key': API_KEY },
  });
  layouts.push(fs);
}

function appEnv(name: string): string {
  const env = containerNamed(podSpecOf(bundle), 'shop').env ?? [];
  const value = env.find((e) => e.name === name)?.value;
  if (!value) throw new Error(`the app has no env var ${name}`);
  return value;
}

function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
}

beforeAll(async () => {
  api = await startRecordingServer('api');
  refunds = await startRecordingServer('refunds');
  const [paymentsPort, limitedPort] = await freePorts(2);
  // Two ambassadors in one pod, as an app with two outside APIs would have them.
  bundle = bundleWithAmbassadors([
    {
      preset: 'http-egress',
      name: 'payments',
      upstream: `http://127.0.0.1:${api.port}/v1`,
      listenPort: paymentsPort,
      headers: [
        { name: 'X-Client', value: 'shop' },
        { name: 'X-Api-Key', valueFrom: { secretName: 'payments-api', key: 'api-key' } },
      ],
      routes: [
        { pathPrefix: '/refunds/', upstream: `http://127.0.0.1:${refunds.port}/api/`, stripPrefix: true },
        { pathPrefix: '/reports/', upstream: `http://127.0.0.1:${refunds.port}` },
      ],
    },
    {
      preset: 'http-egress',
      name: 'limited',
      upstream: `http://127.0.0.1:${api.port}`,
      listenPort: limitedPort,
      rateLimit: { requestsPerSecond: 1, burst: 2 },
    },
  ]);
  await startAmbassador('payments', paymentsPort);
  await startAmbassador('limited', limitedPort);
});

afterAll(async () => {
  await processes.stopAll();
  layouts.forEach((fs) => fs.dispose());
  await api?.close();
  await refunds?.close();
});

describe('http-egress end to end (real nginx)', () => {
  it('forwards to the upstream under its base path, with the configured headers, Secret value included', async () => {
    const res = await get(`${appEnv('PAYMENTS_URL')}/orders/42?expand=items`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ server: 'api', url: '/v1/orders/42?expand=items' });
    const seen = api.requests.at(-1)!;
    expect(seen.headers['x-client']).toBe('shop');
    expect(seen.headers['x-api-key']).toBe(API_KEY);
    expect(seen.headers.host).toBe(`127.0.0.1:${api.port}`);
  });

  it('forwards request bodies', async () => {
    const res = await get(`${appEnv('PAYMENTS_URL')}/charges`, {
      method: 'POST',
      body: '{"amount":1250}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', url: '/v1/charges', body: '{"amount":1250}' });
  });

  it('sends a route prefix to its own upstream, stripped when asked, kept otherwise', async () => {
    const stripped = await get(`${appEnv('PAYMENTS_URL')}/refunds/7?reason=late`);
    expect(await stripped.json()).toEqual({ server: 'refunds', url: '/api/7?reason=late' });
    const kept = await get(`${appEnv('PAYMENTS_URL')}/reports/2024/q1`);
    expect(await kept.json()).toEqual({ server: 'refunds', url: '/reports/2024/q1' });
    expect(refunds.requests.at(-1)!.headers['x-api-key']).toBe(API_KEY);
  });

  it('passes an encoded path byte for byte under a base path and through a stripped prefix', async () => {
    // nginx decodes $uri: a rewrite on it would send /v1/files/a/b%20c, another resource.
    const based = await get(`${appEnv('PAYMENTS_URL')}/files/a%2Fb%20c?q=x%26y`);
    expect(await based.json()).toEqual({ server: 'api', url: '/v1/files/a%2Fb%20c?q=x%26y' });
    const stripped = await get(`${appEnv('PAYMENTS_URL')}/refunds/a%2Fb%3F/c`);
    expect(await stripped.json()).toEqual({ server: 'refunds', url: '/api/a%2Fb%3F/c' });
    const kept = await get(`${appEnv('PAYMENTS_URL')}/reports/x%2Fy`);
    expect(await kept.json()).toEqual({ server: 'refunds', url: '/reports/x%2Fy' });
  });

  it('answers its probe itself: the generated probe command succeeds and nothing reaches the upstream', () => {
    const before = api.requests.length + refunds.requests.length;
    const probe = containerNamed(podSpecOf(bundle), 'payments').startupProbe!.exec!.command!;
    const result = runProgram(probe[0], probe.slice(1), 10_000);
    expect(result.status).toBe(0);
    expect(api.requests.length + refunds.requests.length).toBe(before);
  });

  it('answers 429 beyond the rate limit (1 r/s, burst 2) without calling the upstream', async () => {
    const before = api.requests.length;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get(`${appEnv('LIMITED_URL')}/quota/${i}`)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(api.requests.length - before).toBe(statuses.filter((s) => s === 200).length);
  });
});
