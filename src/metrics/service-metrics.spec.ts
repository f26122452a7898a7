import { describe, expect, it } from 'vitest';
import type { BundleRequest } from '../core/request/bundle.js';
import type { ValidationReport } from '../core/validate/validate-bundle.js';
import { ServiceMetrics } from './service-metrics.js';

async function value(
  metrics: ServiceMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.find(
    (v) =>
      Object.entries(labels).every(([k, l]) => v.labels[k] === l) &&
      Object.keys(v.labels).length === Object.keys(labels).length,
  )?.value;
}

const REQUEST = {
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2' },
  sidecars: [
    { preset: 'log-forwarder', name: 'a' },
    { preset: 'log-forwarder', name: 'b' },
  ],
  adapters: [{ preset: 'prometheus-exporter', name: 'm' }],
} as unknown as BundleRequest;

describe('ServiceMetrics', () => {
  it("keeps each app's counts apart", async () => {
    const [one, two] = [new ServiceMetrics(), new ServiceMetrics()];
    one.generatedFrom('bundle', REQUEST);
    expect(await value(one, 'pod_patterns_generated_total', { artifact: 'bundle' })).toBe(1);
    expect(await value(two, 'pod_patterns_generated_total', { artifact: 'bundle' })).toBe(0);
  });

  it('counts each helper of a generated artifact by kind and preset', async () => {
    const metrics = new ServiceMetrics();
    metrics.generatedFrom('chart', REQUEST);
    expect(
      await value(metrics, 'pod_patterns_generated_presets_total', {
        artifact: 'chart',
        kind: 'sidecar',
        preset: 'log-forwarder',
      }),
    ).toBe(2);
    expect(
      await value(metrics, 'pod_patterns_generated_presets_total', {
        artifact: 'chart',
        kind: 'adapter',
        preset: 'prometheus-exporter',
      }),
    ).toBe(1);
    expect(
      await value(metrics, 'pod_patterns_generated_presets_total', {
        artifact: 'bundle',
        kind: 'sidecar',
        preset: 'log-forwarder',
      }),
    ).toBe(0);
  });

  it('labels anything outside the registries "other", so label values stay bounded', async () => {
    const metrics = new ServiceMetrics();
    metrics.generatedFrom('bundle', {
      ...REQUEST,
      sidecars: [
        { preset: 'http-egress', name: 'x' },
        { preset: 'made-up', name: 'y' },
      ],
    } as BundleRequest);
    expect(
      await value(metrics, 'pod_patterns_generated_presets_total', {
        artifact: 'bundle',
        kind: 'sidecar',
        preset: 'other',
      }),
    ).toBe(2);
    metrics.reported({
      valid: true,
      profile: 'restricted:v1.33',
      summary: { objects: 1, errors: 0, warnings: 1, info: 0 },
      findings: [{ rule: 'made.up', severity: 'warning', message: 'm' }],
    });
    expect(await value(metrics, 'pod_patterns_validation_findings_total', { rule: 'other', severity: 'warning' })).toBe(
      1,
    );
  });

  it('counts reports by verdict and findings by rule and severity', async () => {
    const metrics = new ServiceMetrics();
    const finding = (rule: string, severity: 'error' | 'warning' | 'info') => ({ rule, severity, message: 'm' });
    const report: ValidationReport = {
      valid: false,
      profile: 'restricted:v1.33',
      summary: { objects: 2, errors: 2, warnings: 1, info: 0 },
      findings: [
        finding('pod.port-collision', 'error'),
        finding('pod.port-collision', 'error'),
        finding('pod.port-collision', 'warning'),
        finding('meta.name', 'error'),
      ],
    };
    metrics.reported(report);
    metrics.reported(report);
    expect(await value(metrics, 'pod_patterns_validation_reports_total', { verdict: 'invalid' })).toBe(2);
    expect(await value(metrics, 'pod_patterns_validation_reports_total', { verdict: 'valid' })).toBe(0);
    expect(
      await value(metrics, 'pod_patterns_validation_findings_total', { rule: 'pod.port-collision', severity: 'error' }),
    ).toBe(4);
    expect(
      await value(metrics, 'pod_patterns_validation_findings_total', {
        rule: 'pod.port-collision',
        severity: 'warning',
      }),
    ).toBe(2);
    expect(
      await value(metrics, 'pod_patterns_validation_findings_total', { rule: 'meta.name', severity: 'error' }),
    ).toBe(2);
  });
});
