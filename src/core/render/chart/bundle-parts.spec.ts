import { describe, expect, it } from 'vitest';
import type { BundleRequest } from '../../request/bundle.js';
import { bundleParts } from '../../../../test/support/validated.js';

const request = (): BundleRequest => ({
  app: {
    name: 'orders',
    namespace: 'shop',
    image: 'ghcr.io/acme/orders:1.4.2',
    replicas: 2,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
  },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
  ambassadors: [
    { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', listenPort: 9000 },
  ],
  adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
  target: { kubernetesVersion: '1.33' },
});

describe('bundleParts', () => {
  const parts = bundleParts(request());
  const helper = (name: string) => parts.helpers.find((h) => h.name === name)!;

  it('lists the helpers in the order they applied, with their kind, group and preset', () => {
    expect(parts.helpers.map((h) => `${h.group}/${h.name}:${h.preset}`)).toEqual([
      'sidecars/logs:log-forwarder',
      'ambassadors/payments:http-egress',
      'adapters/metrics:prometheus-exporter',
    ]);
  });

  it('gives each helper what it added to the pod, and the app only its own', () => {
    const logs = helper('logs');
    expect(logs.containers.map((c) => `${c.container.name}:${c.placement}`)).toEqual(['logs:native-sidecar']);
    expect(logs.appVolumeMounts.map((m) => m.mountPath)).toEqual(['/var/log/orders']);
    expect(logs.volumes.map((v) => v.name)).toContain(logs.appVolumeMounts[0].name);
    expect(logs.configMaps.map((c) => c.owner)).toEqual(['logs']);
    expect(helper('payments').appEnv.map((e) => e.name)).toEqual(['PAYMENTS_URL']);
    expect(helper('metrics').servicePorts.map((p) => p.name)).toEqual(['metrics']);
    expect(helper('metrics').podAnnotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
    expect(parts.main.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(parts.main.volumeMounts?.map((m) => m.mountPath)).toEqual(['/tmp']);
    expect(parts.appVolumes.map((v) => v.name)).toEqual(['orders-tmp']);
  });

  it('leaves config checksums to the chart, which computes them', () => {
    for (const h of parts.helpers)
      expect(Object.keys(h.podAnnotations).filter((k) => k.startsWith('checksum/'))).toEqual([]);
  });

  it('accounts for every container and volume of the bundle exactly once', () => {
    const spec = (parts.workload.spec as any).template.spec;
    const containers = [...(spec.initContainers ?? []), ...spec.containers].map((c: { name: string }) => c.name).sort();
    expect(['orders', ...parts.helpers.flatMap((h) => h.containers.map((c) => c.container.name))].sort()).toEqual(
      containers,
    );
    const volumes = spec.volumes.map((v: { name: string }) => v.name).sort();
    expect([...parts.appVolumes, ...parts.helpers.flatMap((h) => h.volumes)].map((v) => v.name).sort()).toEqual(
      volumes,
    );
  });

  it('gives a volume two helpers share to the one that added it', () => {
    const shared = request();
    shared.adapters = [{ preset: 'log-normalizer', name: 'shape', logDir: '/var/log/orders', httpPort: 2021 }];
    const p = bundleParts(shared);
    const logs = p.helpers.find((h) => h.name === 'logs')!;
    const shape = p.helpers.find((h) => h.name === 'shape')!;
    const logVolume = logs.appVolumeMounts[0].name;
    expect(logs.volumes.map((v) => v.name)).toContain(logVolume);
    expect(shape.volumes.map((v) => v.name)).not.toContain(logVolume);
    expect(shape.containers[0].container.volumeMounts?.map((m) => m.name)).toContain(logVolume);
  });
});
