import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../model/bundle.js';
import { BundleRuleError } from '../../model/errors.js';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { composeBundle } from '../../../../test/support/validated.js';
import { METRICS_PORT_RULE, PORT_UNIQUE_RULE, SCRAPE_TARGET_RULE } from './metrics-endpoint.js';

type App = BundleRequest['app'];
const HTTP = { name: 'http', containerPort: 8080 };

function request(adapters: Record<string, unknown>[], app: Partial<App> = {}): BundleRequest {
  return {
    app: { name: 'shop', image: 'ghcr.io/acme/shop:2.0.1', ports: [HTTP], ...app },
    adapters: adapters.map((a) => ({ preset: 'prometheus-exporter', name: 'm', ...a }) as PresetItem),
    target: { kubernetesVersion: '1.33' },
  };
}

const nginx = (extra: Record<string, unknown> = {}) => ({ source: 'nginx', port: 'http', ...extra });

function findings(req: BundleRequest) {
  try {
    composeBundle(req);
  } catch (err) {
    if (err instanceof BundleRuleError) return err.findings.map(({ rule, path, message }) => ({ rule, path, message }));
    throw err;
  }
  throw new Error('expected a BundleRuleError');
}

const workload = (b: Bundle) => b.manifests.find((o) => o.kind === 'Deployment') as any;
const annotations = (b: Bundle): Record<string, string> => workload(b).spec.template.metadata.annotations;
const servicePorts = (b: Bundle) => (b.manifests.find((o) => o.kind === 'Service') as any).spec.ports;
const monitor = (b: Bundle) => b.manifests.find((o) => o.kind === 'ServiceMonitor') as any;

describe('the app port an adapter reads', () => {
  const ports = [HTTP, { name: 'dns', containerPort: 5353, protocol: 'UDP' as const }];

  it('names the port asked for and every port the app has when it is missing', () => {
    for (const [ref, shown] of [
      ['web', '"web"'],
      [9090, '9090'],
      // a number must be a TCP port of the app: 5353 is only UDP
      [5353, '5353'],
    ] as const)
      expect(findings(request([nginx({ port: ref })], { ports }))).toEqual([
        {
          rule: SCRAPE_TARGET_RULE,
          path: '/adapters/0/port',
          message: `adapter "m" reads from app port ${shown}, which the app does not have; the app's ports are "http" 8080/TCP, "dns" 5353/UDP. Declare the port in app.ports or point the adapter at one of them`,
        },
      ]);
  });

  it('says the app declares no ports when it has none', () => {
    expect(findings(request([nginx()], { ports: [] }))).toEqual([
      {
        rule: SCRAPE_TARGET_RULE,
        path: '/adapters/0/port',
        message:
          'adapter "m" reads from app port "http", which the app does not have; the app declares no ports (app.ports). Declare the port in app.ports or point the adapter at one of them',
      },
    ]);
  });

  it('refuses a UDP port named as the scrape target', () => {
    expect(findings(request([nginx({ port: 'dns' })], { ports }))).toEqual([
      {
        rule: SCRAPE_TARGET_RULE,
        path: '/adapters/0/port',
        message: 'adapter "m" reads over TCP, but app port "dns" 5353/UDP is UDP',
      },
    ]);
  });

  it('takes a TCP port by number, with or without its protocol written', () => {
    for (const http of [HTTP, { ...HTTP, protocol: 'TCP' as const }]) {
      const c = (
        workload(composeBundle(request([nginx({ port: 8080 })], { ports: [http] }))).spec.template.spec
          .containers as any[]
      )[1];
      expect(c.args[0]).toBe('--nginx.scrape-uri=http://127.0.0.1:8080/stub_status');
    }
    // the same number over UDP and TCP: the TCP one is read
    const both = [
      { name: 'q-udp', containerPort: 7000, protocol: 'UDP' as const },
      { name: 'q-tcp', containerPort: 7000 },
    ];
    const b = composeBundle(request([nginx({ port: 7000 })], { ports: both }));
    expect(workload(b).spec.template.spec.containers[1].args[0]).toBe(
      '--nginx.scrape-uri=http://127.0.0.1:7000/stub_status',
    );
  });
});

describe('ports an adapter claims in the pod', () => {
  it('names the port, the container that has it, and suggests another port or port name', () => {
    expect(findings(request([nginx()], { ports: [HTTP, { name: 'admin', containerPort: 9113 }] }))).toEqual([
      {
        rule: PORT_UNIQUE_RULE,
        path: '/adapters/0/metricsPort',
        message:
          'adapter "m" needs port 9113/TCP, but container "shop" already has "admin" 9113/TCP; containers share the pod\'s network, so ports and port names must be unique in the pod. Choose another port or port name for the adapter',
      },
    ]);
    expect(findings(request([nginx()], { ports: [HTTP, { name: 'metrics', containerPort: 9000 }] }))).toEqual([
      {
        rule: PORT_UNIQUE_RULE,
        path: '/adapters/0/metricsPort',
        message:
          'adapter "m" needs port name "metrics", but container "shop" already has "metrics" 9000/TCP; containers share the pod\'s network, so ports and port names must be unique in the pod. Choose another port or port name for the adapter',
      },
    ]);
  });

  it('reports each port that clashes, and a port without a name only by number', () => {
    const ports = [HTTP, { name: 'metrics', containerPort: 9000 }, { name: 'admin', containerPort: 9113 }];
    expect(findings(request([nginx()], { ports })).map((f) => f.message.split(';')[0])).toEqual([
      'adapter "m" needs port name "metrics", but container "shop" already has "metrics" 9000/TCP',
      'adapter "m" needs port 9113/TCP, but container "shop" already has "admin" 9113/TCP',
    ]);
    // the log normalizer's HTTP port has no name: no "port name" in its advice
    const log = findings({
      app: { name: 'shop', image: 'ghcr.io/acme/shop:2.0.1', ports: [HTTP, { name: 'health', containerPort: 2021 }] },
      adapters: [{ preset: 'log-normalizer', name: 'logs', logDir: '/var/log/app' } as PresetItem],
      target: { kubernetesVersion: '1.33' },
    });
    expect(log).toEqual([
      {
        rule: PORT_UNIQUE_RULE,
        path: '/adapters/0/httpPort',
        message:
          'adapter "logs" needs port 2021/TCP, but container "shop" already has "health" 2021/TCP; containers share the pod\'s network, so ports and port names must be unique in the pod. Choose another port for the adapter',
      },
    ]);
  });

  it('names a clashing port of another helper without a name by its number, and never clashes two unnamed ports', () => {
    const egress = { preset: 'http-egress', name: 'payments', upstream: 'https://api.example.com', listenPort: 9000 };
    expect(
      findings({ ...request([nginx({ metricsPort: 9000 })]), ambassadors: [egress as PresetItem] }).map(
        (f) => f.message.split(';')[0],
      ),
    ).toEqual(['adapter "m" needs port 9000/TCP, but container "payments" already has 9000/TCP']);
    // the log normalizer's port has no name either: no clash by (missing) name
    const b = composeBundle({
      ...request([]),
      adapters: [{ preset: 'log-normalizer', name: 'logs', logDir: '/var/log/app' } as PresetItem],
      ambassadors: [egress as PresetItem],
    });
    expect(b.summary.containers.map((c) => c.name)).toEqual(expect.arrayContaining(['logs', 'payments']));
  });

  it('lets a UDP port share its number with a TCP one', () => {
    const b = composeBundle(
      request([nginx()], { ports: [HTTP, { name: 'stats', containerPort: 9113, protocol: 'UDP', expose: false }] }),
    );
    expect(workload(b).spec.template.spec.containers[1].ports).toEqual([
      { name: 'metrics', containerPort: 9113, protocol: 'TCP' },
    ]);
    expect(
      findings(request([{ source: 'statsd' }], { ports: [HTTP, { name: 'sd', containerPort: 9125 }] })).map(
        (f) => f.message.split(';')[0],
      ),
    ).toEqual(['adapter "m" needs port 9125/TCP, but container "shop" already has "sd" 9125/TCP']);
  });
});

describe('the published metrics port', () => {
  it('adds a Service port that targets the adapter port by name', () => {
    expect(servicePorts(composeBundle(request([nginx()])))).toEqual([
      { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9113, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  it('says which Service port of the app or of another helper it would clash with', () => {
    const advice =
      'each Service port needs its own name and number, and the metrics port must point at the adapter. Set metricsPort or metricsPortName on the adapter';
    expect(findings(request([nginx()], { ports: [{ ...HTTP, servicePort: 9113 }] }))).toEqual([
      {
        rule: METRICS_PORT_RULE,
        path: '/adapters/0/metricsPort',
        message: `the Service's metrics port metrics (9113) of adapter "m" would clash with Service port "http" (9113/TCP) of the app; ${advice}`,
      },
    ]);
    // the name alone clashes too (the app's port is on another number)
    expect(
      findings(request([nginx({ metricsPortName: 'web' })], { ports: [HTTP, { name: 'web', containerPort: 80 }] })).map(
        (f) => f.rule,
      ),
    ).toContain(PORT_UNIQUE_RULE);
    const twoAdapters = findings(
      request(
        [
          nginx({ name: 'a' }),
          { name: 'b', source: 'redis', port: 'http', metricsPort: 9200, metricsPortName: 'metrics-b' },
        ],
        { ports: [HTTP] },
      ),
    );
    expect(twoAdapters.map((f) => f.rule)).toEqual([METRICS_PORT_RULE]);
    const clashWithHelper = findings(
      request([
        nginx({ name: 'a' }),
        { name: 'b', source: 'redis', port: 'http', metricsPort: 9113, metricsPortName: 'x' },
      ]),
    );
    expect(clashWithHelper.map((f) => f.message.split(';')[0])).toContain(
      'adapter "b" needs port 9113/TCP, but container "a" already has "metrics" 9113/TCP',
    );
  });

  it('does not clash with an app port kept off the Service, nor with a UDP Service port', () => {
    const hidden = composeBundle(
      request([nginx()], {
        ports: [HTTP, { name: 'metrics-app', containerPort: 9500, servicePort: 9113, expose: false }],
      }),
    );
    expect(servicePorts(hidden).map((p: any) => `${p.name}:${p.port}`)).toEqual(['http:8080', 'metrics:9113']);
    const udp = composeBundle(
      request([nginx()], { ports: [HTTP, { name: 'dns', containerPort: 53, servicePort: 9113, protocol: 'UDP' }] }),
    );
    expect(servicePorts(udp).map((p: any) => `${p.name}:${p.port}/${p.protocol}`)).toEqual([
      'http:8080/TCP',
      'dns:9113/UDP',
      'metrics:9113/TCP',
    ]);
  });

  it('annotates the pod for the usual scrape job, probe parameters included', () => {
    expect(annotations(composeBundle(request([nginx()])))).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9113',
      'prometheus.io/path': '/metrics',
    });
    expect(Object.keys(annotations(composeBundle(request([nginx()])))).filter((k) => k.includes('param'))).toEqual([]);
    const b = composeBundle(
      request([
        {
          source: 'json',
          port: 'http',
          statusPath: '/s',
          metrics: [{ name: 'a', path: '.a' }],
          scrapeAnnotations: true,
        },
      ]),
    );
    expect(annotations(b)).toMatchObject({
      'prometheus.io/path': '/probe',
      'prometheus.io/port': '7979',
      'prometheus.io/param_module': 'default',
      'prometheus.io/param_target': 'http://127.0.0.1:8080/s',
    });
  });

  it("keeps the app's own scrape annotations when they agree, and names the one that does not", () => {
    const agree = composeBundle(
      request([nginx()], {
        podAnnotations: { 'prometheus.io/port': '9113', 'prometheus.io/scrape': 'true', 'example.com/x': 'y' },
      }),
    );
    expect(annotations(agree)['prometheus.io/path']).toBe('/metrics');
    const advice =
      'a pod has one set of prometheus.io scrape annotations. Set scrapeAnnotations: false on this adapter and use serviceMonitor for it';
    for (const [key, value, wanted] of [
      ['prometheus.io/scrape', 'false', '"true"'],
      ['prometheus.io/port', '8080', '"9113"'],
      ['prometheus.io/path', '/m', '"/metrics"'],
      ['prometheus.io/param_target', 'x', '""'],
    ])
      expect(findings(request([nginx()], { podAnnotations: { [key]: value } }))).toEqual([
        {
          rule: METRICS_PORT_RULE,
          path: '/adapters/0/scrapeAnnotations',
          message: `adapter "m" would set ${key}=${wanted}, but app.podAnnotations already sets it to ${JSON.stringify(value)}; ${advice}`,
        },
      ]);
    expect(
      findings(
        request([nginx({ name: 'a' }), { name: 'b', source: 'redis', port: 'http', metricsPortName: 'metrics-b' }]),
      ),
    ).toEqual([
      {
        rule: METRICS_PORT_RULE,
        path: '/adapters/1/scrapeAnnotations',
        message: `adapter "b" would set prometheus.io/port="9121", but another adapter already sets it to "9113"; ${advice}`,
      },
    ]);
  });

  it('leaves the pod unannotated when asked', () => {
    expect(annotations(composeBundle(request([nginx({ scrapeAnnotations: false })]))) ?? {}).not.toHaveProperty(
      'prometheus.io/scrape',
    );
  });
});

describe('the ServiceMonitor', () => {
  it('is named after the app and the adapter, in the app namespace, with its labels under the common ones', () => {
    const b = composeBundle(
      request(
        [nginx({ serviceMonitor: { enabled: true, labels: { release: 'prom', 'app.kubernetes.io/name': 'x' } } })],
        {
          namespace: 'web',
        },
      ),
    );
    expect(monitor(b)).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'shop-m',
        namespace: 'web',
        labels: {
          'app.kubernetes.io/component': expect.any(String),
          'app.kubernetes.io/instance': 'shop',
          'app.kubernetes.io/managed-by': expect.any(String),
          'app.kubernetes.io/name': 'shop',
          'app.kubernetes.io/part-of': 'shop',
          release: 'prom',
        },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' } },
        endpoints: [{ port: 'metrics', path: '/metrics' }],
      },
    });
    expect(Object.keys(monitor(b).metadata.labels)).toEqual([...Object.keys(monitor(b).metadata.labels)].sort());
  });

  it('has no namespace without one on the app, an interval when given, and none when disabled', () => {
    const b = composeBundle(request([nginx({ serviceMonitor: { enabled: true, interval: '15s' } })]));
    expect(Object.keys(monitor(b).metadata)).toEqual(['name', 'labels']);
    expect(monitor(b).spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '15s' }]);
    expect(monitor(composeBundle(request([nginx({ serviceMonitor: { enabled: false } })])))).toBeUndefined();
  });
});
