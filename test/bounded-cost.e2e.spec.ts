// No request within the body limit costs more than the CPU budget, whatever its shape: the worst
// bodies we can design for each endpoint (test/support/worst-bodies.ts) are each answered with a
// 200 or a 4xx, never a 500, and /healthz answers after each of them.
//
// The budget is CPU time of the main thread (process.threadCpuUsage), the time the event loop is
// held, not wall time. Each body is sent twice and the cheaper of the two counts, so the first run's
// compilation of new code paths and a major GC that happens to fall into one request do not decide
// it. CPU time still grows when other work shares the machine (shared caches and cores: the same
// 1 MB body measured 150 ms in a quiet process and 260-280 ms beside the rest of the suite and a
// mutation run), so this file runs alone, after the rest of the suite (vitest.config.ts), and a body
// over the budget on both sends is sent up to RETRIES more times, the cheapest send counting: a body
// that costs more than the budget never comes under it.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/app-config.js';
import { REPORT_LIMITS } from '../src/core/validate/validate-bundle.js';
import { startTestApp } from './support/app.js';
import { worstRequests, type WorstBody } from './support/worst-bodies.js';

/** The budget the service promises per request (README, Bounded cost). */
const CPU_BUDGET_MS = 250;
/** further sends of a body that was over the budget on both of its first two */
const RETRIES = 3;

interface Summary {
  errors: number;
  warnings: number;
  info: number;
}
interface ReportAnswer {
  findings?: { message: string }[];
  summary?: Summary;
  runs?: { results: { message: { text: string } }[]; properties: { summary: Summary } }[];
}

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

async function send(request: WorstBody) {
  const fastify = app.getHttpAdapter().getInstance();
  const before = threadCpuMs();
  const res = await fastify.inject({
    method: request.method,
    url: request.url,
    headers: {
      ...(request.contentType ? { 'content-type': request.contentType } : {}),
      ...(request.accept ? { accept: request.accept } : {}),
    },
    ...(request.body !== undefined ? { payload: request.body } : {}),
  });
  return { status: res.statusCode, cpuMs: threadCpuMs() - before, body: res.body };
}

describe(`every endpoint's worst bodies within the body limits cost at most ${CPU_BUDGET_MS} ms of CPU`, () => {
  const requests = worstRequests(DEFAULT_CONFIG.bodyLimit, DEFAULT_CONFIG.yamlBodyLimit);

  it('the bodies fill the limit', () => {
    // except those made of at most 1,000 objects (the most a bundle may hold) and the alias bomb
    for (const r of requests.filter(
      (r) =>
        r.body !== undefined &&
        !/alias bomb|select each other|many Pods|custom sidecars with|custom sidecars holding|log forwarders with|ambassadors with/.test(
          r.label,
        ),
    )) {
      const limit = r.contentType === 'application/yaml' ? DEFAULT_CONFIG.yamlBodyLimit : DEFAULT_CONFIG.bodyLimit;
      expect(Buffer.byteLength(r.body!), r.label).toBeGreaterThan(limit * 0.9);
      expect(Buffer.byteLength(r.body!), r.label).toBeLessThanOrEqual(limit);
    }
  });

  it.each(requests.map((r) => [r.label, r] as const))(
    '%s',
    async (_label, request) => {
      const first = await send(request);
      const second = await send(request);
      let cpuMs = Math.min(first.cpuMs, second.cpuMs);
      for (let i = 0; i < RETRIES && cpuMs > CPU_BUDGET_MS; i++) cpuMs = Math.min(cpuMs, (await send(request)).cpuMs);
      console.log(`${String(second.status).padEnd(4)} ${cpuMs.toFixed(0).padStart(6)} ms CPU  ${request.label}`);
      expect(second.status, second.body.slice(0, 500)).not.toBeGreaterThanOrEqual(500);
      expect([first.status, first.body.length]).toEqual([second.status, second.body.length]);
      expect(cpuMs, `${request.label}: ${cpuMs.toFixed(0)} ms of CPU`).toBeLessThanOrEqual(CPU_BUDGET_MS);
      if (second.status === 200 && request.url.startsWith('/v1/validations')) {
        // a report lists at most REPORT_LIMITS.findings, and its summary counts every finding
        const answer = JSON.parse(second.body) as ReportAnswer;
        const sarif = request.accept?.includes('sarif');
        const messages = sarif
          ? answer.runs![0].results.map((r) => r.message.text)
          : answer.findings!.map((f) => f.message);
        const summary = sarif ? answer.runs![0].properties.summary : answer.summary!;
        expect(messages.length).toBeLessThanOrEqual(REPORT_LIMITS.findings);
        const notices = messages.filter((m) => /^and \d+ more findings of /.test(m)).length;
        expect(summary.errors + summary.warnings + summary.info).toBeGreaterThanOrEqual(messages.length - notices);
      }
      const health = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    },
    600_000,
  );
});

describe('YAML bodies have their own, smaller limit (YAML_BODY_LIMIT)', () => {
  it('a YAML body over it is a 413; the same bytes as JSON are within BODY_LIMIT', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    const yaml = `kind: Pod\nmetadata:\n  name: ${'a'.repeat(DEFAULT_CONFIG.yamlBodyLimit)}\n`;
    const res = await fastify.inject({
      method: 'POST',
      url: '/v1/validations',
      headers: { 'content-type': 'application/yaml' },
      payload: yaml,
    });
    expect(res.statusCode).toBe(413);
    const json = JSON.stringify({
      manifests: [{ kind: 'Pod', metadata: { name: 'a'.repeat(DEFAULT_CONFIG.yamlBodyLimit) } }],
    });
    expect(
      (
        await fastify.inject({
          method: 'POST',
          url: '/v1/validations',
          headers: { 'content-type': 'application/json' },
          payload: json,
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('event-loop lag on /metrics', () => {
  it('nodejs_eventloop_lag_max_seconds shows a blocked event loop', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.inject({ method: 'GET', url: '/metrics' }); // starts a fresh measuring window
    await new Promise((r) => setTimeout(r, 50));
    const until = Date.now() + 300;
    while (Date.now() < until); // holds the loop as an expensive request would
    await new Promise((r) => setTimeout(r, 50));
    const text = (await fastify.inject({ method: 'GET', url: '/metrics' })).body;
    const max = Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1]);
    expect(max).toBeGreaterThanOrEqual(0.25);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
  });
});
