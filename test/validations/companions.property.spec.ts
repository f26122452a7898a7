// Generated bundles with an HPA and a NetworkPolicy, drawn over many requests: the generator
// returns no error finding and nothing of the HPA and NetworkPolicy rules, also when the bundle is
// read back by the validator as YAML; a restricted policy admits every port a helper declared.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../src/core/model/request.js';
import type { AppDto } from '../../src/core/request/app.js';
import type { BundleRequest } from '../../src/core/request/bundle.js';
import type { AutoscalingDto, NetworkPolicyDto } from '../../src/core/request/workload-companions.js';
import { toMultiDocumentYaml } from '../../src/core/render/canonical.js';
import { validateBundle } from '../../src/core/validate/validate-bundle.js';
import { propertyRun } from '../support/property-seed.js';
import { composeBundle } from '../support/validated.js';

type Obj = Record<string, any>;

const resources = fc.constantFrom<AppDto['resources']>(
  { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  { requests: { cpu: '250m' } },
  { limits: { cpu: '1', memory: '512Mi' } },
);

/** A range and the metrics the app's requests allow (at least one). */
const autoscaling = (res: NonNullable<AppDto['resources']>): fc.Arbitrary<AutoscalingDto> => {
  const has = (r: 'cpu' | 'memory') => Boolean(res.requests?.[r] ?? res.limits?.[r]);
  return fc
    .record({
      min: fc.integer({ min: 1, max: 5 }),
      extra: fc.integer({ min: 0, max: 20 }),
      cpu: has('cpu') ? fc.option(fc.integer({ min: 10, max: 300 }), { nil: undefined }) : fc.constant(undefined),
      memory: has('memory') ? fc.option(fc.integer({ min: 10, max: 100 }), { nil: undefined }) : fc.constant(undefined),
      down: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined }),
    })
    .map(({ min, extra, cpu, memory, down }) => {
      // neither drawn: the one the app can have
      const targets =
        cpu === undefined && memory === undefined ? (has('cpu') ? { cpu: 80 } : { memory: 80 }) : { cpu, memory };
      return {
        minReplicas: min,
        maxReplicas: min + extra,
        ...(targets.cpu !== undefined ? { targetCPUUtilizationPercentage: targets.cpu } : {}),
        ...(targets.memory !== undefined ? { targetMemoryUtilizationPercentage: targets.memory } : {}),
        ...(down !== undefined ? { behavior: { scaleDown: { stabilizationWindowSeconds: down } } } : {}),
      };
    });
};

const peer = fc.constantFrom<Obj>(
  { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
  { podSelector: { matchLabels: { role: 'frontend' } } },
  { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } },
  { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
);

const networkPolicy: fc.Arbitrary<NetworkPolicyDto> = fc
  .record({
    ingressFrom: fc.array(peer, { maxLength: 2 }),
    metricsFrom: fc.array(peer, { maxLength: 1 }),
    restricted: fc.boolean(),
    extra: fc.boolean(),
  })
  .map(({ ingressFrom, metricsFrom, restricted, extra }) => ({
    ...(ingressFrom.length ? { ingressFrom } : {}),
    ...(metricsFrom.length ? { metricsFrom } : {}),
    ...(restricted
      ? { egress: 'restricted' as const, ...(extra ? { extraEgress: [{ ports: [{ port: 5432 }] }] } : {}) }
      : {}),
  }));

const helpers = fc.record({
  sidecars: fc.subarray<PresetItem>([
    { preset: 'log-forwarder', name: 'logs', output: { type: 'forward', host: 'fluentd.logging.svc.cluster.local' } },
    { preset: 'git-sync', name: 'content', repo: 'git@github.com:acme/docs.git', mountPath: '/srv/content' },
  ]),
  ambassadors: fc.subarray<PresetItem>([
    { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', listenPort: 9001 },
    { preset: 'tcp-egress', name: 'db', servers: ['db-0.example.com:5432'], listenPort: 15432 },
    {
      preset: 'redis-shards',
      name: 'redis-proxy',
      servers: ['redis-0.example.com:6379:1', 'redis-1.example.com:6380:1'],
    },
  ]),
  adapters: fc.subarray<PresetItem>([{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }]),
});

const requests: fc.Arbitrary<BundleRequest> = fc
  .record({
    workload: fc.constantFrom<'Deployment' | 'StatefulSet'>('Deployment', 'StatefulSet'),
    resources,
    ports: fc.boolean(),
    helpers,
    version: fc.constantFrom('1.27', '1.30', '1.33', '1.35'),
    podSecurity: fc.constantFrom<'restricted' | 'baseline'>('restricted', 'baseline'),
  })
  .chain((r) =>
    fc.record({
      r: fc.constant(r),
      autoscaling: fc.option(autoscaling(r.resources!), { nil: undefined }),
      networkPolicy: fc.option(networkPolicy, { nil: undefined }),
    }),
  )
  .map(({ r, autoscaling: a, networkPolicy: np }) => ({
    app: {
      name: 'orders',
      namespace: 'shop',
      image: 'ghcr.io/acme/orders:1.4.2',
      workload: r.workload,
      resources: r.resources,
      ...(r.ports
        ? {
            ports: [
              { name: 'http', containerPort: 8080 },
              { name: 'peer', containerPort: 7000, expose: false },
            ],
          }
        : {}),
      ...(a ? { autoscaling: a } : {}),
      ...(np ? { networkPolicy: np } : {}),
    },
    ...r.helpers,
    target: { kubernetesVersion: r.version, podSecurity: r.podSecurity },
  }));

const ours = (rule: string) => /^(hpa|netpol)\./.test(rule);

describe('generated bundles with autoscaling and a NetworkPolicy', () => {
  it('have no error finding and nothing of the HPA and NetworkPolicy rules, also read back as YAML', () => {
    let checked = 0;
    fc.assert(
      fc.property(requests, (request) => {
        const bundle = composeBundle(structuredClone(request));
        expect(bundle.findings.filter((f) => f.severity === 'error' || ours(f.rule))).toEqual([]);
        const report = validateBundle(
          { yaml: toMultiDocumentYaml(bundle.manifests) },
          { kubernetesVersion: request.target!.kubernetesVersion, podSecurity: request.target!.podSecurity },
        );
        expect(report.findings.filter((f) => f.severity === 'error' || ours(f.rule))).toEqual([]);
        const policy = bundle.manifests.find((o) => o.kind === 'NetworkPolicy') as Obj | undefined;
        if (policy?.spec.egress) {
          // every declared purpose names a port the policy lets out
          const open = new Set(
            policy.spec.egress.flatMap((rule: Obj) => rule.ports.map((p: Obj) => `${p.port}/${p.protocol}`)),
          );
          const declared: string[] = JSON.parse(policy.metadata.annotations?.['pod-patterns.io/egress'] ?? '[]');
          for (const entry of declared) expect(open).toContain(entry.split(' ')[1].replace(/:$/, ''));
        }
        checked += 1;
      }),
      propertyRun('companions validate clean', 60),
    );
    expect(checked).toBe(60);
  });

  it('draws the interesting cases', () => {
    const sample = fc.sample(requests, { numRuns: 200, seed: 7 });
    expect(
      sample.some(
        (r) => r.app.autoscaling && r.app.networkPolicy?.egress === 'restricted' && (r.ambassadors?.length ?? 0) > 1,
      ),
    ).toBe(true);
    expect(sample.some((r) => r.app.workload === 'StatefulSet' && r.app.autoscaling && r.app.networkPolicy)).toBe(true);
    expect(
      sample.some(
        (r) =>
          r.app.autoscaling?.targetMemoryUtilizationPercentage && !r.app.autoscaling.targetCPUUtilizationPercentage,
      ),
    ).toBe(true);
  });
});
