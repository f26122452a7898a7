import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { runRules } from './engine.js';
import { PATTERN_RULES } from './pattern.rules.js';
import type { RuleContext } from './rule.js';

const ROLES = 'pod-patterns.io/roles';

function deployment(spec: object, annotations: Record<string, string> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: { metadata: { labels: { app: 'orders' }, annotations }, spec },
    },
  };
}

const service = (ports: object[], extra: object = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'orders', labels: { app: 'orders' }, ...extra },
  spec: { selector: { app: 'orders' }, ports },
});

function findings(objects: K8sObject[], mode: RuleContext['mode'] = 'validate') {
  return runRules(
    { documents: objects.map((object, index) => ({ index, object })), minor: 33, podSecurity: 'restricted', mode },
    PATTERN_RULES,
  ).map((f) => `${f.rule} ${f.severity} ${f.resource?.kind} ${f.path}`);
}

const main = {
  name: 'orders',
  image: 'ghcr.io/acme/orders:1.4.2',
  env: [{ name: 'PAYMENTS_URL', value: 'http://127.0.0.1:9000' }],
  ports: [{ name: 'http', containerPort: 8080 }],
};
const ambassador = {
  name: 'payments',
  image: 'nginx:1.27',
  restartPolicy: 'Always',
  ports: [{ name: 'egress', containerPort: 9000 }],
};
const roles = { [ROLES]: '{"orders":"main","payments":"ambassador/http-egress"}' };

describe('pattern rules', () => {
  it('an ambassador published by a Service, or probed over the pod IP, is an error', () => {
    const probed = { ...ambassador, readinessProbe: { tcpSocket: { port: 9000 } } };
    expect(
      findings([
        deployment({ initContainers: [probed], containers: [main] }, roles),
        service([{ name: 'egress', port: 9000, targetPort: 'egress' }]),
      ]),
    ).toEqual([
      'pattern.ambassador-loopback error Deployment /spec/template/spec/initContainers/0/readinessProbe/tcpSocket',
      'pattern.ambassador-loopback error Service /spec/ports/0/targetPort',
    ]);
  });

  it('an ambassador the app is pointed at, probed with exec and not published, is fine', () => {
    const ok = { ...ambassador, readinessProbe: { exec: { command: ['true'] } } };
    expect(
      findings([
        deployment({ initContainers: [ok], containers: [main] }, roles),
        service([{ name: 'http', port: 80, targetPort: 'http' }]),
      ]),
    ).toEqual([]);
  });

  it('a ServiceMonitor must scrape a port name of the Service it selects', () => {
    const monitor: K8sObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'orders' },
      spec: { selector: { matchLabels: { app: 'orders' } }, endpoints: [{ port: 'metrics' }] },
    };
    expect(
      findings([
        deployment({ containers: [main] }),
        service([{ name: 'http', port: 80, targetPort: 'http' }]),
        monitor,
      ]),
    ).toEqual(['pattern.metrics-port error ServiceMonitor /spec/endpoints/0/port']);
  });

  it('a port name used by two containers is an error when generating, a warning when validating', () => {
    const twin = {
      name: 'metrics',
      image: 'prom/statsd-exporter:v0.28.0',
      ports: [{ name: 'http', containerPort: 9102 }],
    };
    const objects = [deployment({ containers: [{ ...main, env: [] }, twin] })];
    expect(findings(objects, 'generate')).toEqual([
      'pattern.port-unique error Deployment /spec/template/spec/containers/1/ports/0/name',
    ]);
    expect(findings(objects)).toEqual([
      'pattern.port-unique warning Deployment /spec/template/spec/containers/1/ports/0/name',
    ]);
  });

  it('an annotated sidecar that shares no volume with the app gets a warning', () => {
    const sidecar = { name: 'logs', image: 'fluent-bit:3', volumeMounts: [{ name: 'state', mountPath: '/state' }] };
    const spec = { containers: [{ ...main, env: [] }, sidecar], volumes: [{ name: 'state', emptyDir: {} }] };
    expect(findings([deployment(spec, { [ROLES]: '{"orders":"main","logs":"sidecar/log-forwarder"}' })])).toEqual([
      'pattern.shared-volume warning Deployment /spec/template/spec/containers/1',
    ]);
  });
});
