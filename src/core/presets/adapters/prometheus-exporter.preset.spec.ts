import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Bundle, K8sObject } from '../../model/bundle.js';
import { BundleRuleError, InvalidRequestError } from '../../model/errors.js';
import { schemaErrors } from '../../../../test/support/k8s-models.js';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { SHARED_DIR } from '../../../../test/support/programs.js';
import { METRICS_PORT_RULE, PORT_UNIQUE_RULE, SCRAPE_TARGET_RULE } from './metrics-endpoint.js';
import { composeBundle } from '../../../../test/support/validated.js';

const EXAMPLES = join(SHARED_DIR, 'examples');

function request(
  adapters: PresetItem[],
  ports: BundleRequest['app']['ports'] = [{ name: 'http', containerPort: 8080 }],
): BundleRequest {
  return {
    app: { name: 'shop', namespace: 'web', image: 'ghcr.io/acme/shop:2.0.1', ports },
    adapters,
    target: { kubernetesVersion: '1.33' },
  };
}

const workload = (b: Bundle) => b.manifests.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as any;
const podSpec = (b: Bundle) => workload(b).spec.template.spec;
const podAnnotations = (b: Bundle): Record<string, string> => workload(b).spec.template.metadata.annotations;
const container = (b: Bundle, name: string) => podSpec(b).containers.find((c: any) => c.name === name);
const service = (b: Bundle) =>
  b.manifests.find((o) => o.kind === 'Service' && o.metadata?.name === workload(b).metadata.name) as any;
const configMap = (b: Bundle, name: string) =>
  b.manifests.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name) as any;

function invalid(req: BundleRequest): InvalidRequestError {
  try {
    composeBundle(req);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('expected an InvalidRequestError');
}

function refused(req: BundleRequest): BundleRuleError {
  try {
    composeBundle(req);
  } catch (err) {
    if (err instanceof BundleRuleError) return err;
    throw err;
  }
  throw new Error('expected a BundleRuleError');
}

/** The Service port `name`, the container port it targets, and the container that has it. */
function serviceTarget(b: Bundle, name: string) {
  const port = service(b).spec.ports.find((p: any) => p.name === name);
  const all = [...podSpec(b).containers, ...(podSpec(b).initContainers ?? [])];
  const owners = all.filter((c: any) => (c.ports ?? []).some((cp: any) => cp.name === port.targetPort));
  return {
    port,
    owners: owners.map((c: any) => c.name),
    containerPort: owners[0]?.ports.find((cp: any) => cp.name === port.targetPort),
  };
}

function expectSchemaValid(b: Bundle) {
  for (const o of b.manifests)
    expect({ object: `${o.kind}/${o.metadata?.name}`, errors: schemaErrors(o) }).toEqual({
      object: `${o.kind}/${o.metadata?.name}`,
      errors: [],
    });
}

describe('prometheus-exporter: nginx', () => {
  const nginx = (extra: Record<string, unknown> = {}) =>
    request([{ preset: 'prometheus-exporter', name: 'nginx-metrics', source: 'nginx', port: 'http', ...extra }]);

  it('scrapes stub_status on the named app port over loopback and serves metrics on 9113', () => {
    const b = composeBundle(nginx());
    const c = container(b, 'nginx-metrics');
    expect(c.image).toBe('docker.io/nginx/nginx-prometheus-exporter:1.4.1');
    expect(c.args).toEqual(['--nginx.scrape-uri=http://127.0.0.1:8080/stub_status', '--web.listen-address=:9113']);
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 9113, protocol: 'TCP' }]);
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(c.resources.limits.memory).toBeDefined();
    expect(b.summary.containers).toContainEqual({
      name: 'nginx-metrics',
      role: 'adapter',
      preset: 'prometheus-exporter',
      placement: 'container',
    });
    expect(JSON.parse(podAnnotations(b)['pod-patterns.io/roles'])['nginx-metrics']).toBe('adapter/prometheus-exporter');
    expectSchemaValid(b);
  });

  it('takes the port by number and a custom status path', () => {
    const c = container(composeBundle(nginx({ port: 8080, statusPath: '/basic_status' })), 'nginx-metrics');
    expect(c.args[0]).toBe('--nginx.scrape-uri=http://127.0.0.1:8080/basic_status');
  });

  it("puts the metrics port on the Service, pointing at the adapter's port, and the scrape annotations on the pod", () => {
    const b = composeBundle(nginx());
    const { port, owners, containerPort } = serviceTarget(b, 'metrics');
    expect(port).toEqual({ name: 'metrics', port: 9113, targetPort: 'metrics', protocol: 'TCP' });
    expect(owners).toEqual(['nginx-metrics']);
    expect(containerPort.containerPort).toBe(port.port);
    expect(podAnnotations(b)).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9113',
      'prometheus.io/path': '/metrics',
    });
    expect(b.manifests.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
  });

  it('honours metricsPort and metricsPortName everywhere they appear', () => {
    const b = composeBundle(nginx({ metricsPort: 9300, metricsPortName: 'nginx-prom' }));
    const c = container(b, 'nginx-metrics');
    expect(c.args).toContain('--web.listen-address=:9300');
    expect(c.ports).toEqual([{ name: 'nginx-prom', containerPort: 9300, protocol: 'TCP' }]);
    expect(serviceTarget(b, 'nginx-prom').port).toMatchObject({ port: 9300, targetPort: 'nginx-prom' });
    expect(podAnnotations(b)['prometheus.io/port']).toBe('9300');
  });

  it('leaves the annotations off on request', () => {
    const b = composeBundle(nginx({ scrapeAnnotations: false }));
    expect(Object.keys(podAnnotations(b)).filter((k) => k.startsWith('prometheus.io/'))).toEqual([]);
  });

  it('rewrites the image through the registry mirror', () => {
    const req = nginx();
    req.target = { ...req.target, registryMirror: 'mirror.corp:5000' };
    expect(container(composeBundle(req), 'nginx-metrics').image).toBe(
      'mirror.corp:5000/nginx/nginx-prometheus-exporter:1.4.1',
    );
  });

  it('is deterministic', () => {
    expect(JSON.stringify(composeBundle(nginx({ serviceMonitor: { enabled: true } })))).toBe(
      JSON.stringify(composeBundle(nginx({ serviceMonitor: { enabled: true } }))),
    );
  });
});

describe('prometheus-exporter: ServiceMonitor', () => {
  it('selects the Service by its labels and scrapes the metrics port', () => {
    const b = composeBundle(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'nginx-metrics',
          source: 'nginx',
          port: 'http',
          serviceMonitor: { enabled: true, interval: '30s', labels: { release: 'kube-prometheus' } },
        },
      ]),
    );
    const sm = b.manifests.find((o) => o.kind === 'ServiceMonitor') as any;
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata).toMatchObject({ name: 'shop-nginx-metrics', namespace: 'web' });
    expect(sm.metadata.labels.release).toBe('kube-prometheus');
    const svcLabels = service(b).metadata.labels;
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svcLabels[k]).toBe(v);
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(service(b).spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
    expect(schemaErrors(sm)).toEqual([]);
  });

  it('refuses an interval Prometheus does not understand', () => {
    const e = invalid(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'm',
          source: 'nginx',
          port: 'http',
          serviceMonitor: { enabled: true, interval: '1.5s' },
        },
      ]),
    );
    expect(e.errors[0].pointer).toBe('/adapters/0/serviceMonitor/interval');
  });
});

describe('prometheus-exporter: redis', () => {
  const redisApp = (extra: Record<string, unknown> = {}) =>
    request(
      [{ preset: 'prometheus-exporter', name: 'redis-metrics', source: 'redis', ...extra }],
      [{ name: 'redis', containerPort: 6379 }],
    );

  it('reads 127.0.0.1:6379 with the password from a Secret', () => {
    const b = composeBundle(redisApp({ password: { secretName: 'redis-auth', key: 'password' }, user: 'monitor' }));
    const c = container(b, 'redis-metrics');
    expect(c.image).toBe('docker.io/oliver006/redis_exporter:v1.67.0');
    expect(c.args).toEqual(['--web.listen-address=:9121']);
    expect(c.env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://127.0.0.1:6379' },
      { name: 'REDIS_USER', value: 'monitor' },
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } },
    ]);
    expect(c.securityContext).toMatchObject({ runAsUser: 59000, runAsGroup: 59000 });
    expect(serviceTarget(b, 'metrics').port.port).toBe(9121);
    expectSchemaValid(b);
  });

  it('follows a named app port', () => {
    const req = request(
      [{ preset: 'prometheus-exporter', name: 'redis-metrics', source: 'redis', port: 'cache' }],
      [{ name: 'cache', containerPort: 7000 }],
    );
    expect(container(composeBundle(req), 'redis-metrics').env[0]).toEqual({
      name: 'REDIS_ADDR',
      value: 'redis://127.0.0.1:7000',
    });
  });

  it('is a 422 when the app has no 6379 and no port is given', () => {
    const e = refused(request([{ preset: 'prometheus-exporter', name: 'redis-metrics', source: 'redis' }]));
    expect(e.findings).toEqual([
      expect.objectContaining({ rule: SCRAPE_TARGET_RULE, severity: 'error', path: '/adapters/0/port' }),
    ]);
    expect(e.findings[0].message).toMatch(/6379.*"http" 8080\/TCP/);
  });
});

describe('prometheus-exporter: mongodb and postgres', () => {
  it('builds the MongoDB StatefulSet example: valid objects, the URI only by Secret', () => {
    const req = JSON.parse(readFileSync(join(EXAMPLES, 'mongodb-statefulset.json'), 'utf8')) as BundleRequest;
    const b = composeBundle(req);
    expectSchemaValid(b);
    const c = container(b, 'exporter');
    expect(c.image).toBe('docker.io/percona/mongodb_exporter:0.43.1');
    expect(c.args).toEqual(['--web.listen-address=:9216']);
    expect(c.env).toEqual([
      { name: 'MONGODB_URI', valueFrom: { secretKeyRef: { name: 'catalog-db-monitor', key: 'uri' } } },
    ]);
    const { owners } = serviceTarget(b, 'metrics');
    expect(owners).toEqual(['exporter']);
    // the headless Service keeps the app's ports only
    const headless = b.manifests.find((o) => o.metadata?.name === 'catalog-db-headless') as any;
    expect(headless.spec.ports.map((p: any) => p.name)).toEqual(['mongo']);
  });

  it("runs as the percona image's own user, 65535", () => {
    const b = composeBundle(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'mongo-metrics',
          source: 'mongodb',
          connection: { secretName: 's', key: 'uri' },
        },
      ]),
    );
    expect(container(b, 'mongo-metrics').securityContext).toMatchObject({
      runAsUser: 65535,
      runAsGroup: 65535,
      runAsNonRoot: true,
    });
  });

  it('enables every collector on request', () => {
    const b = composeBundle(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'mongo-metrics',
          source: 'mongodb',
          connection: { secretName: 's', key: 'uri' },
          collectAll: true,
        },
      ]),
    );
    expect(container(b, 'mongo-metrics').args).toEqual(['--web.listen-address=:9216', '--collect-all']);
  });

  it('gives postgres DATA_SOURCE_NAME from the Secret', () => {
    const b = composeBundle(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'pg-metrics',
          source: 'postgres',
          connection: { secretName: 'pg-monitor', key: 'dsn' },
        },
      ]),
    );
    const c = container(b, 'pg-metrics');
    expect(c.image).toBe('quay.io/prometheuscommunity/postgres-exporter:v0.16.0');
    expect(c.args).toEqual(['--web.listen-address=:9187']);
    expect(c.env).toEqual([
      { name: 'DATA_SOURCE_NAME', valueFrom: { secretKeyRef: { name: 'pg-monitor', key: 'dsn' } } },
    ]);
  });

  it('requires the connection for mongodb and postgres', () => {
    for (const source of ['mongodb', 'postgres']) {
      const e = invalid(request([{ preset: 'prometheus-exporter', name: 'm', source }]));
      expect(e.errors).toEqual([
        { pointer: '/adapters/0/connection', detail: expect.stringMatching(/required.*Secret reference/) },
      ]);
    }
  });
});

describe('prometheus-exporter: secrets are never inline', () => {
  it('refuses a connection URI with user:password@ and says to use a Secret, without repeating it', () => {
    const e = invalid(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'm',
          source: 'mongodb',
          connection: 'mongodb://monitor:s3cr3t-pw@127.0.0.1:27017/admin',
        },
      ]),
    );
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0].pointer).toBe('/adapters/0/connection');
    expect(e.errors[0].detail).toMatch(/inline connection URI with credentials/);
    expect(e.errors[0].detail).toMatch(/Secret/);
    expect(e.errors[0].detail).toMatch(/"secretName"/);
    expect(JSON.stringify(e.errors)).not.toContain('s3cr3t-pw');
  });

  it('refuses a connection URI without credentials too: URIs go in Secrets', () => {
    const e = invalid(
      request([
        { preset: 'prometheus-exporter', name: 'm', source: 'postgres', connection: 'postgresql://127.0.0.1:5432/app' },
      ]),
    );
    expect(e.errors).toEqual([
      { pointer: '/adapters/0/connection', detail: expect.stringMatching(/inline connection URI; .*Secret/) },
    ]);
  });

  it('guides a postgres DSN to a postgresql:// example with sslmode, not only a mongodb:// one', () => {
    const inline = invalid(
      request([
        { preset: 'prometheus-exporter', name: 'm', source: 'postgres', connection: 'postgresql://127.0.0.1:5432/app' },
      ]),
    ).errors[0].detail;
    expect(inline).toContain("'postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable' for postgres");
    const missing = invalid(request([{ preset: 'prometheus-exporter', name: 'm', source: 'postgres' }])).errors[0]
      .detail;
    expect(missing).toContain('sslmode');
    const mongo = invalid(
      request([
        { preset: 'prometheus-exporter', name: 'm', source: 'mongodb', connection: 'mongodb://127.0.0.1:27017' },
      ]),
    ).errors[0].detail;
    expect(mongo).toContain("'mongodb://user:password@127.0.0.1:27017/admin'");
  });

  it('refuses an inline redis password', () => {
    const e = invalid(
      request(
        [{ preset: 'prometheus-exporter', name: 'm', source: 'redis', password: 'hunter2hunter2' }],
        [{ name: 'redis', containerPort: 6379 }],
      ),
    );
    expect(e.errors).toEqual([
      { pointer: '/adapters/0/password', detail: expect.stringMatching(/inline password; .*Secret/) },
    ]);
    expect(JSON.stringify(e.errors)).not.toContain('hunter2hunter2');
  });

  it('refuses a list where one Secret reference belongs, and checks the reference itself', () => {
    const list = invalid(
      request([
        { preset: 'prometheus-exporter', name: 'm', source: 'mongodb', connection: [{ secretName: 'a', key: 'b' }] },
      ]),
    );
    expect(list.errors).toEqual([
      { pointer: '/adapters/0/connection', detail: expect.stringMatching(/one Secret reference/) },
    ]);
    const bad = invalid(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'm',
          source: 'mongodb',
          connection: { secretName: 'Not_A_Name', key: 'uri' },
        },
      ]),
    );
    expect(bad.errors).toEqual([
      { pointer: '/adapters/0/connection/secretName', detail: expect.stringMatching(/Secret name/) },
    ]);
  });
});

describe('prometheus-exporter: parameters per source', () => {
  it('refuses a parameter the source does not read', () => {
    const e = invalid(
      request([
        {
          preset: 'prometheus-exporter',
          name: 'm',
          source: 'nginx',
          port: 'http',
          connection: { secretName: 's', key: 'k' },
        },
      ]),
    );
    expect(e.errors).toEqual([
      {
        pointer: '/adapters/0/connection',
        detail: expect.stringMatching(/does not apply to source "nginx".*mongodb, postgres/),
      },
    ]);
  });

  it('requires the app port for nginx and refuses a bad port reference', () => {
    expect(invalid(request([{ preset: 'prometheus-exporter', name: 'm', source: 'nginx' }])).errors).toEqual([
      { pointer: '/adapters/0/port', detail: expect.stringMatching(/required/) },
    ]);
    expect(
      invalid(request([{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'Not A Port' }])).errors[0]
        .pointer,
    ).toBe('/adapters/0/port');
    expect(
      invalid(request([{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 70000 }])).errors[0].pointer,
    ).toBe('/adapters/0/port');
  });

  it('refuses an unknown source, naming the allowed ones', () => {
    const e = invalid(request([{ preset: 'prometheus-exporter', name: 'm', source: 'mysql' }]));
    expect(e.errors[0]).toEqual({
      pointer: '/adapters/0/source',
      detail: expect.stringContaining('nginx, redis, mongodb, postgres, statsd, json'),
    });
  });
});

describe('prometheus-exporter: statsd', () => {
  it('listens for the app on 127.0.0.1:9125 UDP and TCP and declares both ports', () => {
    const b = composeBundle(request([{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }]));
    const c = container(b, 'metrics');
    expect(c.image).toBe('docker.io/prom/statsd-exporter:v0.28.0');
    expect(c.args).toEqual([
      '--web.listen-address=:9102',
      '--statsd.listen-udp=127.0.0.1:9125',
      '--statsd.listen-tcp=127.0.0.1:9125',
    ]);
    expect(c.ports).toEqual([
      { name: 'metrics', containerPort: 9102, protocol: 'TCP' },
      { name: 'statsd-udp', containerPort: 9125, protocol: 'UDP' },
      { name: 'statsd-tcp', containerPort: 9125, protocol: 'TCP' },
    ]);
    // only the metrics port is published
    expect(service(b).spec.ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
  });

  it('mounts a mapping config from a ConfigMap', () => {
    const mappingConfig =
      'mappings:\n  - match: "orders.*.latency"\n    name: orders_latency_seconds\n    labels:\n      step: "$1"\n';
    const b = composeBundle(
      request([{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd', mappingConfig, statsdPort: 8125 }]),
    );
    const c = container(b, 'metrics');
    expect(c.args).toEqual([
      '--web.listen-address=:9102',
      '--statsd.listen-udp=127.0.0.1:8125',
      '--statsd.listen-tcp=127.0.0.1:8125',
      '--statsd.mapping-config=/etc/statsd-exporter/mapping.yml',
    ]);
    expect(configMap(b, 'shop-metrics').data['mapping.yml']).toBe(mappingConfig);
    expect(c.volumeMounts).toEqual([{ name: 'metrics-config', mountPath: '/etc/statsd-exporter', readOnly: true }]);
    expect(podAnnotations(b)['checksum/config-metrics']).toMatch(/^[0-9a-f]{64}$/);
  });

  // statsd_exporter v0.28 exits 1 at start on each of these (pkg/mapper/mapper.go): the pod would crash-loop.
  it.each([
    ['a mapping without name', 'mappings:\n  - match: "orders.*.latency"\n', 'sets no metric name'],
    [
      'the metric name bad-name',
      'mappings:\n  - match: "orders.*.latency"\n    name: bad-name\n',
      '"bad-name" is not a valid metric name',
    ],
    [
      'the label name bad-label',
      'mappings:\n  - match: "orders.*.latency"\n    name: orders_latency\n    labels:\n      bad-label: "$1"\n',
      'invalid label name "bad-label"',
    ],
  ])('refuses a statsd mapping the exporter would refuse at start: %s', (_, mappingConfig, detail) => {
    const e = invalid(request([{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd', mappingConfig }]));
    expect(e.errors).toEqual([{ pointer: '/adapters/0/mappingConfig', detail: expect.stringContaining(detail) }]);
  });

  it('refuses a mapping config that is not a mapping file', () => {
    for (const mappingConfig of ['mappings: [unclosed', 'defaults: {}\n']) {
      const e = invalid(request([{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd', mappingConfig }]));
      expect(e.errors[0].pointer).toBe('/adapters/0/mappingConfig');
    }
  });

  it('is a 422 when the app already listens on the StatsD port', () => {
    const e = refused(
      request(
        [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
        [{ name: 'statsd', containerPort: 9125, protocol: 'UDP' }],
      ),
    );
    expect(e.findings).toEqual([expect.objectContaining({ rule: PORT_UNIQUE_RULE, path: '/adapters/0/statsdPort' })]);
    expect(e.findings[0].message).toMatch(/9125\/UDP.*"shop"/);
  });
});

describe('prometheus-exporter: json', () => {
  const json = (extra: Record<string, unknown> = {}) =>
    request([
      {
        preset: 'prometheus-exporter',
        name: 'stats',
        source: 'json',
        port: 'http',
        statusPath: '/internal/stats',
        metrics: [
          {
            name: 'shop_queue_length',
            path: '.queue.length',
            help: 'Orders waiting',
            type: 'gauge',
            labels: { queue: '{ .queue.name }', tier: 'web' },
          },
          { name: 'shop_orders_total', path: '{ .orders.total }', type: 'counter' },
        ],
        ...extra,
      },
    ]);

  it('refuses a module json_exporter could not read, pointing at each bad path and label template', () => {
    const e = invalid(
      json({
        metrics: [
          { name: 'ok_metric', path: '.queue.length' },
          { name: 'bad_path', path: '{ .items[0 }' },
          { name: 'bad_label', path: '.a', labels: { queue: '{ .queue.name' } },
        ],
      }),
    );
    expect(e.errors).toEqual([
      { pointer: '/adapters/0/metrics/1/path', detail: expect.stringContaining('unterminated array') },
      { pointer: '/adapters/0/metrics/2/labels/queue', detail: expect.stringContaining('unclosed action') },
    ]);
  });

  it("renders json_exporter's config and probes the app's document over loopback", () => {
    const b = composeBundle(json({ serviceMonitor: { enabled: true } }));
    const c = container(b, 'stats');
    expect(c.image).toBe('quay.io/prometheuscommunity/json-exporter:v0.6.0');
    expect(c.args).toEqual(['--config.file=/etc/json-exporter/config.yml', '--web.listen-address=:7979']);
    const config = parse(configMap(b, 'shop-stats').data['config.yml']);
    expect(config).toEqual({
      modules: {
        default: {
          metrics: [
            {
              name: 'shop_queue_length',
              path: '{ .queue.length }',
              help: 'Orders waiting',
              valuetype: 'gauge',
              labels: { queue: '{ .queue.name }', tier: 'web' },
            },
            { name: 'shop_orders_total', path: '{ .orders.total }', help: 'shop_orders_total', valuetype: 'counter' },
          ],
        },
      },
    });
    expect(podAnnotations(b)).toMatchObject({
      'prometheus.io/path': '/probe',
      'prometheus.io/port': '7979',
      'prometheus.io/param_module': 'default',
      'prometheus.io/param_target': 'http://127.0.0.1:8080/internal/stats',
    });
    const sm = b.manifests.find((o) => o.kind === 'ServiceMonitor') as any;
    expect(sm.spec.endpoints[0]).toEqual({
      port: 'metrics',
      path: '/probe',
      params: { module: ['default'], target: ['http://127.0.0.1:8080/internal/stats'] },
    });
    expectSchemaValid(b);
  });

  it('requires the document path and at least one metric, and refuses duplicate or malformed metrics', () => {
    const base = { preset: 'prometheus-exporter', name: 'stats', source: 'json', port: 'http' };
    expect(invalid(request([{ ...base, metrics: [{ name: 'a', path: '.a' }] }])).errors.map((e) => e.pointer)).toEqual([
      '/adapters/0/statusPath',
    ]);
    expect(invalid(request([{ ...base, statusPath: '/s' }])).errors.map((e) => e.pointer)).toEqual([
      '/adapters/0/metrics',
    ]);
    expect(invalid(request([{ ...base, statusPath: '/s', metrics: [] }])).errors.map((e) => e.pointer)).toEqual([
      '/adapters/0/metrics',
    ]);
    const dup = invalid(
      request([
        {
          ...base,
          statusPath: '/s',
          metrics: [
            { name: 'a', path: '.a' },
            { name: 'a', path: '.b' },
          ],
        },
      ]),
    );
    expect(dup.errors).toEqual([{ pointer: '/adapters/0/metrics/1/name', detail: expect.stringMatching(/twice/) }]);
    const bad = invalid(
      request([{ ...base, statusPath: '/s', metrics: [{ name: '1bad', path: 'no-dot', labels: { __x: 'y' } }] }]),
    );
    expect(bad.errors.map((e) => e.pointer).sort()).toEqual([
      '/adapters/0/metrics/0/labels',
      '/adapters/0/metrics/0/name',
      '/adapters/0/metrics/0/path',
    ]);
  });
});

describe('prometheus-exporter: pattern checks (422)', () => {
  it('refuses a scrape target the app does not have, by name or by number', () => {
    for (const port of ['web', 9090]) {
      const e = refused(request([{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port }]));
      expect(e.findings).toEqual([
        expect.objectContaining({ rule: SCRAPE_TARGET_RULE, severity: 'error', path: '/adapters/0/port' }),
      ]);
      expect(e.findings[0].message).toContain('"http" 8080/TCP');
    }
  });

  it('refuses a scrape target on a UDP port', () => {
    const e = refused(
      request(
        [{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'dns' }],
        [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }],
      ),
    );
    expect(e.findings[0]).toMatchObject({ rule: SCRAPE_TARGET_RULE, message: expect.stringMatching(/UDP/) });
  });

  it('refuses a metrics port the app already listens on', () => {
    const e = refused(
      request(
        [{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'http' }],
        [
          { name: 'http', containerPort: 8080 },
          { name: 'admin', containerPort: 9113 },
        ],
      ),
    );
    expect(e.findings).toEqual([expect.objectContaining({ rule: PORT_UNIQUE_RULE, path: '/adapters/0/metricsPort' })]);
  });

  it('refuses a metrics port name the app already uses', () => {
    const e = refused(
      request(
        [{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'http' }],
        [
          { name: 'http', containerPort: 8080 },
          { name: 'metrics', containerPort: 9000 },
        ],
      ),
    );
    expect(e.findings.map((f) => f.rule)).toContain(PORT_UNIQUE_RULE);
    expect(e.findings[0].message).toMatch(/port name "metrics"/);
  });

  it("refuses a Service port that would clash with the adapter's metrics port", () => {
    const e = refused(
      request(
        [{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'http' }],
        [{ name: 'http', containerPort: 8080, servicePort: 9113 }],
      ),
    );
    expect(e.findings).toEqual([expect.objectContaining({ rule: METRICS_PORT_RULE, path: '/adapters/0/metricsPort' })]);
  });

  it('refuses two exporters on the same port, and two sets of scrape annotations', () => {
    const two = (second: Record<string, unknown>) =>
      request(
        [
          { preset: 'prometheus-exporter', name: 'web-metrics', source: 'nginx', port: 'http' },
          { preset: 'prometheus-exporter', name: 'cache-metrics', source: 'redis', port: 'cache', ...second },
        ],
        [
          { name: 'http', containerPort: 8080 },
          { name: 'cache', containerPort: 6379 },
        ],
      );
    const samePort = refused(two({ metricsPort: 9113 }));
    expect(samePort.findings.map((f) => [f.rule, f.path])).toEqual([[PORT_UNIQUE_RULE, '/adapters/1/metricsPort']]);
    expect(samePort.findings[0].message).toMatch(/port 9113\/TCP.*"web-metrics"/);
    const annotations = refused(two({ metricsPortName: 'redis-metrics' }));
    expect(annotations.findings).toEqual([
      expect.objectContaining({ rule: METRICS_PORT_RULE, path: '/adapters/1/scrapeAnnotations' }),
    ]);
    const b = composeBundle(
      two({ metricsPortName: 'redis-metrics', scrapeAnnotations: false, serviceMonitor: { enabled: true } }),
    );
    expect(service(b).spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual([
      'http:8080',
      'cache:6379',
      'metrics:9113',
      'redis-metrics:9121',
    ]);
    expect(serviceTarget(b, 'redis-metrics').owners).toEqual(['cache-metrics']);
    expect(podAnnotations(b)['prometheus.io/port']).toBe('9113');
  });

  it("refuses scrape annotations that contradict the app's own", () => {
    const req = request([{ preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'http' }]);
    req.app.podAnnotations = { 'prometheus.io/port': '8080' };
    expect(refused(req).findings[0]).toMatchObject({
      rule: METRICS_PORT_RULE,
      message: expect.stringContaining('app.podAnnotations'),
    });
  });

  it('lists only objects that pass their schema when it succeeds', () => {
    const objects: K8sObject[] = composeBundle(
      request([
        { preset: 'prometheus-exporter', name: 'm', source: 'nginx', port: 'http', serviceMonitor: { enabled: true } },
      ]),
    ).manifests;
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Service', 'Deployment', 'ServiceMonitor']);
  });
});

describe('adapter examples', () => {
  it("compose each adapter preset's own example with an app that has an http port", async () => {
    const { presetsOf } = await import('../registry.js');
    const adapters = presetsOf('adapter');
    expect(adapters.map((p) => p.id).sort()).toEqual(['log-normalizer', 'prometheus-exporter']);
    for (const preset of adapters) {
      const b = composeBundle(request([preset.example as PresetItem]));
      expectSchemaValid(b);
      expect(b.summary.containers).toContainEqual(
        expect.objectContaining({ role: 'adapter', preset: preset.id, placement: 'container' }),
      );
    }
  });

  it.each(['mongodb-statefulset', 'orders-logging-egress', 'static-site-git-sync'])(
    "compose the adapters of the shared example %s with the example's app",
    (name) => {
      const example = JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as BundleRequest;
      const b = composeBundle({ app: example.app, adapters: example.adapters, target: example.target });
      expectSchemaValid(b);
      for (const adapter of example.adapters ?? []) {
        expect(serviceTarget(b, 'metrics').owners).toEqual([adapter.name]);
        expect(podAnnotations(b)['prometheus.io/scrape']).toBe('true');
      }
    },
  );
});
