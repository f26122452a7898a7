// Adapter: a Prometheus exporter beside the app that turns its status output (nginx stub_status,
// Redis INFO, MongoDB / PostgreSQL statistics, StatsD packets, a JSON document) into Prometheus
// metrics on a `metrics` port of the Service, with scrape annotations and an optional ServiceMonitor.
import { Type } from '../../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { IsPortName, Doc, SchemaIs } from '../../model/validators.js';
import { PresetParams, type Preset } from '../preset.js';
// a value import: the parameter schema reads the reflected type of Secret references
import { SecretKeyRef } from '../secret-ref.js';
import { ExporterServiceMonitor } from '../../model/service-monitor.js';
import { IsPortReference, PORT_REFERENCE_SCHEMA, SecretReference, type PortReference } from './adapter-params.js';
import {
  EXPORTER_SOURCES,
  SOURCES,
  checkRequired,
  sourcesReading,
  type ExporterSourceId,
  type SourceField,
} from './exporter-sources.js';
import { JsonExporterMetric } from './json-exporter-config.js';
import { claimPodPort, publishMetrics } from './metrics-endpoint.js';

export const DEFAULT_METRICS_PORT_NAME = 'metrics';

/**
 * What to store in the connection Secret (the message cannot tell the source). postgres_exporter's
 * lib/pq defaults to sslmode=require, so a DSN without sslmode gives pg_up 0 against a server
 * without TLS.
 */
const CONNECTION_EXAMPLES =
  "'postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable' for postgres (sslmode=disable for a server without TLS, verify-full with TLS: without sslmode the exporter requires TLS), 'mongodb://user:password@127.0.0.1:27017/admin' for mongodb";

/** Refuses a parameter that the chosen source does not read, instead of ignoring it. */
function ReadBySource(field: SourceField): PropertyDecorator {
  return ValidateBy({
    name: 'readBySource',
    validator: {
      validate: (value, args) => {
        const source = (args?.object as { source?: unknown }).source;
        return (
          value === undefined ||
          !EXPORTER_SOURCES.includes(source as ExporterSourceId) ||
          SOURCES[source as ExporterSourceId].reads.includes(field)
        );
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} does not apply to source ${JSON.stringify((args?.object as { source?: unknown }).source)}; it is read by source ${sourcesReading(field).join(', ')}`,
    },
  });
}

export class PrometheusExporterParams extends PresetParams {
  @IsIn(EXPORTER_SOURCES)
  @Doc('what the exporter reads: nginx stub_status, redis, mongodb, postgres, statsd or a json document')
  source: ExporterSourceId;

  @IsOptional()
  @IsPortReference()
  @ReadBySource('port')
  @SchemaIs(PORT_REFERENCE_SCHEMA as Record<string, unknown>)
  @Doc(
    'nginx, json (required), redis (default 6379): the app port the exporter reads, by name or number from app.ports',
  )
  port?: PortReference;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^\/[^\s?#]*$/, { message: '$property must be a path starting with / (no query, no spaces)' })
  @ReadBySource('statusPath')
  @Doc('nginx: path of stub_status (default /stub_status); json: path of the JSON status document (required)')
  statusPath?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[^\s:@]+$/, { message: '$property must be a user name without spaces, ":" or "@"' })
  @ReadBySource('user')
  @Doc('redis: ACL user name (Redis 6+)')
  user?: string;

  @IsOptional()
  @SecretReference('password', '<password>')
  @ReadBySource('password')
  @Doc('redis: the password, by Secret reference only')
  password?: SecretKeyRef;

  @IsOptional()
  @SecretReference('connection URI', CONNECTION_EXAMPLES)
  @ReadBySource('connection')
  @Doc(
    "mongodb, postgres (required): the connection URI (with its credentials), by Secret reference only; for postgres give sslmode (lib/pq's default is require), e.g. postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable",
  )
  connection?: SecretKeyRef;

  @IsOptional()
  @IsBoolean()
  @ReadBySource('collectAll')
  @Doc('mongodb: enable every collector (--collect-all)')
  collectAll?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @ReadBySource('statsdPort')
  @Doc('statsd: the port the app sends StatsD to on 127.0.0.1, UDP and TCP (default 9125)')
  statsdPort?: number;

  @IsOptional()
  @IsString()
  @MaxLength(65536)
  @ReadBySource('mappingConfig')
  @Doc('statsd: statsd_exporter mapping file (YAML with a "mappings" list)')
  mappingConfig?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => JsonExporterMetric)
  @ReadBySource('metrics')
  // the reflected type of an array is Array: name the item class for the schema
  @SchemaIs({
    type: 'array',
    minItems: 1,
    maxItems: 200,
    items: { $ref: `#/components/schemas/${JsonExporterMetric.name}` },
  })
  @Doc('json (required): the metrics to read from the document')
  metrics?: JsonExporterMetric[];

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("port the exporter serves metrics on (default: the exporter's usual port, e.g. 9113 for nginx)")
  metricsPort?: number;

  @IsOptional()
  @IsString()
  @IsPortName()
  @Doc('name of the metrics port on the container and the Service (default "metrics")')
  metricsPortName?: string;

  @IsOptional()
  @IsBoolean()
  @Doc('add prometheus.io/scrape, port and path annotations to the pod template (default true)')
  scrapeAnnotations?: boolean;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExporterServiceMonitor)
  @Doc('add a ServiceMonitor for the prometheus-operator')
  serviceMonitor?: ExporterServiceMonitor;
}

export const prometheusExporterPreset: Preset<PrometheusExporterParams> = {
  kind: 'adapter',
  id: 'prometheus-exporter',
  title: 'Prometheus exporter',
  description:
    'Runs the Prometheus exporter for the app (nginx, redis, mongodb, postgres, statsd or a JSON status document) beside it, reading from the app over 127.0.0.1. The metrics port is added to the Service, the pod carries prometheus.io scrape annotations, and a ServiceMonitor can be added. Credentials only by Secret reference.',
  params: PrometheusExporterParams,
  example: {
    preset: 'prometheus-exporter',
    name: 'nginx-metrics',
    source: 'nginx',
    port: 'http',
    statusPath: '/stub_status',
    serviceMonitor: { enabled: true, interval: '30s' },
  },
  apply(pod, p, ctx) {
    checkRequired(p, ctx.pointer);
    const source = SOURCES[p.source];
    const metricsPort = p.metricsPort ?? source.defaultMetricsPort;
    const portName = p.metricsPortName ?? DEFAULT_METRICS_PORT_NAME;
    const built = source.build({ pod, p, ctx, metricsPort });
    const metrics = { name: portName, containerPort: metricsPort, protocol: 'TCP' as const };
    const free = claimPodPort(pod, metrics, `${ctx.pointer}/metricsPort`, p.name);
    if (!built || !free) return;
    const config = built.config ? pod.addConfigFiles(p.name, built.config.files) : undefined;
    pod.addHelper({
      item: p,
      role: 'adapter',
      image: source.image,
      args: built.args,
      env: built.env,
      ports: [metrics, ...built.ports],
      ...(config && built.config
        ? { volumeMounts: [{ name: config.volumeName, mountPath: built.config.dir, readOnly: true }] }
        : {}),
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: source.memoryLimit } },
      readinessProbe: { tcpSocket: { port: metricsPort }, periodSeconds: 10 },
      livenessProbe: { tcpSocket: { port: metricsPort }, periodSeconds: 20 },
    });
    publishMetrics(pod, ctx.app, {
      adapter: p.name,
      pointer: ctx.pointer,
      portName,
      port: metricsPort,
      path: built.scrapePath,
      ...(built.scrapeParams ? { params: built.scrapeParams } : {}),
      scrapeAnnotations: p.scrapeAnnotations ?? true,
      ...(p.serviceMonitor ? { serviceMonitor: p.serviceMonitor } : {}),
    });
  },
};
