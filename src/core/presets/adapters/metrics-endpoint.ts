// How an adapter joins the pod: the app port it reads from must exist, its own ports must be free
// in the pod's shared network namespace, and its metrics port is published on the Service, in the
// scrape annotations and, on request, in a ServiceMonitor. A broken rule is an error finding, so
// the bundle is refused with 422 (well-formed input that cannot make a valid bundle).
import type { IIoK8sApiCoreV1ContainerPort as ContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { PodBuilder } from '../../compose/pod-builder.js';
import { commonLabels, selectorLabels, sortKeys } from '../../model/labels.js';
import type { Finding } from '../../model/finding.js';
import type { AppDto, AppPortDto } from '../../request/app.js';
import type { ExporterServiceMonitor } from '../../model/service-monitor.js';
import type { PortReference } from './adapter-params.js';

export const SCRAPE_TARGET_RULE = 'pattern.adapter-scrape-target';
export const PORT_UNIQUE_RULE = 'pattern.port-unique';
export const METRICS_PORT_RULE = 'pattern.metrics-port';

const SCRAPE = 'prometheus.io/scrape';
const SCRAPE_PORT = 'prometheus.io/port';
const SCRAPE_PATH = 'prometheus.io/path';
/** URL parameters by annotation, as the usual kubernetes-pods scrape job maps them (__param_<name>). */
const SCRAPE_PARAM = 'prometheus.io/param_';

function error(rule: string, message: string, pointer: string): Finding {
  return { rule, severity: 'error', message, path: pointer };
}

function describePort(p: { name?: string; containerPort: number; protocol?: string }): string {
  return `${p.name ? `"${p.name}" ` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`;
}

/**
 * The app port an adapter reads from (TCP, on 127.0.0.1). A name must be in app.ports; so must a
 * number, because an undeclared port is one nobody can check. Reports a finding and returns
 * undefined when the app has no such port.
 */
export function resolveAppPort(
  pod: PodBuilder,
  app: AppDto,
  ref: PortReference,
  pointer: string,
  adapter: string,
): AppPortDto | undefined {
  const ports = app.ports ?? [];
  const found =
    typeof ref === 'number'
      ? ports.find((p) => p.containerPort === ref && (p.protocol ?? 'TCP') === 'TCP')
      : ports.find((p) => p.name === ref);
  const known = ports.length
    ? `the app's ports are ${ports.map(describePort).join(', ')}`
    : 'the app declares no ports (app.ports)';
  if (!found) {
    pod.addFinding(
      error(
        SCRAPE_TARGET_RULE,
        `adapter "${adapter}" reads from app port ${JSON.stringify(ref)}, which the app does not have; ${known}. Declare the port in app.ports or point the adapter at one of them`,
        pointer,
      ),
    );
    return undefined;
  }
  if ((found.protocol ?? 'TCP') !== 'TCP') {
    pod.addFinding(
      error(
        SCRAPE_TARGET_RULE,
        `adapter "${adapter}" reads over TCP, but app port ${describePort(found)} is ${found.protocol}`,
        pointer,
      ),
    );
    return undefined;
  }
  return found;
}

/**
 * Checks that a port the adapter listens on is free in the pod: no other container (the app
 * included) uses the same number and protocol, nor the same port name. Returns whether it is free.
 */
export function claimPodPort(pod: PodBuilder, port: ContainerPort, pointer: string, adapter: string): boolean {
  let free = true;
  for (const { container, port: other } of pod.allPorts()) {
    const sameNumber =
      other.containerPort === port.containerPort && (other.protocol ?? 'TCP') === (port.protocol ?? 'TCP');
    const sameName = port.name !== undefined && other.name === port.name;
    if (!sameNumber && !sameName) continue;
    free = false;
    const what = sameNumber ? `port ${port.containerPort}/${port.protocol ?? 'TCP'}` : `port name "${port.name}"`;
    pod.addFinding(
      error(
        PORT_UNIQUE_RULE,
        `adapter "${adapter}" needs ${what}, but container "${container}" already has ${describePort(other)}; containers share the pod's network, so ports and port names must be unique in the pod. Choose another port${port.name ? ' or port name' : ''} for the adapter`,
        pointer,
      ),
    );
  }
  return free;
}

export interface MetricsEndpoint {
  /** adapter (container) name */
  adapter: string;
  /** request pointer of the adapter item */
  pointer: string;
  portName: string;
  port: number;
  /** HTTP path Prometheus scrapes */
  path: string;
  /** URL parameters of the scrape (e.g. a probe target) */
  params?: Record<string, string>;
  scrapeAnnotations: boolean;
  serviceMonitor?: ExporterServiceMonitor;
}

/**
 * Publishes the adapter's metrics port: a Service port of the same name whose targetPort is the
 * adapter's named containerPort, the prometheus.io scrape annotations on the pod template, and a
 * ServiceMonitor when asked for. Clashes are findings.
 */
export function publishMetrics(pod: PodBuilder, app: AppDto, ep: MetricsEndpoint): void {
  const servicePorts = [
    ...(app.ports ?? [])
      .filter((p) => p.expose !== false)
      .map((p) => ({
        name: p.name,
        port: p.servicePort ?? p.containerPort,
        protocol: p.protocol ?? 'TCP',
        owner: 'the app',
      })),
    ...pod.servicePorts.map((p) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      owner: 'another helper',
    })),
  ];
  const clash = servicePorts.find((p) => p.name === ep.portName || (p.port === ep.port && p.protocol === 'TCP'));
  if (clash) {
    pod.addFinding(
      error(
        METRICS_PORT_RULE,
        `the Service's metrics port ${ep.portName} (${ep.port}) of adapter "${ep.adapter}" would clash with Service port "${clash.name}" (${clash.port}/${clash.protocol}) of ${clash.owner}; each Service port needs its own name and number, and the metrics port must point at the adapter. Set metricsPort or metricsPortName on the adapter`,
        `${ep.pointer}/metricsPort`,
      ),
    );
  } else {
    pod.addServicePort({ name: ep.portName, port: ep.port, targetPort: ep.portName, protocol: 'TCP' });
  }

  if (ep.scrapeAnnotations) {
    const wanted: Record<string, string> = {
      [SCRAPE]: 'true',
      [SCRAPE_PORT]: String(ep.port),
      [SCRAPE_PATH]: ep.path,
      ...Object.fromEntries(Object.entries(ep.params ?? {}).map(([k, v]) => [`${SCRAPE_PARAM}${k}`, v])),
    };
    const taken = scrapeAnnotationClash(pod, app, wanted);
    if (taken) {
      pod.addFinding(
        error(
          METRICS_PORT_RULE,
          `adapter "${ep.adapter}" would set ${taken.key}=${JSON.stringify(wanted[taken.key] ?? '')}, but ${taken.by} already sets it to ${JSON.stringify(taken.value)}; a pod has one set of prometheus.io scrape annotations. Set scrapeAnnotations: false on this adapter and use serviceMonitor for it`,
          `${ep.pointer}/scrapeAnnotations`,
        ),
      );
    } else {
      for (const [key, value] of Object.entries(wanted)) pod.addPodAnnotation(key, value);
    }
  }

  if (ep.serviceMonitor?.enabled) pod.addObject(serviceMonitor(app, ep));
}

function scrapeAnnotationClash(
  pod: PodBuilder,
  app: AppDto,
  wanted: Record<string, string>,
): { key: string; value: string; by: string } | undefined {
  const sources: [Record<string, string>, string][] = [
    [pod.podAnnotations, 'another adapter'],
    [app.podAnnotations ?? {}, 'app.podAnnotations'],
  ];
  for (const [annotations, by] of sources) {
    for (const [key, value] of Object.entries(annotations)) {
      const ours = key === SCRAPE || key === SCRAPE_PORT || key === SCRAPE_PATH || key.startsWith(SCRAPE_PARAM);
      if (ours && wanted[key] !== value) return { key, value, by };
    }
  }
  return undefined;
}

function serviceMonitor(app: AppDto, ep: MetricsEndpoint) {
  const sm = ep.serviceMonitor!;
  const params = Object.entries(ep.params ?? {});
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: `${app.name}-${ep.adapter}`,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      labels: sortKeys({ ...(sm.labels ?? {}), ...commonLabels(app) }),
    },
    spec: {
      selector: { matchLabels: selectorLabels(app) },
      endpoints: [
        {
          port: ep.portName,
          path: ep.path,
          ...(sm.interval ? { interval: sm.interval } : {}),
          ...(params.length ? { params: Object.fromEntries(params.map(([k, v]) => [k, [v]])) } : {}),
        },
      ],
    },
  };
}
