// The service's own Prometheus metrics: Node/process defaults, HTTP request durations, and what the
// API produced. One registry per app (not prom-client's global one), so apps made side by side, as
// the tests do, count separately. Every label has a bounded set of values: route templates rather
// than URLs, preset and rule ids from the registries, "other" for anything else.
import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { BundleRequest } from '../core/request/bundle.js';
import { KIND_FIELD, type PresetKind } from '../core/presets/preset.js';
import { PRESETS } from '../core/presets/registry.js';
import { ALL_RULES } from '../core/rules/index.js';
import type { ValidationReport } from '../core/validate/validate-bundle.js';

export type Artifact = 'bundle' | 'chart';

const ARTIFACTS: readonly Artifact[] = ['bundle', 'chart'];
const KINDS = Object.keys(KIND_FIELD) as PresetKind[];
const RULE_IDS = new Set(ALL_RULES.map((r) => r.id));
/** Methods Fastify routes; anything else is counted as "other". */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The route label of requests that matched no route (404s of any URL). */
export const UNMATCHED_ROUTE = 'unmatched';
/** Sub-millisecond catalogue reads up to multi-second chart builds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending the response, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly generated = this.counter(
    'pod_patterns_generated_total',
    'Bundles (POST /v1/bundles) and charts (POST /v1/charts) generated.',
    ['artifact'],
  );

  private readonly generatedPresets = this.counter(
    'pod_patterns_generated_presets_total',
    'Helper containers in generated bundles and charts, by preset.',
    ['artifact', 'kind', 'preset'],
  );

  private readonly reports = this.counter(
    'pod_patterns_validation_reports_total',
    'Validation reports (POST /v1/validations), by verdict.',
    ['verdict'],
  );

  private readonly findings = this.counter(
    'pod_patterns_validation_findings_total',
    'Findings in validation reports, by rule and severity.',
    ['rule', 'severity'],
  );

  private readonly rateLimitStoreFailures = this.counter(
    'pod_patterns_rate_limit_store_failures_total',
    'Requests served without a rate limit check because the shared rate limit store (Redis) did not answer (fail open).',
    [],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // every known series starts at 0, so rate() and absence alerts work from the first scrape
    for (const artifact of ARTIFACTS) {
      this.generated.inc({ artifact }, 0);
      for (const preset of PRESETS) this.generatedPresets.inc({ artifact, kind: preset.kind, preset: preset.id }, 0);
    }
    for (const verdict of ['valid', 'invalid']) this.reports.inc({ verdict }, 0);
  }

  /** Times every response (errors and 404s included) in an onResponse hook: one histogram observation. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.httpDuration.observe(
        {
          method: METHODS.has(request.method) ? request.method : 'other',
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  /** A bundle or chart was generated from `request`. */
  generatedFrom(artifact: Artifact, request: BundleRequest): void {
    this.generated.inc({ artifact });
    for (const kind of KINDS) {
      for (const item of request[KIND_FIELD[kind]] ?? []) {
        const known = PRESETS.some((p) => p.kind === kind && p.id === item.preset);
        this.generatedPresets.inc({ artifact, kind, preset: known ? item.preset : 'other' });
      }
    }
  }

  /** A request went through unlimited: the rate limit store failed. */
  rateLimitStoreFailed(): void {
    this.rateLimitStoreFailures.inc();
  }

  reported(report: ValidationReport): void {
    this.reports.inc({ verdict: report.valid ? 'valid' : 'invalid' });
    // one increment per rule and severity, however many findings a large bundle has
    const counts = new Map<string, { rule: string; severity: string; count: number }>();
    for (const { rule: id, severity } of report.findings) {
      const rule = RULE_IDS.has(id) ? id : 'other';
      const key = `${rule} ${severity}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { rule, severity, count: 1 });
    }
    for (const { rule, severity, count } of counts.values()) this.findings.inc({ rule, severity }, count);
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** The exposition, in the text format of registry.contentType. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
