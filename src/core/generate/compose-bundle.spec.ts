import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../model/errors.js';
import type { BundleRequest } from '../request/bundle.js';
import { composeBundle } from '../../../test/support/validated.js';

const orders = (): BundleRequest => ({
  app: {
    name: 'orders',
    namespace: 'shop',
    image: 'ghcr.io/acme/orders:1.4.2',
    replicas: 2,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
  },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
  target: { kubernetesVersion: '1.33' },
});

describe('composeBundle', () => {
  it('builds the workload and its companions in apply order', () => {
    const bundle = composeBundle(orders());
    expect(bundle.manifests.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/orders',
      'ConfigMap/orders-logs',
      'Service/orders',
      'Deployment/orders',
      'PodDisruptionBudget/orders',
    ]);
    expect(bundle.summary.containers).toEqual([
      { name: 'orders', role: 'main', placement: 'container' },
      { name: 'logs', role: 'sidecar', preset: 'log-forwarder', placement: 'native-sidecar' },
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(composeBundle(orders()))).toBe(JSON.stringify(composeBundle(orders())));
  });

  it('refuses native sidecars below 1.29 when asked for always', () => {
    const req = orders();
    req.target = { kubernetesVersion: '1.28', nativeSidecars: 'always' };
    expect(() => composeBundle(req)).toThrow(InvalidRequestError);
    try {
      composeBundle(req);
    } catch (e) {
      expect((e as InvalidRequestError).errors[0].pointer).toBe('/target/nativeSidecars');
      expect((e as InvalidRequestError).errors[0].detail).toMatch(/1\.29/);
    }
  });

  it('reports an unknown preset with the allowed ones', () => {
    const req = orders();
    req.sidecars = [{ preset: 'nope', name: 'x' }];
    expect(() => composeBundle(req)).toThrow(/allowed: log-forwarder/);
  });
});

describe('composeBundle input normalisation', () => {
  it('treats null optional fields as absent, as the HTTP layer does', () => {
    const req = {
      app: {
        name: 'nulls',
        image: 'ghcr.io/acme/app:1.0.0',
        replicas: null,
        ports: [{ name: 'http', containerPort: 8080, protocol: null }],
      },
      sidecars: [
        {
          preset: 'custom',
          name: 'helper',
          image: 'ghcr.io/acme/helper:1.0.0',
          env: [{ name: 'A', value: 'x', valueFrom: null }],
        },
      ],
    } as unknown as BundleRequest;
    const bundle = composeBundle(req);
    const workload = bundle.manifests.find((o) => o.kind === 'Deployment') as any;
    expect(workload.spec.replicas).toBe(1);
    const helper = [
      ...(workload.spec.template.spec.initContainers ?? []),
      ...workload.spec.template.spec.containers,
    ].find((c: any) => c.name === 'helper');
    expect(helper.env).toEqual([{ name: 'A', value: 'x' }]);
  });
});

describe('helpers generated for the shared examples', () => {
  it('raise no best-practice finding of their own: only the app container can', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '..', '..', '..', 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const request = JSON.parse(readFileSync(join(dir, file), 'utf8')) as BundleRequest;
      const bundle = composeBundle(request);
      const workload = bundle.manifests.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as any;
      const spec = workload.spec.template.spec;
      const names = [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => c.name);
      const helperFindings = bundle.findings.filter((f) => {
        const m = /\/(initContainers|containers)\/(\d+)/.exec(f.path ?? '');
        if (!m) return false;
        const container = spec[m[1]][Number(m[2])];
        return container.name !== request.app.name && f.rule.startsWith('bp.');
      });
      expect(helperFindings, `${file}: ${names.join(', ')}`).toEqual([]);
    }
  });
});

describe("the app's Secret mounts and own metrics", () => {
  const withExtras = (metrics: NonNullable<BundleRequest['app']['metrics']>): BundleRequest => {
    const request = orders();
    request.app.secretMounts = [{ secretName: 'orders-api-keys', mountPath: '/etc/orders/keys', optional: true }];
    request.app.metrics = metrics;
    return request;
  };
  const workload = (request: BundleRequest) =>
    composeBundle(request).manifests.find((o) => o.kind === 'Deployment') as any;

  it('mounts each Secret read-only in the app container, as a secret volume', () => {
    const pod = workload(withExtras({ port: 'http' })).spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'orders-etc-orders-keys',
      secret: { secretName: 'orders-api-keys', optional: true },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'orders-etc-orders-keys',
      mountPath: '/etc/orders/keys',
      readOnly: true,
    });
  });

  it('adds a ServiceMonitor on the Service port when asked, and none otherwise', () => {
    const on = composeBundle(
      withExtras({
        port: 8080,
        path: '/metrics',
        serviceMonitor: { enabled: true, interval: '30s', labels: { release: 'prometheus' } },
      }),
    ).manifests;
    const monitor = on.find((o) => o.kind === 'ServiceMonitor') as any;
    expect(monitor.metadata).toEqual({
      name: 'orders',
      namespace: 'shop',
      labels: expect.objectContaining({ release: 'prometheus', 'app.kubernetes.io/name': 'orders' }),
    });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'orders' }) },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    });
    expect(composeBundle(withExtras({ port: 'http' })).manifests.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
  });

  it('refuses a metrics port the Service does not have, pointing at it', () => {
    const error = (() => {
      try {
        composeBundle(withExtras({ port: 'admin' }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).errors).toEqual([
      {
        pointer: '/app/metrics/port',
        detail: 'the app has no Service port "admin"; the Service\'s ports are "http" (8080)',
      },
    ]);
  });
});
