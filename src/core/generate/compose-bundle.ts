// App description in, bundle out: builds the pod, lets each preset add to it, wraps it in the
// workload and its companions, then runs the rules engine. An error finding means no bundle.
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { Bundle, ContainerSummary, K8sObject } from '../model/bundle.js';
import { BundleRuleError, InvalidRequestError, rootUserRefused } from '../model/errors.js';
import type { AppDto, AppMetricsDto, ProbeDto } from '../request/app.js';
import type { BundleRequest } from '../request/bundle.js';
import { plainRequest } from '../model/plain-request.js';
import { KIND_FIELD, type PresetKind } from '../presets/preset.js';
import type { Preset, PresetParams } from '../presets/preset.js';
import { findPreset } from '../presets/registry.js';
import { BundleRequestDto } from '../input/bundle-request.js';
import { checkGenerated } from '../rules/engine.js';
import { checkAutoscaling, horizontalPodAutoscaler, minimumReplicas } from './autoscaler.js';
import { commonLabels, ROLES_ANNOTATION, selectorLabels, sortKeys } from '../model/labels.js';
import {
  checkNetworkPolicy,
  networkPolicy,
  servicePolicyPort,
  statefulSetPeerPorts,
  type HelperEgress,
} from './network-policy.js';
import { PodBuilder } from '../compose/pod-builder.js';
import { routingObjects, routingPolicyFindings } from './routing.js';
import { appSecurityContext, podSecurityContext } from '../compose/security.js';
import { resolveTarget } from '../compose/target.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';
import { addAppVolumes, checkPodFields, podPlacement, reserveAppVolumes } from './pod-fields.js';

const KINDS: PresetKind[] = ['sidecar', 'ambassador', 'adapter'];
const NOT_VALIDATED = 'composition takes a validated request: call validateBundleRequest() first';

/**
 * The bundle of a validated request: a BundleRequestDto, which only the HTTP pipe and
 * validateBundleRequest() make. Composition validates nothing again.
 */
export function composeBundle(input: BundleRequestDto): Bundle {
  return compose(input).bundle;
}

/** One composition: the request as composition read it, the bundle, and the pod with its record of who added what. */
export interface Composition {
  request: BundleRequest;
  bundle: Bundle;
  pod: PodBuilder;
}

/** composeBundle's composition, for the chart: the request is made plain data once, here, and returned with it. */
export function compose(input: BundleRequestDto): Composition {
  // the type says it; a caller from plain JavaScript learns it here
  if (!(input instanceof BundleRequestDto)) throw new TypeError(NOT_VALIDATED);
  return composeRequest(plainRequest(input));
}

function composeRequest(request: BundleRequest): Composition {
  const app = request.app;
  const target = resolveTarget(request.target);
  const workload = app.workload ?? REQUEST_DEFAULTS.workload;
  if (workload === 'Deployment' && app.storage) {
    throw new InvalidRequestError([
      { pointer: '/app/storage', detail: 'storage (volumeClaimTemplates) needs workload "StatefulSet"' },
    ]);
  }
  // at the request's own pointer, not as a rule finding deep in the generated Deployment
  if (app.securityContext?.runAsUser === 0 && target.podSecurity === 'restricted')
    throw new InvalidRequestError([rootUserRefused('/app/securityContext/runAsUser')]);
  checkAutoscaling(app);
  checkNetworkPolicy(app);
  if (app.metrics) appMetricsPortName(app, app.metrics);
  checkPodFields(app);

  const pod = new PodBuilder(app.name, app.namespace, target, mainContainer(app));
  reserveAppVolumes(pod, app);
  if (workload === 'StatefulSet' && !app.storage) {
    pod.addFinding({
      rule: 'app.statefulset-storage',
      severity: 'warning',
      message: `StatefulSet "${app.name}" has no storage: what it writes lives only in the pod and is lost when the pod is deleted or moved; give app.storage (a PersistentVolumeClaim per pod) to keep it`,
    });
  }
  if (app.storage) {
    pod.mountInMain(
      { name: app.storage.name ?? REQUEST_DEFAULTS.storageName, mountPath: app.storage.mountPath },
      '/app/storage/mountPath',
    );
  }
  (app.secretMounts ?? []).forEach((m, i) => {
    const name = pod.volumeNameFor(app.name, m.mountPath);
    pod.addVolume({ name, secret: { secretName: m.secretName, ...(m.optional ? { optional: true } : {}) } });
    pod.mountInMain({ name, mountPath: m.mountPath, readOnly: true }, `/app/secretMounts/${i}/mountPath`);
  });
  for (const path of writablePaths(app)) {
    const name = pod.volumeNameFor(app.name, path);
    pod.addVolume({ name, emptyDir: {} });
    pod.mountInMain({ name, mountPath: path }, '/app/securityContext/writablePaths');
  }
  addAppVolumes(pod, app);

  // Names are checked here, not only by the rules, so the error points at the request field.
  const seen = new Map<string, string>([[app.name, '/app/name']]);
  const egress: HelperEgress[] = [];
  for (const kind of KINDS) {
    (request[KIND_FIELD[kind]] ?? []).forEach((item, index) => {
      const { preset, params } = validatedItem(kind, item);
      const ptr = `/${KIND_FIELD[kind]}/${index}`;
      const clash = seen.get(params.name);
      if (clash) {
        throw new InvalidRequestError([
          {
            pointer: `${ptr}/name`,
            detail: `container name "${params.name}" is already used by ${clash}; names must be unique in the pod`,
          },
        ]);
      }
      seen.set(params.name, `${ptr}/name`);
      pod.ownedBy({ kind, name: params.name, preset: preset.id }, () =>
        preset.apply(pod, params, { app, target, pointer: ptr }),
      );
      egress.push(...pod.owned.at(-1)!.egress.map((need) => ({ ...need, helper: params.name })));
    });
  }

  const containers: ContainerSummary[] = [
    { name: app.name, role: 'main', placement: 'container' },
    ...pod.helperSummaries,
  ];
  const manifests = buildObjects(app, pod, containers, egress);
  const findings = [...pod.findings, ...checkGenerated(manifests, target.minor, target.podSecurity)];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new BundleRuleError(errors);
  const bundle = { manifests, findings, summary: { workload: { kind: workload, name: app.name }, containers } };
  return { request, bundle, pod };
}

/** A preset item as validation left it: an instance of its preset's parameter class. */
function validatedItem(kind: PresetKind, item: unknown): { preset: Preset; params: PresetParams } {
  const preset = findPreset(kind, (item as { preset?: string }).preset ?? '');
  if (!preset || !(item instanceof preset.params)) throw new TypeError(NOT_VALIDATED);
  return { preset, params: item as PresetParams };
}

function writablePaths(app: AppDto): string[] {
  const sc = app.securityContext ?? {};
  if (sc.readOnlyRootFilesystem === false) return sc.writablePaths ?? [];
  return [...new Set(['/tmp', ...(sc.writablePaths ?? [])])];
}

function mainContainer(app: AppDto): Container {
  const probes = app.probes ?? {};
  return {
    name: app.name,
    image: app.image,
    ...(app.imagePullPolicy ? { imagePullPolicy: app.imagePullPolicy } : {}),
    ...(app.command?.length ? { command: app.command } : {}),
    ...(app.args?.length ? { args: app.args } : {}),
    ...(app.ports?.length
      ? {
          ports: app.ports.map((p) => ({
            name: p.name,
            containerPort: p.containerPort,
            protocol: p.protocol ?? 'TCP',
          })),
        }
      : {}),
    ...(app.env?.length ? { env: app.env.map((e) => ({ ...e })) } : {}),
    ...(app.envFrom?.length ? { envFrom: structuredClone(app.envFrom) } : {}),
    // an empty resources is none (the chart, like Go templates, drops an empty map)
    ...(app.resources && Object.values(app.resources).some((v) => v !== undefined)
      ? { resources: app.resources as Container['resources'] }
      : {}),
    ...(probes.startup ? { startupProbe: toProbe(probes.startup) } : {}),
    ...(probes.readiness ? { readinessProbe: toProbe(probes.readiness) } : {}),
    ...(probes.liveness ? { livenessProbe: toProbe(probes.liveness) } : {}),
    securityContext: appSecurityContext(app),
  };
}

function toProbe(spec: ProbeDto): Probe {
  return JSON.parse(JSON.stringify(spec)) as Probe;
}

function meta(app: AppDto, name: string, extra: { annotations?: Record<string, string> } = {}) {
  return {
    name,
    ...(app.namespace ? { namespace: app.namespace } : {}),
    labels: commonLabels(app),
    ...(extra.annotations && Object.keys(extra.annotations).length ? { annotations: sortKeys(extra.annotations) } : {}),
  };
}

export function serviceAccountName(app: AppDto): string {
  return app.serviceAccount?.name ?? app.name;
}

/**
 * Objects in apply order: NetworkPolicy (so no pod runs unprotected), ServiceAccount, ConfigMaps,
 * Services, workload, HorizontalPodAutoscaler, PDB, extras.
 */
function buildObjects(
  app: AppDto,
  pod: PodBuilder,
  containers: ContainerSummary[],
  egress: HelperEgress[],
): K8sObject[] {
  const objects: K8sObject[] = [];
  const labels = commonLabels(app);
  const selector = selectorLabels(app);
  const replicas = app.replicas ?? REQUEST_DEFAULTS.replicas;
  const workload = app.workload ?? REQUEST_DEFAULTS.workload;
  const automount = app.serviceAccount?.automountToken ?? REQUEST_DEFAULTS.automountToken;
  // what the app's clients reach: its own ports, except those a front helper took over, then the front helpers'
  const clientPorts = [
    ...appServicePorts(app).filter((p) => !pod.replacedAppServicePorts.includes(p.name)),
    ...pod.frontServicePorts,
  ];

  if (app.networkPolicy) {
    const ports = {
      app: clientPorts.map(servicePolicyPort),
      helpers: pod.servicePorts.map(servicePolicyPort),
      peers: workload === 'StatefulSet' ? statefulSetPeerPorts(app) : [],
    };
    objects.push(networkPolicy(app.networkPolicy, selector, ports, egress, meta(app, app.name)));
  }

  objects.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(app, serviceAccountName(app), { annotations: app.serviceAccount?.annotations }),
    automountServiceAccountToken: automount,
  });

  for (const cm of pod.configMapList) {
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(app, cm.name), data: cm.data });
  }

  const servicePorts = [...clientPorts, ...pod.servicePorts];
  const headlessName = `${app.name}-headless`;
  if (workload === 'StatefulSet') {
    const headlessPorts = (app.ports ?? []).map((p) => ({
      name: p.name,
      port: p.containerPort,
      targetPort: p.name,
      protocol: p.protocol ?? 'TCP',
    }));
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, headlessName),
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector,
        ...(headlessPorts.length ? { ports: headlessPorts } : {}),
      },
    });
  }
  if (servicePorts.length) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, app.name, { annotations: pod.serviceAnnotations }),
      spec: { type: app.serviceType ?? 'ClusterIP', selector, ports: servicePorts },
    });
  }

  // written member by member in container order, as the chart writes it: an object would put
  // integer-like names ("5") first
  const roles = `{${containers.map((c) => `${JSON.stringify(c.name)}:${JSON.stringify(c.preset ? `${c.role}/${c.preset}` : c.role)}`).join(',')}}`;
  const podAnnotations = sortKeys({
    ...(app.podAnnotations ?? {}),
    ...pod.podAnnotations,
    [ROLES_ANNOTATION]: roles,
  });
  const initContainers = pod.initContainers;
  const template = {
    metadata: { labels, annotations: podAnnotations },
    spec: {
      serviceAccountName: serviceAccountName(app),
      automountServiceAccountToken: automount,
      securityContext: podSecurityContext(app),
      ...(initContainers.length ? { initContainers } : {}),
      containers: [pod.main, ...pod.regularHelpers],
      ...(pod.volumeList.length ? { volumes: pod.volumeList } : {}),
      ...podPlacement(app),
    },
  };

  if (workload === 'StatefulSet') {
    const storage = app.storage;
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(app, app.name, { annotations: app.annotations }),
      spec: {
        serviceName: headlessName,
        ...(app.autoscaling ? {} : { replicas }),
        podManagementPolicy: app.podManagementPolicy ?? 'OrderedReady',
        selector: { matchLabels: selector },
        template,
        ...(storage
          ? {
              volumeClaimTemplates: [
                {
                  apiVersion: 'v1',
                  kind: 'PersistentVolumeClaim',
                  metadata: { name: storage.name ?? REQUEST_DEFAULTS.storageName, labels: selector },
                  spec: {
                    accessModes: storage.accessModes ?? [...REQUEST_DEFAULTS.accessModes],
                    ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
                    resources: { requests: { storage: storage.size } },
                  },
                },
              ],
            }
          : {}),
      },
    });
  } else {
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(app, app.name, { annotations: app.annotations }),
      spec: { ...(app.autoscaling ? {} : { replicas }), selector: { matchLabels: selector }, template },
    });
  }

  if (app.autoscaling) objects.push(horizontalPodAutoscaler(app, app.autoscaling, workload, meta(app, app.name)));

  if (minimumReplicas(app) > 1) {
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(app, app.name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    });
  }

  if (app.metrics?.serviceMonitor?.enabled) objects.push(appServiceMonitor(app, app.metrics));

  // the Ingress and HTTPRoute to the Service
  const metadata = (annotations?: Record<string, string>) => meta(app, app.name, { annotations });
  objects.push(...routingObjects({ app, servicePorts, frontServicePorts: pod.frontServicePorts, metadata }));
  for (const finding of routingPolicyFindings(app)) pod.addFinding(finding);

  for (const extra of pod.extraObjects) objects.push(extra);
  return objects;
}

/** The Service port name under which the app serves its metrics; a request error when the Service has no such port. */
export function appMetricsPortName(app: AppDto, metrics: AppMetricsDto): string {
  const ports = appServicePorts(app);
  // a number is the container port or the Service port of an exposed app port
  const port =
    typeof metrics.port === 'number'
      ? ports.find(
          (p) =>
            p.port === metrics.port || app.ports?.some((a) => a.name === p.name && a.containerPort === metrics.port),
        )
      : ports.find((p) => p.name === metrics.port);
  if (!port) {
    const known = ports.length
      ? `the Service's ports are ${ports.map((p) => `"${p.name}" (${p.port})`).join(', ')}`
      : 'the app exposes no ports on its Service';
    throw new InvalidRequestError([
      { pointer: '/app/metrics/port', detail: `the app has no Service port ${JSON.stringify(metrics.port)}; ${known}` },
    ]);
  }
  return port.name;
}

/** A ServiceMonitor (prometheus-operator) for the app's own metrics, on its Service. */
function appServiceMonitor(app: AppDto, metrics: AppMetricsDto): K8sObject {
  const sm = metrics.serviceMonitor!;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: app.name,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      labels: sortKeys({ ...(sm.labels ?? {}), ...commonLabels(app) }),
    },
    spec: {
      selector: { matchLabels: selectorLabels(app) },
      endpoints: [
        {
          port: appMetricsPortName(app, metrics),
          path: metrics.path ?? REQUEST_DEFAULTS.metricsPath,
          ...(sm.interval ? { interval: sm.interval } : {}),
        },
      ],
    },
  };
}

/** The app's own Service ports: those not marked expose: false. */
export function appServicePorts(app: AppDto): (ServicePort & { name: string })[] {
  return (app.ports ?? [])
    .filter((p) => p.expose !== false)
    .map((p) => ({
      name: p.name,
      port: p.servicePort ?? p.containerPort,
      targetPort: p.name,
      protocol: p.protocol ?? 'TCP',
    }));
}

export type { VolumeMount };
