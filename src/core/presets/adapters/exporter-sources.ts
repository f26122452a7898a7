// One entry per prometheus-exporter source: the exporter image, its default metrics port and the
// flags / environment that point it at the app. Flags are spelled "--name=value", which kingpin,
// kong and Go's flag package all take: the nginx, redis and postgres real-program tests run the
// Debian builds of those exporters with them. MongoDB has no such test: Debian's
// prometheus-mongodb-exporter is a different program (dcu/mongodb_exporter), not an older build
// of the pinned percona one.
import type { IIoK8sApiCoreV1ContainerPort as ContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { PodBuilder } from '../../compose/pod-builder.js';
import { InvalidRequestError } from '../../model/errors.js';
import type { ImageKey } from '../../compose/images.js';
import type { PresetContext } from '../preset.js';
import { secretEnv, type SecretKeyRef } from '../secret-ref.js';
import type { PortReference } from './adapter-params.js';
import {
  JSON_EXPORTER_MODULE,
  checkJsonPaths,
  jsonExporterConfig,
  type JsonExporterMetric,
} from './json-exporter-config.js';
import { claimPodPort, resolveAppPort } from './metrics-endpoint.js';
import { checkStatsdMapping } from './statsd-mapping.js';

export const EXPORTER_SOURCES = ['nginx', 'redis', 'mongodb', 'postgres', 'statsd', 'json'] as const;
export type ExporterSourceId = (typeof EXPORTER_SOURCES)[number];

/** The parameters the sources read (the preset's parameter class has them all). */
export interface ExporterSourceParams {
  name: string;
  source: ExporterSourceId;
  port?: PortReference;
  statusPath?: string;
  user?: string;
  password?: SecretKeyRef;
  connection?: SecretKeyRef;
  collectAll?: boolean;
  statsdPort?: number;
  mappingConfig?: string;
  metrics?: JsonExporterMetric[];
}

export type SourceField = Exclude<keyof ExporterSourceParams, 'name' | 'source'>;

export interface ExporterContainer {
  args: string[];
  env: EnvVar[];
  /** ports besides the metrics port (already checked to be free in the pod) */
  ports: ContainerPort[];
  /** ConfigMap files mounted read-only at configDir */
  config?: { dir: string; files: Record<string, string> };
  /** what Prometheus scrapes on the metrics port */
  scrapePath: string;
  scrapeParams?: Record<string, string>;
}

export interface SourceInput {
  pod: PodBuilder;
  p: ExporterSourceParams;
  ctx: PresetContext;
  metricsPort: number;
}

export interface ExporterSource {
  image: ImageKey;
  /** the source-specific parameters this source reads; any other one is refused */
  reads: SourceField[];
  /** those of them it cannot do without */
  requires: SourceField[];
  defaultMetricsPort: number;
  memoryLimit: string;
  /** the exporter's settings, or undefined when a finding says why it cannot be built */
  build(input: SourceInput): ExporterContainer | undefined;
}

export const DEFAULT_NGINX_STATUS_PATH = '/stub_status';
export const DEFAULT_REDIS_PORT = 6379;
export const DEFAULT_STATSD_PORT = 9125;
const STATSD_CONFIG_DIR = '/etc/statsd-exporter';
const JSON_CONFIG_DIR = '/etc/json-exporter';

const listen = (port: number) => `--web.listen-address=:${port}`;

/** The app port the exporter reads, on loopback; undefined (with a finding) when the app lacks it. */
function appPort({ pod, p, ctx }: SourceInput, fallback?: PortReference): number | undefined {
  const ref = p.port ?? fallback;
  if (ref === undefined) return undefined;
  return resolveAppPort(pod, ctx.app, ref, `${ctx.pointer}/port`, p.name)?.containerPort;
}

export const SOURCES: Record<ExporterSourceId, ExporterSource> = {
  nginx: {
    image: 'nginxExporter',
    reads: ['port', 'statusPath'],
    requires: ['port'],
    defaultMetricsPort: 9113,
    memoryLimit: '64Mi',
    build(input) {
      const port = appPort(input);
      if (port === undefined) return undefined;
      const uri = `http://127.0.0.1:${port}${input.p.statusPath ?? DEFAULT_NGINX_STATUS_PATH}`;
      return {
        args: [`--nginx.scrape-uri=${uri}`, listen(input.metricsPort)],
        env: [],
        ports: [],
        scrapePath: '/metrics',
      };
    },
  },
  redis: {
    image: 'redisExporter',
    reads: ['port', 'user', 'password'],
    requires: [],
    defaultMetricsPort: 9121,
    memoryLimit: '64Mi',
    build(input) {
      const port = appPort(input, DEFAULT_REDIS_PORT);
      if (port === undefined) return undefined;
      const { p } = input;
      // REDIS_ADDR / REDIS_USER / REDIS_PASSWORD are the exporter's own variables for its flags;
      // the password stays out of the process arguments.
      const env: EnvVar[] = [
        { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${port}` },
        ...(p.user ? [{ name: 'REDIS_USER', value: p.user }] : []),
        ...(p.password ? [secretEnv('REDIS_PASSWORD', p.password)] : []),
      ];
      return { args: [listen(input.metricsPort)], env, ports: [], scrapePath: '/metrics' };
    },
  },
  mongodb: {
    image: 'mongodbExporter',
    reads: ['connection', 'collectAll'],
    requires: ['connection'],
    defaultMetricsPort: 9216,
    memoryLimit: '128Mi',
    build(input) {
      const { p } = input;
      // MONGODB_URI is the environment form of --mongodb.uri: the URI (with its credentials)
      // comes from the Secret and never appears in the pod spec or the process arguments.
      return {
        args: [listen(input.metricsPort), ...(p.collectAll ? ['--collect-all'] : [])],
        env: [secretEnv('MONGODB_URI', p.connection!)],
        ports: [],
        scrapePath: '/metrics',
      };
    },
  },
  postgres: {
    image: 'postgresExporter',
    reads: ['connection'],
    requires: ['connection'],
    defaultMetricsPort: 9187,
    memoryLimit: '128Mi',
    build(input) {
      return {
        args: [listen(input.metricsPort)],
        env: [secretEnv('DATA_SOURCE_NAME', input.p.connection!)],
        ports: [],
        scrapePath: '/metrics',
      };
    },
  },
  statsd: {
    image: 'statsdExporter',
    reads: ['statsdPort', 'mappingConfig'],
    requires: [],
    defaultMetricsPort: 9102,
    memoryLimit: '64Mi',
    build(input) {
      const { pod, p, ctx } = input;
      const statsdPort = p.statsdPort ?? DEFAULT_STATSD_PORT;
      // The app sends to 127.0.0.1:<statsdPort>; both protocols are declared so clashes show. The
      // names only label the ports (nothing refers to them), so a second statsd exporter in the
      // pod, whose names would clash, leaves its ports unnamed.
      const taken = new Set(pod.allPorts().map(({ port }) => port.name));
      const named = (name: string, protocol: 'UDP' | 'TCP'): ContainerPort =>
        taken.has(name) ? { containerPort: statsdPort, protocol } : { name, containerPort: statsdPort, protocol };
      const ports: ContainerPort[] = [named('statsd-udp', 'UDP'), named('statsd-tcp', 'TCP')];
      const free = ports.map((port) => claimPodPort(pod, port, `${ctx.pointer}/statsdPort`, p.name)).every(Boolean);
      if (!free) return undefined;
      const mapping =
        p.mappingConfig === undefined ? undefined : checkStatsdMapping(p.mappingConfig, `${ctx.pointer}/mappingConfig`);
      return {
        args: [
          listen(input.metricsPort),
          `--statsd.listen-udp=127.0.0.1:${statsdPort}`,
          `--statsd.listen-tcp=127.0.0.1:${statsdPort}`,
          ...(mapping ? [`--statsd.mapping-config=${STATSD_CONFIG_DIR}/mapping.yml`] : []),
        ],
        env: [],
        ports,
        ...(mapping ? { config: { dir: STATSD_CONFIG_DIR, files: { 'mapping.yml': mapping } } } : {}),
        scrapePath: '/metrics',
      };
    },
  },
  json: {
    image: 'jsonExporter',
    reads: ['port', 'statusPath', 'metrics'],
    requires: ['port', 'statusPath', 'metrics'],
    defaultMetricsPort: 7979,
    memoryLimit: '64Mi',
    build(input) {
      const { p, ctx } = input;
      checkUniqueMetricNames(p.metrics ?? [], `${ctx.pointer}/metrics`);
      checkJsonPaths(p.metrics ?? [], `${ctx.pointer}/metrics`);
      const port = appPort(input);
      if (port === undefined) return undefined;
      // json_exporter fetches the target named in each scrape's URL (/probe?module=…&target=…).
      return {
        args: [`--config.file=${JSON_CONFIG_DIR}/config.yml`, listen(input.metricsPort)],
        env: [],
        ports: [],
        config: { dir: JSON_CONFIG_DIR, files: { 'config.yml': jsonExporterConfig(p.metrics ?? []) } },
        scrapePath: '/probe',
        scrapeParams: { module: JSON_EXPORTER_MODULE, target: `http://127.0.0.1:${port}${p.statusPath}` },
      };
    },
  },
};

const REQUIRED_DETAIL: Record<SourceField, string> = {
  port: 'the app port (name or number from app.ports) the exporter reads',
  statusPath: 'the path of the JSON document the app serves, e.g. /stats',
  metrics: 'the list of metrics (name, path) to read from the document',
  connection:
    'a Secret reference { secretName, key } to the connection URI (postgres: a DSN with sslmode, e.g. postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable; without it the exporter requires TLS)',
  user: '',
  password: '',
  collectAll: '',
  statsdPort: '',
  mappingConfig: '',
};

/** The sources that read a parameter. */
export function sourcesReading(field: SourceField): ExporterSourceId[] {
  return EXPORTER_SOURCES.filter((id) => SOURCES[id].reads.includes(field));
}

/** A 400 naming every parameter the source needs and was not given. */
export function checkRequired(p: ExporterSourceParams, pointer: string): void {
  const missing = SOURCES[p.source].requires.filter((field) => p[field] === undefined);
  if (missing.length) {
    throw new InvalidRequestError(
      missing.map((field) => ({
        pointer: `${pointer}/${field}`,
        detail: `${field} is required for source ${p.source}: ${REQUIRED_DETAIL[field]}`,
      })),
    );
  }
}

function checkUniqueMetricNames(metrics: JsonExporterMetric[], pointer: string): void {
  const seen = new Set<string>();
  metrics.forEach((m, i) => {
    if (seen.has(m.name))
      throw new InvalidRequestError([
        { pointer: `${pointer}/${i}/name`, detail: `metric "${m.name}" is defined twice; metric names must be unique` },
      ]);
    seen.add(m.name);
  });
}
