// values.yaml of a generated chart: every tunable, with defaults that make the chart render the
// very bundle the same request gives. Each helper has a block (keyed by its name under sidecars,
// ambassadors or adapters) holding the parts it added to the pod, already composed: its
// containers, volumes, config files, the env vars and mounts it gives the app, its Service ports
// and annotations. The templates render a block only when it is enabled.
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Volume as Volume } from 'kubernetes-models/v1/Volume';
import { utilizationMetrics } from '../../generate/autoscaler.js';
import { appServicePorts } from '../../generate/compose-bundle.js';
import { commonLabels, selectorLabels } from '../../model/labels.js';
import {
  DEFAULT_DNS_TO,
  DEFAULT_METRICS_FROM,
  DNS_PORTS,
  egressPurpose,
  extraEgressRules,
  servicePolicyPort,
  statefulSetPeerPorts,
  uniquePorts,
} from '../../generate/network-policy.js';
import type { K8sObject } from '../../model/bundle.js';
import type { AppMetricsDto } from '../../request/app.js';
import type { BundleRequest } from '../../request/bundle.js';
import { appMetricsPortName } from '../../generate/compose-bundle.js';
import { DEFAULT_IMAGES, mirrorImage, splitRegistry } from '../../compose/images.js';
import type { BundleParts, HelperGroup, HelperPart } from './bundle-parts.js';
import { routingValues } from './routing-values.js';
import { REQUEST_DEFAULTS } from '../../model/request-defaults.js';
import { IMAGE_PATTERNS, splitImage } from './image-ref.js';
import { PATTERNS } from './k8s-value-schemas.js';

const REGISTRY = new RegExp(PATTERNS.imageRegistry);
const REPOSITORY = new RegExp(IMAGE_PATTERNS.repository);

export type Values = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are walked as plain JSON
type Obj = Record<string, any>;

export const HELPER_GROUPS: readonly HelperGroup[] = ['sidecars', 'ambassadors', 'adapters'];

const isEmpty = (v: unknown) =>
  v === undefined ||
  (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);
/** Keeps only the entries that hold something. */
const compact = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => !isEmpty(v)));

/** An image block: Bitnami's registry / repository split (global.imageRegistry replaces the registry), tag, digest. */
function imageValues(reference: string, pullPolicy: string | undefined) {
  const { repository, tag, digest } = splitImage(reference);
  const { registry, path } = splitRegistry(repository);
  // a first segment Docker reads as a registry but the values grammar cannot hold stays in the repository
  const splits = registry !== '' && REGISTRY.test(registry) && REPOSITORY.test(path);
  return {
    registry: splits ? registry : '',
    repository: splits ? path : repository,
    tag,
    digest,
    pullPolicy: pullPolicy ?? '',
  };
}

export function buildValues(parts: BundleParts): Values {
  const request = parts.request;
  const app = request.app;
  const { bundle, workload, main } = parts;
  const spec = workload.spec as Obj;
  const podSpec = spec.template.spec as Obj;
  const statefulSet = workload.kind === 'StatefulSet';
  const serviceAccount = bundle.manifests.find((o) => o.kind === 'ServiceAccount') as Obj;
  const service = bundle.manifests.find((o) => o.kind === 'Service' && o.metadata?.name === app.name) as
    Obj | undefined;
  const claim = statefulSet ? (spec.volumeClaimTemplates?.[0] as Obj | undefined) : undefined;
  const storageMount = claim ? main.volumeMounts?.find((m) => m.name === claim.metadata.name) : undefined;
  const labels = (workload.metadata as Obj).labels as Record<string, string>;

  // app.volumes: their volumes and the app's mounts of them (a helper's mount of one stays the helper's)
  const extraNames = new Set((app.volumes ?? []).map((v) => v.name));
  const extraMount = (m: { name: string; mountPath: string }) =>
    extraNames.has(m.name) && app.volumes!.some((v) => v.name === m.name && v.mountPath === m.mountPath);
  const ownMounts = (main.volumeMounts ?? []).filter((m) => m !== storageMount);

  const values: Values = {
    global: { imageRegistry: '', imagePullSecrets: [] },
    nameOverride: '',
    fullnameOverride: '',
    // the bundle names the namespace on every object when the app gives one
    setNamespace: Boolean(app.namespace),
    commonLabels: {},
    commonAnnotations: {},
    labels: app.labels ?? {},
    component: labels['app.kubernetes.io/component'],
    partOf: labels['app.kubernetes.io/part-of'],
    image: imageValues(main.image!, main.imagePullPolicy),
    // with an HPA the workload has no replicas: the count the chart uses when autoscaling is off
    replicaCount: spec.replicas ?? app.replicas ?? app.autoscaling?.minReplicas,
    command: main.command ?? [],
    args: main.args ?? [],
    ports: main.ports ?? [],
    env: main.env ?? [],
    envFrom: main.envFrom ?? [],
    resources: main.resources ?? {},
    probes: {
      startup: main.startupProbe ?? {},
      readiness: main.readinessProbe ?? {},
      liveness: main.livenessProbe ?? {},
    },
    securityContext: main.securityContext ?? {},
    podSecurityContext: podSpec.securityContext ?? {},
    volumes: parts.appVolumes.filter((v) => !extraNames.has(v.name)),
    volumeMounts: ownMounts.filter((m) => !extraMount(m)),
    extraVolumes: parts.appVolumes.filter((v) => extraNames.has(v.name)),
    extraVolumeMounts: ownMounts.filter(extraMount),
    workloadAnnotations: app.annotations ?? {},
    podAnnotations: app.podAnnotations ?? {},
    podLabels: {},
    imagePullSecrets: podSpec.imagePullSecrets ?? [],
    nodeSelector: podSpec.nodeSelector ?? {},
    tolerations: podSpec.tolerations ?? [],
    affinity: podSpec.affinity ?? {},
    topologySpreadConstraints: podSpec.topologySpreadConstraints ?? [],
    priorityClassName: podSpec.priorityClassName ?? '',
    serviceAccount: {
      create: true,
      name: serviceAccount.metadata.name === app.name ? '' : serviceAccount.metadata.name,
      automount: serviceAccount.automountServiceAccountToken,
      annotations: serviceAccount.metadata.annotations ?? {},
    },
    service: {
      type: service?.spec.type ?? app.serviceType ?? 'ClusterIP',
      annotations: {},
      // the app's own ports, those a helper in front of the app replaces included (they return when it is off)
      ports: appServicePorts(app),
    },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  };
  values.autoscaling = autoscalingValues(bundle.manifests, app, values.replicaCount as number);
  values.networkPolicy = networkPolicyValues(app, statefulSet);
  if (statefulSet) {
    values.podManagementPolicy = spec.podManagementPolicy;
    if (claim && storageMount) {
      values.persistence = {
        name: claim.metadata.name,
        mountPath: storageMount.mountPath,
        size: claim.spec.resources.requests.storage,
        accessModes: claim.spec.accessModes,
        storageClassName: claim.spec.storageClassName ?? '',
      };
    }
  }
  if (app.metrics) values.metrics = metricsValues(app, app.metrics);
  values.tests = testValues(request);
  Object.assign(values, routingValues(parts));
  values.helperOrder = parts.helpers.map((h) => `${h.group}/${h.name}`);
  for (const group of HELPER_GROUPS) {
    values[group] = Object.fromEntries(
      parts.helpers.filter((h) => h.group === group).map((h) => [h.name, helperBlock(h, request)]),
    );
  }
  return values;
}

/**
 * The HPA's settings, its metrics as the bundle's HPA has them; without one, a starting point
 * (helm create's CPU target, 80%) for turning it on.
 */
function autoscalingValues(manifests: K8sObject[], app: BundleRequest['app'], replicaCount: number) {
  const hpa = manifests.find((o) => o.kind === 'HorizontalPodAutoscaler') as Obj | undefined;
  if (!hpa) {
    const minReplicas = Math.max(1, replicaCount);
    const metrics = utilizationMetrics(app, { targetCPUUtilizationPercentage: 80 });
    return { enabled: false, minReplicas, maxReplicas: Math.max(10, minReplicas), metrics, behavior: {} };
  }
  const { minReplicas, maxReplicas, metrics, behavior } = hpa.spec;
  return { enabled: true, minReplicas, maxReplicas, metrics, behavior: behavior ?? {} };
}

function networkPolicyValues(app: BundleRequest['app'], statefulSet: boolean) {
  const np = app.networkPolicy ?? {};
  return {
    enabled: app.networkPolicy !== undefined,
    ingressFrom: np.ingressFrom ?? [],
    metricsFrom: np.metricsFrom ?? DEFAULT_METRICS_FROM,
    // the app's own Service ports (a helper in front of the app takes some over: its block says which)
    appPorts: appServicePorts(app).map(servicePolicyPort),
    peerPorts: statefulSet ? statefulSetPeerPorts(app) : [],
    egress: np.egress ?? 'allow',
    dnsTo: np.dnsTo ?? DEFAULT_DNS_TO,
    dnsPorts: DNS_PORTS.map((p) => ({ ...p })),
    extraEgress: extraEgressRules(np),
  };
}

/** The app's own metrics endpoint, with the ServiceMonitor option (on when the request asked for it). */
function metricsValues(app: BundleRequest['app'], metrics: AppMetricsDto) {
  const sm = metrics.serviceMonitor;
  return {
    port: appMetricsPortName(app, metrics),
    path: metrics.path ?? REQUEST_DEFAULTS.metricsPath,
    serviceMonitor: { enabled: sm?.enabled ?? false, interval: sm?.interval ?? '', labels: sm?.labels ?? {} },
  };
}

function testValues(request: BundleRequest) {
  const busybox = DEFAULT_IMAGES.busybox;
  return {
    enabled: true,
    image: imageValues(mirrorImage(busybox.image, request.target?.registryMirror), 'IfNotPresent'),
    runAsUser: busybox.runAsUser,
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
  };
}

/**
 * A helper's block. Its image and resources are the block's `image` and `resources`; a container
 * keeps its own only where it differs from them.
 */
function helperBlock(h: HelperPart, request: BundleRequest): Obj {
  const first = h.containers[0]?.container;
  const image = first?.image ?? '';
  const pullPolicy = first?.imagePullPolicy;
  const resources = first?.resources ?? {};
  const strip = (c: Container): Container => {
    const out: Obj = structuredClone(c);
    if (out.image === image) delete out.image;
    if (out.imagePullPolicy === pullPolicy) delete out.imagePullPolicy;
    if (JSON.stringify(out.resources ?? {}) === JSON.stringify(resources)) delete out.resources;
    return out as Container;
  };
  const owners = new Set(h.configMaps.map((c) => c.owner));
  const configMapOwner = (name: string) => [...owners].find((owner) => `${request.app.name}-${owner}` === name);
  const volumes = h.volumes.map((v): Volume => {
    const owner = v.configMap ? configMapOwner(v.configMap.name!) : undefined;
    return owner ? { ...v, configMap: { ...v.configMap, name: owner } } : v;
  });
  return {
    enabled: true,
    image: imageValues(image, pullPolicy),
    resources,
    initContainers: h.containers.filter((c) => c.placement !== 'container').map((c) => strip(c.container)),
    containers: h.containers.filter((c) => c.placement === 'container').map((c) => strip(c.container)),
    // each container's role for the roles annotation, in the order the pod lists them
    roles: h.containers.map(({ container }) => ({ container: container.name, role: `${h.kind}/${h.preset}` })),
    ...compact({
      volumes,
      config: Object.fromEntries(h.configMaps.map((c) => [c.owner, c.data])),
      appEnv: h.appEnv,
      appVolumeMounts: h.appVolumeMounts,
      servicePorts: h.servicePorts,
      frontServicePorts: h.frontServicePorts,
      replacesServicePorts: h.replacesServicePorts,
      podAnnotations: h.podAnnotations,
      serviceAnnotations: h.serviceAnnotations,
      objects: h.objects.map((o) => objectValues(o, request)),
      networkPolicy: networkPolicyBlock(h, request.app),
    }),
  };
}

/** The helper's part of the NetworkPolicy: the ports it serves and takes over, the egress it needs and why. */
function networkPolicyBlock(h: HelperPart, app: BundleRequest['app']): Obj {
  const egress = h.egress.map((e) => ({ ...e, helper: h.name }));
  const appPorts = appServicePorts(app);
  return compact({
    ports: h.servicePorts.map(servicePolicyPort),
    frontPorts: h.frontServicePorts.map(servicePolicyPort),
    replacesAppPorts: appPorts.filter((p) => h.replacesServicePorts.includes(p.name)).map(servicePolicyPort),
    egressPorts: uniquePorts(egress.map((e) => ({ port: e.port, protocol: e.protocol }))),
    egressPurposes: egress.map(egressPurpose),
  });
}

/**
 * An extra object (e.g. a ServiceMonitor) as values: named <fullname><nameSuffix>, labelled with
 * the chart's labels plus its own, and with `selectRelease` when its spec.selector selects this
 * release's pods (the template fills in the release's selector labels).
 */
function objectValues(object: K8sObject, request: BundleRequest): Obj {
  const app = request.app;
  const { name, namespace: _namespace, labels, ...metadata } = (object.metadata ?? {}) as Obj;
  if (name !== app.name && !String(name).startsWith(`${app.name}-`)) {
    throw new Error(`chart: extra object ${object.kind}/${name} is not named after the app`);
  }
  const common = commonLabels(app);
  const ownLabels = Object.fromEntries(
    Object.entries((labels ?? {}) as Record<string, string>).filter(([k, v]) => common[k] !== v),
  );
  const { apiVersion, kind, metadata: _m, ...body } = structuredClone(object) as Obj;
  const selector = body.spec?.selector;
  const selectRelease = JSON.stringify(selector) === JSON.stringify({ matchLabels: selectorLabels(app) });
  if (selectRelease) delete body.spec.selector;
  return {
    apiVersion,
    kind,
    nameSuffix: String(name).slice(app.name.length),
    ...compact({ labels: ownLabels, annotations: metadata.annotations }),
    ...(selectRelease ? { selectRelease: true } : {}),
    ...body,
  };
}
