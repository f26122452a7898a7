// The generator runs its output through the rules engine; here many generated requests check that
// what it returns has no error finding, also when the bundle is fed back to the validator as YAML.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_VERSIONS, type PresetItem } from '../../src/core/model/request.js';
import type { AppPortDto } from '../../src/core/request/app.js';
import type { BundleRequest } from '../../src/core/request/bundle.js';
import { toMultiDocumentYaml } from '../../src/core/render/canonical.js';
import { runRules } from '../../src/core/rules/engine.js';
import { validateBundle } from '../../src/core/validate/validate-bundle.js';
import { propertyRun } from '../support/property-seed.js';
import { composeBundle } from '../support/validated.js';

const PORT_NAMES = ['http', 'grpc', 'admin'] as const;

/** App ports: distinct names, distinct numbers in a range no helper uses by default. */
const appPorts = fc
  .uniqueArray(fc.constantFrom(...PORT_NAMES), { maxLength: 3 })
  .chain((names) =>
    fc
      .uniqueArray(fc.integer({ min: 3000, max: 3999 }), { minLength: names.length, maxLength: names.length })
      .map((numbers) => names.map((name, i): AppPortDto => ({ name, containerPort: numbers[i] }))),
  );

const app = fc.record({
  name: fc.constantFrom('orders', 'shop-api', 'catalog-db', 'web'),
  namespace: fc.option(fc.constantFrom('shop', 'data'), { nil: undefined }),
  image: fc.constantFrom('ghcr.io/acme/orders:1.4.2', 'nginxinc/nginx-unprivileged:1.27-alpine', 'mongo:7.0.14'),
  workload: fc.constantFrom('Deployment', 'StatefulSet') as fc.Arbitrary<'Deployment' | 'StatefulSet'>,
  replicas: fc.integer({ min: 1, max: 4 }),
  ports: appPorts,
  env: fc.subarray([
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'FEATURE_X', value: 'on' },
    { name: 'LEGACY', value: 'no' },
    { name: 'MODE', value: '0755' },
  ]),
  resources: fc.option(fc.constant({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } }), {
    nil: undefined,
  }),
  readOnlyRoot: fc.boolean(),
  storage: fc.boolean(),
});

const logForwarder = fc
  .constantFrom<Record<string, unknown>>(
    { type: 'stdout' },
    { type: 'forward', host: 'fluentd.logging.svc' },
    { type: 'loki', host: 'loki.monitoring.svc' },
    { type: 'elasticsearch', host: 'es.logging.svc', index: 'apps' },
    { type: 'http', host: 'logs.example.com', tls: true },
  )
  .map((output): PresetItem => ({ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/app', output }));

const GIT_SYNC: PresetItem = {
  preset: 'git-sync',
  name: 'content',
  repo: 'https://github.com/acme/docs.git',
  mountPath: '/srv/content',
};

const ambassadors = fc.subarray<PresetItem>([
  {
    preset: 'http-egress',
    name: 'payments',
    upstream: 'https://api.payments.example.com',
    listenPort: 9001,
    rateLimit: { requestsPerSecond: 20 },
  },
  { preset: 'tcp-egress', name: 'db', servers: ['db-0.example.com:5432', 'db-1.example.com:5432'], listenPort: 15432 },
  { preset: 'redis-shards', name: 'redis-proxy', servers: ['redis-0.cache.svc:6379:1', 'redis-1.cache.svc:6379:1'] },
  {
    preset: 'reverse-proxy',
    name: 'edge',
    listenPort: 8443,
    targetPort: 3999,
    rateLimit: { requestsPerSecond: 50 },
    tls: { secretName: 'edge-tls' },
  },
]);

const target = fc
  .record({
    version: fc.constantFrom(...SUPPORTED_VERSIONS),
    podSecurity: fc.constantFrom('restricted', 'baseline') as fc.Arbitrary<'restricted' | 'baseline'>,
    native: fc.constantFrom('auto', 'never', 'always'),
  })
  .map(({ version, podSecurity, native }) => ({
    kubernetesVersion: version,
    podSecurity,
    // "always" below 1.29 is a request error by design
    nativeSidecars: (native === 'always' && Number(version.split('.')[1]) < 29 ? 'auto' : native) as
      'auto' | 'never' | 'always',
  }));

const requests: fc.Arbitrary<BundleRequest> = fc
  .record({
    app,
    logs: fc.option(logForwarder, { nil: undefined }),
    git: fc.boolean(),
    ambassadors,
    adapter: fc.constantFrom('none', 'statsd', 'nginx'),
    target,
  })
  .map(({ app: a, logs, git, ambassadors: amb, adapter, target: t }) => {
    const ports = a.ports;
    const http = ports.find((p) => p.name === 'http');
    const adapters: PresetItem[] =
      adapter === 'statsd'
        ? [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }]
        : adapter === 'nginx' && http
          ? [{ preset: 'prometheus-exporter', name: 'metrics', source: 'nginx', port: 'http' }]
          : [];
    return {
      app: {
        name: a.name,
        ...(a.namespace ? { namespace: a.namespace } : {}),
        image: a.image,
        workload: a.workload,
        replicas: a.replicas,
        ...(ports.length ? { ports } : {}),
        ...(a.env.length ? { env: a.env } : {}),
        ...(a.resources ? { resources: a.resources } : {}),
        ...(http
          ? {
              probes: {
                readiness: { httpGet: { path: '/ready', port: 'http' } },
                liveness: { tcpSocket: { port: 'http' } },
              },
            }
          : {}),
        ...(a.readOnlyRoot ? {} : { securityContext: { readOnlyRootFilesystem: false } }),
        ...(a.workload === 'StatefulSet' && a.storage ? { storage: { mountPath: '/data', size: '1Gi' } } : {}),
      },
      sidecars: [...(logs ? [logs] : []), ...(git ? [GIT_SYNC] : [])],
      ambassadors: amb,
      adapters,
      target: t,
    };
  });

describe('generated bundles', () => {
  it('have no error finding, from the generator or from the validator reading them back as YAML', () => {
    let checked = 0;
    fc.assert(
      fc.property(requests, (request) => {
        const bundle = composeBundle(structuredClone(request));
        expect(bundle.findings.filter((f) => f.severity === 'error')).toEqual([]);
        const minor = Number(request.target!.kubernetesVersion!.split('.')[1]);
        const documents = bundle.manifests.map((object, index) => ({ index, object }));
        expect(
          runRules({ documents, minor, podSecurity: request.target!.podSecurity!, mode: 'generate' }).filter(
            (f) => f.severity === 'error',
          ),
        ).toEqual([]);
        // the service's own YAML, read back as kubectl reads it (YAML 1.1)
        const yaml = toMultiDocumentYaml(bundle.manifests);
        const report = validateBundle(
          { yaml },
          { kubernetesVersion: request.target!.kubernetesVersion, podSecurity: request.target!.podSecurity },
        );
        expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(report.summary.objects).toBe(bundle.manifests.length);
        checked += 1;
      }),
      propertyRun('generated bundles validate clean', 100),
    );
    expect(checked).toBe(100);
  });

  it('draws the interesting cases (guards the property above against a generator that narrowed)', () => {
    const sample = fc.sample(requests, { numRuns: 200, seed: 42 });
    expect(sample.some((r) => r.sidecars?.some((s) => s.preset === 'git-sync'))).toBe(true);
    expect(sample.some((r) => (r.ambassadors?.length ?? 0) > 1)).toBe(true);
    expect(sample.some((r) => r.adapters?.some((s) => s.source === 'nginx'))).toBe(true);
    expect(sample.some((r) => r.app.workload === 'StatefulSet' && r.app.storage)).toBe(true);
  });
});
