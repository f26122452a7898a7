// GET /metrics: the service's own metrics, checked by the real `promtool check metrics`, and
// counters and histograms that move with the requests the service answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../src/core/presets/registry.js';
import { UNMATCHED_ROUTE } from '../src/metrics/service-metrics.js';
import { REPO_EXAMPLES_DIR, startTestApp } from './support/app.js';
import { expositionErrors, promtoolCheckMetrics } from './support/exporter-processes.js';
import { samplesOf, valueOf } from './support/exposition.js';

const EXAMPLE = JSON.parse(readFileSync(join(REPO_EXAMPLES_DIR, 'orders-logging-egress.json'), 'utf8')) as Record<
  string,
  any
>;
/** A Deployment whose container runs as root: breaks Pod Security rules at error level. */
const ROOT_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders', labels: { app: 'orders' } },
  spec: {
    selector: { matchLabels: { app: 'orders' } },
    template: {
      metadata: { labels: { app: 'orders' } },
      spec: {
        containers: [
          { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', securityContext: { runAsUser: 0, privileged: true } },
        ],
      },
    },
  },
};
/** Our own families: promtool's naming lint must have nothing to say about them. */
const OWN_FAMILIES = /^(http_request_duration_seconds|pod_patterns_)/;

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const scrape = async () => {
  const res = await request(app.getHttpServer()).get('/metrics').expect(200);
  return res.text;
};

describe('GET /metrics', () => {
  it('serves the text exposition format 0.0.4 that promtool accepts', async () => {
    const res = await request(app.getHttpServer())
      .get('/metrics')
      .set('accept', 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const check = promtoolCheckMetrics(res.text);
    expect(expositionErrors(check, res.text), check.problems.join('\n')).toEqual([]);
    expect(check.problems.filter((line) => OWN_FAMILIES.test(line))).toEqual([]);
  });

  it('has the process and Node.js defaults and every metric family of the service', async () => {
    const text = await scrape();
    const types = new Map(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => [l.split(' ')[2], l.split(' ')[3]]),
    );
    expect(types.get('process_cpu_seconds_total')).toBe('counter');
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    for (const family of [
      'pod_patterns_generated_total',
      'pod_patterns_generated_presets_total',
      'pod_patterns_validation_reports_total',
      'pod_patterns_validation_findings_total',
    ]) {
      expect(types.get(family), family).toBe('counter');
    }
  });

  it('starts every artifact, preset and verdict series at zero', async () => {
    const samples = samplesOf(await scrape());
    const series = (name: string) => samples.filter((s) => s.name === name).map((s) => s.labels);
    expect(series('pod_patterns_generated_total')).toEqual(
      expect.arrayContaining([{ artifact: 'bundle' }, { artifact: 'chart' }]),
    );
    for (const preset of PRESETS) {
      for (const artifact of ['bundle', 'chart']) {
        expect(series('pod_patterns_generated_presets_total')).toContainEqual({
          artifact,
          kind: preset.kind,
          preset: preset.id,
        });
      }
    }
    expect(series('pod_patterns_validation_reports_total')).toEqual(
      expect.arrayContaining([{ verdict: 'valid' }, { verdict: 'invalid' }]),
    );
  });

  it('counts bundles and charts generated, by preset', async () => {
    const before = await scrape();
    await request(app.getHttpServer()).post('/v1/bundles').send(EXAMPLE).expect(200);
    await request(app.getHttpServer()).post('/v1/bundles').set('accept', 'application/yaml').send(EXAMPLE).expect(200);
    await request(app.getHttpServer()).post('/v1/charts').send(EXAMPLE).expect(200);
    // a rejected request generates nothing
    await request(app.getHttpServer())
      .post('/v1/bundles')
      .send({ app: { name: 'Not_A_Name' } })
      .expect(400);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('pod_patterns_generated_total', { artifact: 'bundle' })).toBe(2);
    expect(moved('pod_patterns_generated_total', { artifact: 'chart' })).toBe(1);
    expect(
      moved('pod_patterns_generated_presets_total', { artifact: 'bundle', kind: 'sidecar', preset: 'log-forwarder' }),
    ).toBe(2);
    expect(
      moved('pod_patterns_generated_presets_total', { artifact: 'bundle', kind: 'ambassador', preset: 'http-egress' }),
    ).toBe(2);
    expect(
      moved('pod_patterns_generated_presets_total', {
        artifact: 'chart',
        kind: 'adapter',
        preset: 'prometheus-exporter',
      }),
    ).toBe(1);
    expect(
      moved('pod_patterns_generated_presets_total', { artifact: 'bundle', kind: 'sidecar', preset: 'git-sync' }),
    ).toBe(0);
  });

  it('counts validation reports by verdict and their findings by rule and severity', async () => {
    const before = await scrape();
    const res = await request(app.getHttpServer())
      .post('/v1/validations')
      .send({ manifests: [ROOT_DEPLOYMENT] })
      .expect(200);
    const report = JSON.parse(res.text) as { valid: boolean; findings: { rule: string; severity: string }[] };
    expect(report.valid).toBe(false);
    const generated = JSON.parse(
      (await request(app.getHttpServer()).post('/v1/bundles').send(EXAMPLE).expect(200)).text,
    ) as { manifests: unknown[] };
    expect(
      JSON.parse(
        (
          await request(app.getHttpServer())
            .post('/v1/validations')
            .send({ manifests: generated.manifests })
            .expect(200)
        ).text,
      ).valid,
    ).toBe(true);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('pod_patterns_validation_reports_total', { verdict: 'invalid' })).toBe(1);
    expect(moved('pod_patterns_validation_reports_total', { verdict: 'valid' })).toBe(1);
    const expected = new Map<string, number>();
    for (const f of report.findings)
      expected.set(`${f.rule} ${f.severity}`, (expected.get(`${f.rule} ${f.severity}`) ?? 0) + 1);
    expect(expected.size).toBeGreaterThan(0);
    for (const [key, count] of expected) {
      const [rule, severity] = key.split(' ') as [string, string];
      // the valid report may add warnings and info of its own, never errors
      if (severity === 'error')
        expect(moved('pod_patterns_validation_findings_total', { rule, severity }), key).toBe(count);
      else
        expect(moved('pod_patterns_validation_findings_total', { rule, severity }), key).toBeGreaterThanOrEqual(count);
    }
  });

  it('times requests by method, route template and status code, never by raw URL', async () => {
    const before = await scrape();
    await request(app.getHttpServer()).get('/v1/patterns/sidecar/log-forwarder').expect(200);
    await request(app.getHttpServer()).get('/v1/patterns/sidecar/git-sync').expect(200);
    await request(app.getHttpServer()).get('/v1/patterns/sidecar/no-such-preset').expect(404);
    await request(app.getHttpServer()).get('/no/such/path/4711').expect(404);
    const after = await scrape();
    const count = (labels: Record<string, string>) =>
      valueOf(after, 'http_request_duration_seconds_count', labels) -
      valueOf(before, 'http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/v1/patterns/:kind/:preset', status_code: '200' })).toBe(2);
    expect(count({ method: 'GET', route: '/v1/patterns/:kind/:preset', status_code: '404' })).toBe(1);
    expect(count({ method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
    // the previous scrape itself was timed once it was sent
    expect(count({ method: 'GET', route: '/metrics', status_code: '200' })).toBe(1);
    const routes = new Set(
      samplesOf(after)
        .filter((s) => s.name.startsWith('http_request_duration_seconds'))
        .map((s) => s.labels.route),
    );
    for (const route of routes) expect(route === UNMATCHED_ROUTE || route!.startsWith('/'), route).toBe(true);
    // no label carries the raw path (a sample's value may hold any digits: heap bytes 77047112)
    const labelValues = samplesOf(after).flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v!.includes('no-such-preset') || v!.includes('4711'))).toEqual([]);
    expect(labelValues).toContain(UNMATCHED_ROUTE);
    const buckets = samplesOf(after).filter(
      (s) =>
        s.name === 'http_request_duration_seconds_bucket' &&
        s.labels.route === '/v1/patterns/:kind/:preset' &&
        s.labels.status_code === '200',
    );
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(
      valueOf(after, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/patterns/:kind/:preset',
        status_code: '200',
      }),
    );
  });
});
