import { describe, expect, it } from 'vitest';
import { podSiteOf } from './pod-spec.js';
import { podRoles } from './roles.js';

function roles(spec: object, annotations: Record<string, string> = {}, labels: Record<string, string> = {}) {
  const pod = podSiteOf({
    index: 0,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orders', labels, annotations }, spec },
  })!;
  return Object.fromEntries(
    podRoles(pod).map((r) => [r.site.name, `${r.role}${r.preset ? `/${r.preset}` : ''} (${r.source})`]),
  );
}

const app = (env: { name: string; value: string }[] = []) => ({
  name: 'orders',
  image: 'ghcr.io/acme/orders:1.4.2',
  env,
  ports: [{ name: 'http', containerPort: 8080 }],
});

describe('podRoles', () => {
  it('takes roles from the pod-patterns.io/roles annotation, presets included', () => {
    const spec = {
      initContainers: [{ name: 'payments', image: 'nginx:1.27', restartPolicy: 'Always' }],
      containers: [app(), { name: 'logs', image: 'fluent-bit:3' }],
    };
    expect(
      roles(spec, {
        'pod-patterns.io/roles': '{"orders":"main","payments":"ambassador/http-egress","logs":"sidecar/log-forwarder"}',
      }),
    ).toEqual({
      payments: 'ambassador/http-egress (annotation)',
      orders: 'main (annotation)',
      logs: 'sidecar/log-forwarder (annotation)',
    });
  });

  it('infers them from evidence without the annotation (or with a broken one)', () => {
    const spec = {
      initContainers: [
        { name: 'migrate', image: 'ghcr.io/acme/orders:1.4.2' },
        { name: 'egress', image: 'haproxy:3.0', restartPolicy: 'Always', ports: [{ containerPort: 15432 }] },
      ],
      containers: [
        { name: 'shipper', image: 'fluent-bit:3' },
        app([{ name: 'DB_ADDR', value: '127.0.0.1:15432' }]),
        { name: 'stats', image: 'prom/statsd-exporter:v0.28.0', ports: [{ name: 'web', containerPort: 9102 }] },
        { name: 'scraped', image: 'acme/thing:1', ports: [{ name: 'web', containerPort: 9300 }] },
      ],
    };
    const expected = {
      egress: 'ambassador (evidence)',
      shipper: 'sidecar (evidence)',
      orders: 'main (evidence)',
      stats: 'adapter (evidence)',
      scraped: 'adapter (evidence)',
    };
    // main by name (the pod's name / app.kubernetes.io/name), not position; one-shot init containers play no part
    expect(roles(spec, { 'prometheus.io/port': '9300' })).toEqual(expected);
    expect(
      roles(
        spec,
        { 'pod-patterns.io/roles': 'not json', 'prometheus.io/port': '9300' },
        { 'app.kubernetes.io/name': 'orders' },
      ),
    ).toEqual(expected);
  });
});
