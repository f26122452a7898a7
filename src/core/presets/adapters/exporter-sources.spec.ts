import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Bundle } from '../../model/bundle.js';
import { InvalidRequestError } from '../../model/errors.js';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { composeBundle } from '../../../../test/support/validated.js';
import { EXPORTER_SOURCES, SOURCES, sourcesReading } from './exporter-sources.js';
import { SCRAPE_TARGET_RULE } from './metrics-endpoint.js';

const PORTS = [
  { name: 'http', containerPort: 8080 },
  { name: 'redis', containerPort: 6379 },
];
const SECRET = { secretName: 's', key: 'k' };

function request(adapters: Record<string, unknown>[], ports: BundleRequest['app']['ports'] = PORTS): BundleRequest {
  return {
    app: { name: 'shop', image: 'ghcr.io/acme/shop:2.0.1', ports },
    adapters: adapters.map((a, i) => ({ preset: 'prometheus-exporter', name: `m${i}`, ...a }) as PresetItem),
    target: { kubernetesVersion: '1.33' },
  };
}

function errors(req: BundleRequest) {
  try {
    composeBundle(req);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err.errors;
    throw err;
  }
  throw new Error('expected an InvalidRequestError');
}

const containers = (b: Bundle): any[] =>
  (b.manifests.find((o) => o.kind === 'Deployment') as any).spec.template.spec.containers;
const exporter = (b: Bundle, name = 'm0') => containers(b).find((c) => c.name === name);

/** One request per source with what it requires. */
const MINIMAL: Record<string, Record<string, unknown>> = {
  nginx: { source: 'nginx', port: 'http' },
  redis: { source: 'redis' },
  mongodb: { source: 'mongodb', connection: SECRET },
  postgres: { source: 'postgres', connection: SECRET },
  statsd: { source: 'statsd' },
  json: { source: 'json', port: 'http', statusPath: '/s', metrics: [{ name: 'a', path: '.a' }] },
};

describe('exporter sources', () => {
  it('give each exporter its metrics port, memory limit, requests and TCP probes on that port', () => {
    const expected = {
      nginx: [9113, '64Mi'],
      redis: [9121, '64Mi'],
      mongodb: [9216, '128Mi'],
      postgres: [9187, '128Mi'],
      statsd: [9102, '64Mi'],
      json: [7979, '64Mi'],
    };
    for (const source of EXPORTER_SOURCES) {
      const [port, memory] = expected[source];
      const c = exporter(composeBundle(request([MINIMAL[source]])));
      expect({ source, args: c.args, ports: c.ports[0] }).toEqual({
        source,
        args: expect.arrayContaining([`--web.listen-address=:${port}`]),
        ports: { name: 'metrics', containerPort: port, protocol: 'TCP' },
      });
      expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory } });
      expect(c.readinessProbe).toEqual({ tcpSocket: { port }, periodSeconds: 10 });
      expect(c.livenessProbe).toEqual({ tcpSocket: { port }, periodSeconds: 20 });
    }
  });

  it('has Prometheus scrape /metrics, or /probe for the json source', () => {
    for (const source of EXPORTER_SOURCES) {
      const b = composeBundle(request([{ ...MINIMAL[source], serviceMonitor: { enabled: true } }]));
      const path = source === 'json' ? '/probe' : '/metrics';
      const annotations = (b.manifests.find((o) => o.kind === 'Deployment') as any).spec.template.metadata.annotations;
      expect({ source, path: annotations['prometheus.io/path'] }).toEqual({ source, path });
      expect((b.manifests.find((o) => o.kind === 'ServiceMonitor') as any).spec.endpoints[0].path).toBe(path);
    }
  });

  it('builds no exporter for an app port the app lacks: the one finding says so', () => {
    // the Service port 9113 / 9121 / 7979 would clash with the metrics port of an exporter built anyway
    for (const [source, servicePort] of [
      ['nginx', 9113],
      ['redis', 9121],
      ['json', 7979],
    ] as const) {
      let rules: string[] = [];
      try {
        composeBundle(
          request([{ ...MINIMAL[source], port: 'nope' }], [{ name: 'web', containerPort: 8080, servicePort }]),
        );
      } catch (err) {
        rules = (err as { findings: { rule: string }[] }).findings.map((f) => f.rule);
      }
      expect({ source, rules }).toEqual({ source, rules: [SCRAPE_TARGET_RULE] });
    }
  });

  it('names, per parameter, the sources that read it', () => {
    expect(
      (
        [
          'port',
          'statusPath',
          'user',
          'password',
          'connection',
          'collectAll',
          'statsdPort',
          'mappingConfig',
          'metrics',
        ] as const
      ).map((f) => [f, sourcesReading(f)]),
    ).toEqual([
      ['port', ['nginx', 'redis', 'json']],
      ['statusPath', ['nginx', 'json']],
      ['user', ['redis']],
      ['password', ['redis']],
      ['connection', ['mongodb', 'postgres']],
      ['collectAll', ['mongodb']],
      ['statsdPort', ['statsd']],
      ['mappingConfig', ['statsd']],
      ['metrics', ['json']],
    ]);
    expect(Object.fromEntries(EXPORTER_SOURCES.map((s) => [s, SOURCES[s].requires]))).toEqual({
      nginx: ['port'],
      redis: [],
      mongodb: ['connection'],
      postgres: ['connection'],
      statsd: [],
      json: ['port', 'statusPath', 'metrics'],
    });
  });

  it('refuses, with the whole message, a parameter the chosen source does not read', () => {
    expect(errors(request([{ ...MINIMAL.statsd, collectAll: true }]))).toEqual([
      {
        pointer: '/adapters/0/collectAll',
        detail: 'collectAll does not apply to source "statsd"; it is read by source mongodb',
      },
    ]);
    expect(errors(request([{ ...MINIMAL.redis, statusPath: '/x' }]))).toEqual([
      {
        pointer: '/adapters/0/statusPath',
        detail: 'statusPath does not apply to source "redis"; it is read by source nginx, json',
      },
    ]);
  });

  it('refuses an unknown source once, whatever source parameters come with it', () => {
    expect(errors(request([{ source: 'mysql', port: 'http', statusPath: '/s' }]))).toEqual([
      {
        pointer: '/adapters/0/source',
        detail: expect.stringContaining('nginx, redis, mongodb, postgres, statsd, json'),
      },
    ]);
  });

  it('names every missing parameter a source requires, with what to give', () => {
    expect(errors(request([{ source: 'json' }]))).toEqual([
      {
        pointer: '/adapters/0/port',
        detail: 'port is required for source json: the app port (name or number from app.ports) the exporter reads',
      },
      {
        pointer: '/adapters/0/statusPath',
        detail: 'statusPath is required for source json: the path of the JSON document the app serves, e.g. /stats',
      },
      {
        pointer: '/adapters/0/metrics',
        detail: 'metrics is required for source json: the list of metrics (name, path) to read from the document',
      },
    ]);
    expect(errors(request([{ source: 'postgres' }]))).toEqual([
      {
        pointer: '/adapters/0/connection',
        detail:
          'connection is required for source postgres: a Secret reference { secretName, key } to the connection URI (postgres: a DSN with sslmode, e.g. postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable; without it the exporter requires TLS)',
      },
    ]);
  });

  it('gives redis only the variables it was given', () => {
    expect(exporter(composeBundle(request([MINIMAL.redis]))).env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://127.0.0.1:6379' },
    ]);
    expect(exporter(composeBundle(request([{ ...MINIMAL.redis, password: SECRET }]))).env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://127.0.0.1:6379' },
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ]);
    expect(exporter(composeBundle(request([{ ...MINIMAL.redis, port: 8080 }]))).env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://127.0.0.1:8080' },
    ]);
  });

  it('leaves the collectors of mongodb alone unless every one is asked for', () => {
    expect(exporter(composeBundle(request([{ ...MINIMAL.mongodb, collectAll: false }]))).args).toEqual([
      '--web.listen-address=:9216',
    ]);
  });

  it('mounts no config for sources without one', () => {
    for (const source of ['nginx', 'redis', 'mongodb', 'postgres', 'statsd']) {
      const b = composeBundle(request([MINIMAL[source]]));
      expect(exporter(b).volumeMounts ?? []).toEqual([]);
      expect(b.manifests.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
    }
  });

  it('leaves the ports of a second statsd exporter unnamed, and refuses a second one on the same port', () => {
    const b = composeBundle(
      request([
        { source: 'statsd', metricsPort: 9102 },
        {
          source: 'statsd',
          statsdPort: 9126,
          metricsPort: 9103,
          metricsPortName: 'metrics-2',
          scrapeAnnotations: false,
        },
      ]),
    );
    expect(exporter(b, 'm1').ports).toEqual([
      { name: 'metrics-2', containerPort: 9103, protocol: 'TCP' },
      { containerPort: 9126, protocol: 'UDP' },
      { containerPort: 9126, protocol: 'TCP' },
    ]);
    expect(exporter(b, 'm1').args).toEqual([
      '--web.listen-address=:9103',
      '--statsd.listen-udp=127.0.0.1:9126',
      '--statsd.listen-tcp=127.0.0.1:9126',
    ]);
  });

  it('checks the statsd port for both protocols: one taken is enough to refuse', () => {
    for (const protocol of ['UDP', 'TCP'] as const) {
      let findings: { path: string }[] = [];
      try {
        composeBundle(request([MINIMAL.statsd], [...PORTS, { name: 'sd', containerPort: 9125, protocol }]));
      } catch (err) {
        findings = (err as { findings: { path: string }[] }).findings;
      }
      expect(findings.map((f) => f.path)).toEqual(['/adapters/0/statsdPort']);
    }
  });

  it('reads the json document over loopback with the config mounted read-only', () => {
    const b = composeBundle(
      request([
        {
          ...MINIMAL.json,
          metrics: [
            { name: 'a', path: '.a', labels: {} },
            { name: 'b', path: '{.b}', help: 'B', labels: { z: '1', y: '{.y}' } },
          ],
        },
      ]),
    );
    expect(exporter(b).volumeMounts).toEqual([{ name: 'm0-config', mountPath: '/etc/json-exporter', readOnly: true }]);
    const config = (b.manifests.find((o) => o.kind === 'ConfigMap') as any).data['config.yml'];
    expect(parse(config)).toEqual({
      modules: {
        default: {
          metrics: [
            { name: 'a', path: '{ .a }', help: 'a' },
            { name: 'b', path: '{.b}', help: 'B', labels: { y: '{.y}', z: '1' } },
          ],
        },
      },
    });
    expect(config.indexOf('y:')).toBeLessThan(config.indexOf('z:'));
  });

  it('refuses a metric name given twice, naming the second', () => {
    expect(
      errors(
        request([
          {
            ...MINIMAL.json,
            metrics: [
              { name: 'a', path: '.a' },
              { name: 'b', path: '.b' },
              { name: 'a', path: '.c' },
            ],
          },
        ]),
      ),
    ).toEqual([
      { pointer: '/adapters/0/metrics/2/name', detail: 'metric "a" is defined twice; metric names must be unique' },
    ]);
  });

  it('checks the json paths before the app port', () => {
    expect(errors(request([{ ...MINIMAL.json, port: 'nope', metrics: [{ name: 'a', path: '{.a[0}' }] }]))).toEqual([
      {
        pointer: '/adapters/0/metrics/0/path',
        detail: 'json_exporter cannot read this JSONPath: unterminated array: a "[" has no "]"',
      },
    ]);
  });
});
