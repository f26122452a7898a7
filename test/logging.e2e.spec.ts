// The service's logs as a log collector sees them: the real process, its stdout. Every line is one
// JSON object; each request is logged once, at completion, under the request id its response
// echoes; the API keys, the Authorization header, the Redis password and a credential sent in a
// request body appear nowhere in the output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { ProcessGroup } from './support/processes.js';
import { startService, type ServiceProcess } from './support/service-process.js';

const KEY_A = 'log-test-key-a-7f3c9e1d5b2a';
const KEY_B = 'log-test-key-b-c4d8a2f6e0b9';
const WRONG_KEY = 'log-test-wrong-key-91ab37cd55';
const REDIS_PASSWORD = 'redis-pass-5e7d1c9a3b';
const INLINE_CREDENTIAL = 'inline-token-0d4f8b2e6a1c';

const processes = new ProcessGroup();
let dir: string;
let service: ServiceProcess;
/** response of each request: its status, X-Request-Id and problem instance */
const responses: {
  what: string;
  status: number;
  requestId: string;
  instance?: string;
  route: string;
  method: string;
}[] = [];

async function call(
  what: string,
  method: string,
  path: string,
  route: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const res = await fetch(`${service.base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const instance = res.headers.get('content-type')?.startsWith('application/problem+json')
    ? (JSON.parse(text) as { instance: string }).instance
    : undefined;
  responses.push({
    what,
    status: res.status,
    requestId: res.headers.get('x-request-id') ?? '',
    instance,
    route,
    method,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pod-patterns-logs-'));
  // the keys as a mounted Secret gives them: a file
  writeFileSync(join(dir, 'api-keys'), `# mounted from a Secret\n${KEY_A}\n${KEY_B}\n`);
  // a Redis nobody listens on: the rate limit store fails, and the service says so
  const closedPort = await freePort();
  service = await startService(processes, 'service-logs', {
    API_KEYS_FILE: join(dir, 'api-keys'),
    RATE_LIMIT: '1000/minute',
    RATE_LIMIT_REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${closedPort}/0`,
  });
  await call('bearer key', 'GET', '/v1/patterns/sidecar/git-sync', '/v1/patterns/:kind/:preset', {
    authorization: `Bearer ${KEY_A}`,
  });
  await call('x-api-key', 'GET', '/v1/rules', '/v1/rules', {
    'x-api-key': KEY_B,
    'x-request-id': 'caller-chosen-id-42',
  });
  await call('wrong key', 'GET', '/v1/rules', '/v1/rules', { authorization: `Bearer ${WRONG_KEY}` });
  await call('no key', 'POST', '/v1/bundles', '/v1/bundles', {}, { app: { name: 'x', image: 'nginx:1.27' } });
  await call(
    'inline credential',
    'POST',
    '/v1/bundles',
    '/v1/bundles',
    { authorization: `Bearer ${KEY_A}` },
    {
      app: { name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
      ambassadors: [
        {
          preset: 'http-egress',
          name: 'payments',
          upstream: 'https://api.example.com',
          listenPort: 9000,
          headers: [{ name: 'Authorization', value: `Bearer ${INLINE_CREDENTIAL}` }],
        },
      ],
    },
  );
  await call('unknown path', 'GET', '/nowhere?token=abc', 'unmatched');
  await call('health', 'GET', '/healthz', '/healthz');
  // the request line is written when the response has been sent: wait until the last one is there
  const last = responses[responses.length - 1].requestId;
  for (let i = 0; i < 100 && !service.lines().some((l) => l.includes(last)); i++)
    await new Promise((r) => setTimeout(r, 50));
}, 120_000);

afterAll(async () => {
  await processes.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const records = () => service.lines().map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs of the running service (default LOG_FORMAT: json)', () => {
  it('writes every line as one JSON object with level, time and msg', () => {
    const lines = service.lines();
    expect(lines.length).toBeGreaterThan(responses.length);
    for (const line of lines) {
      let record: Record<string, unknown> | undefined;
      expect(() => (record = JSON.parse(line)), `not JSON: ${line}`).not.toThrow();
      expect(record).toEqual(
        expect.objectContaining({
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          time: expect.any(String),
          msg: expect.any(String),
        }),
      );
    }
  });

  it("logs each request once, at completion, under the id of X-Request-Id and of a problem's instance", () => {
    const requestLines = records().filter((r) => r.msg === 'request completed');
    expect(requestLines).toHaveLength(responses.length);
    for (const res of responses) {
      const mine = requestLines.filter((r) => r.requestId === res.requestId);
      expect(mine, res.what).toHaveLength(1);
      expect(mine[0], res.what).toEqual(
        expect.objectContaining({
          level: 'info',
          method: res.method,
          route: res.route,
          status: res.status,
          durationMs: expect.any(Number),
          client: '127.0.0.1',
        }),
      );
      if (res.instance !== undefined) expect(res.instance, res.what).toBe(res.requestId);
    }
    expect(responses.map((r) => [r.what, r.status])).toEqual([
      ['bearer key', 200],
      ['x-api-key', 200],
      ['wrong key', 401],
      ['no key', 401],
      ['inline credential', 400],
      ['unknown path', 404],
      ['health', 200],
    ]);
    expect(responses[1].requestId).toBe('caller-chosen-id-42');
  });

  it('warns, once, that the rate limit store is unreachable, naming it without its password', () => {
    const warnings = records().filter((r) => r.level === 'warn' && String(r.msg).includes('rate limit store'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(
      /^rate limit store redis:\/\/127\.0\.0\.1:\d+\/0 is unreachable \(.+\): requests are served without a rate limit until it answers again$/,
    );
  });

  it('never writes an API key, the Authorization header, the Redis password or a credential from a body', () => {
    const output = service.proc.output();
    for (const secret of [KEY_A, KEY_B, WRONG_KEY, REDIS_PASSWORD, INLINE_CREDENTIAL, 'Bearer '])
      expect(output).not.toContain(secret);
    expect(output.toLowerCase()).not.toContain('authorization');
    expect(output).not.toContain('token=abc');
  });
});
