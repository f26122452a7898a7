// values.schema.json of a generated chart (JSON Schema draft-07, which Helm 3 and 4 both check).
// Closed objects, enums and patterns everywhere, so `helm install --set replicaCount=abc` or a
// misspelt key fails with a message naming the field. Helper blocks are keyed by the helpers the
// chart has; their resources follow the same schema as a preset item's resources in a request.
import { PROMETHEUS_DURATION } from '../../model/grammars.js';
import { refName, retargetRefs } from '../../model/json-schema.js';
import { presetParamSchema } from '../../presets/param-schema.js';
import type { Preset } from '../../presets/preset.js';
import { findPreset } from '../../presets/registry.js';
import type { BundleParts, HelperPart } from './bundle-parts.js';
import { describeDefinitions } from './k8s-value-docs.js';
import { K8S_DEFINITIONS, PATTERNS, ref, schemaHelpers } from './k8s-value-schemas.js';
import { HELPER_GROUPS, type Values } from './values.js';
import { routingValuesSchema } from './routing-values.js';

type Schema = Record<string, unknown>;
const { str, int, strings, closed, arrayOf, quantity } = schemaHelpers;

const pullSecretName = str('a Secret of type kubernetes.io/dockerconfigjson', {
  maxLength: 253,
  pattern: PATTERNS.dnsSubdomain,
});

const nameOverride = (what: string) => str(what, { maxLength: 63, pattern: `^$|${PATTERNS.dnsLabel}` });

/** The helper resources schema of a preset's parameters, with its refs moved under #/definitions. */
function helperResourceDefinitions(preset: Preset): Record<string, Schema> {
  const schema = presetParamSchema(preset) as { $defs: Record<string, Schema> };
  const rename: Record<string, string> = { HelperResources: 'helperResources', QuantityMap: 'helperQuantities' };
  const rewrite = (node: unknown) => retargetRefs(node, (ref) => `#/definitions/${rename[refName(ref)]}`) as Schema;
  return Object.fromEntries(Object.entries(rename).map(([from, to]) => [to, rewrite(schema.$defs[from])]));
}

/**
 * The definitions of values.schema.json: the Kubernetes ones and, with a helper, the helper
 * resources of the first helper's preset, described.
 */
export function valuesDefinitions(preset: Preset | undefined): Schema {
  return describeDefinitions({ ...K8S_DEFINITIONS, ...(preset ? helperResourceDefinitions(preset) : {}) });
}

/** They depend on that preset alone (the tables are static): made once per preset, shared frozen. */
const definitionsByPreset = new Map<Preset | undefined, Schema>();

function chartDefinitions(parts: BundleParts): Schema {
  const preset = parts.helpers.map((h) => findPreset(h.kind, h.preset)).find(Boolean);
  let definitions = definitionsByPreset.get(preset);
  if (!definitions) {
    definitions = deepFreeze(valuesDefinitions(preset));
    definitionsByPreset.set(preset, definitions);
  }
  return definitions;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function helperSchema(h: HelperPart, block: Record<string, unknown>): Schema {
  const preset = findPreset(h.kind, h.preset);
  const owners = Object.keys((block.config as Record<string, unknown>) ?? {});
  const files = {
    type: 'object',
    description: 'file name -> content',
    propertyNames: { pattern: PATTERNS.configKey },
    additionalProperties: { type: 'string' },
  };
  return closed(
    {
      enabled: {
        type: 'boolean',
        description: `run the ${h.kind} (false removes its containers, volumes, config, env vars, Service ports and annotations)`,
      },
      image: ref('image', 'image of its containers'),
      resources: ref('helperResources', 'requests and limits of its containers'),
      initContainers: arrayOf(
        ref('container'),
        "its init containers (native sidecars have restartPolicy: Always); image and resources default to the block's",
      ),
      containers: arrayOf(ref('container'), "its regular containers; image and resources default to the block's"),
      roles: arrayOf(
        closed(
          {
            container: str('the container', { pattern: PATTERNS.dnsLabel }),
            role: str('<pattern>/<preset>, e.g. sidecar/log-forwarder', {
              pattern: '^(sidecar|ambassador|adapter)/[a-z0-9-]+$',
            }),
          },
          ['container', 'role'],
        ),
        "each container's role, written into the pod's roles annotation so validators recognise the pattern",
      ),
      volumes: arrayOf(
        ref('volume'),
        "pod volumes it adds (a configMap name that is a key of config refers to this chart's ConfigMap)",
      ),
      config: closed(
        Object.fromEntries(owners.map((o) => [o, files])),
        owners,
        'config files, one ConfigMap <fullname>-<key> each; a change rolls the pods',
      ),
      appEnv: arrayOf(ref('envVar'), 'env vars it gives the app container'),
      appVolumeMounts: arrayOf(ref('volumeMount'), 'mounts it gives the app container'),
      servicePorts: arrayOf(ref('servicePort'), 'ports it adds to the Service'),
      frontServicePorts: arrayOf(
        ref('servicePort'),
        "Service ports for the app's clients it serves in front of the app (a NetworkPolicy opens them to ingressFrom)",
      ),
      replacesServicePorts: arrayOf(
        str(undefined, { pattern: PATTERNS.portName }),
        "names of the app's Service ports (service.ports) its front ports take the place of",
      ),
      podAnnotations: ref('annotations', 'annotations it adds to the pod template'),
      serviceAnnotations: ref('annotations', 'annotations it adds to the Service'),
      networkPolicy: closed(
        {
          ports: arrayOf(ref('networkPolicyPort'), 'its Service ports as the NetworkPolicy opens them to metricsFrom'),
          frontPorts: arrayOf(
            ref('networkPolicyPort'),
            'its front Service ports as the NetworkPolicy opens them to ingressFrom',
          ),
          replacesAppPorts: arrayOf(
            ref('networkPolicyPort'),
            'entries of networkPolicy.appPorts its front ports take the place of',
          ),
          egressPorts: arrayOf(
            ref('networkPolicyPort'),
            'ports it connects to outside the pod; a NetworkPolicy with restricted egress allows them',
          ),
          egressPurposes: arrayOf(
            str(),
            "what each egress port is for, listed in the NetworkPolicy's egress annotation",
          ),
        },
        [],
        'its part of the NetworkPolicy',
      ),
      objects: arrayOf(
        closed(
          {
            apiVersion: str('apiVersion of the object', { pattern: '^([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?$' }),
            kind: str('kind of the object', { pattern: '^[A-Z][A-Za-z0-9]*$' }),
            nameSuffix: str('the object is named <fullname><nameSuffix>', {
              pattern: '^$|^-[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            }),
            labels: ref('labels', 'labels of the object, beside the chart’s own'),
            annotations: ref('annotations', 'annotations of the object'),
            selectRelease: {
              type: 'boolean',
              description: "set spec.selector.matchLabels to this release's selector labels",
            },
            spec: { type: 'object', description: 'spec of the object' },
          },
          ['apiVersion', 'kind', 'nameSuffix'],
        ),
        'objects it adds beside the pod (e.g. a ServiceMonitor)',
      ),
    },
    ['enabled', 'image', 'resources', 'initContainers', 'containers', 'roles'],
    `${h.kind} "${h.name}": ${preset?.title ?? h.preset}`,
  );
}

export function buildValuesSchema(values: Values, parts: BundleParts): Schema {
  const statefulSet = parts.workload.kind === 'StatefulSet';
  const properties: Record<string, Schema> = {
    global: {
      type: 'object',
      description: 'values shared with parent and sub-charts',
      properties: {
        imageRegistry: str(
          "replaces the registry of every image, the helpers' and the test pod's included (\"\" keeps each image's own)",
          {
            pattern: `^$|${PATTERNS.imageRegistry}`,
          },
        ),
        imagePullSecrets: arrayOf(
          { oneOf: [pullSecretName, closed({ name: pullSecretName }, ['name'])] },
          'pull Secrets (names or {name}) added before imagePullSecrets',
        ),
      },
    },
    nameOverride: nameOverride('replaces the chart name in object names'),
    fullnameOverride: nameOverride('replaces the full object name (<release>-<chart>)'),
    setNamespace: { type: 'boolean', description: 'write metadata.namespace (the release namespace) on every object' },
    commonLabels: ref('labels', 'labels on every object and the pods (labels and the recommended labels win)'),
    commonAnnotations: ref('annotations', "annotations on every object (an object's own win)"),
    labels: ref('labels', 'extra labels on every object'),
    component: str('app.kubernetes.io/component label', { pattern: PATTERNS.labelValue }),
    partOf: str('app.kubernetes.io/part-of label', { pattern: PATTERNS.labelValue }),
    image: ref('image', 'the app image'),
    replicaCount: { ...int(0), description: `pods of the ${parts.workload.kind} (while autoscaling is off)` },
    command: { ...strings, description: 'app container command (the image entrypoint when empty)' },
    args: { ...strings, description: 'app container args' },
    ports: arrayOf(ref('containerPort'), 'app container ports'),
    env: arrayOf(ref('envVar'), 'app container env vars'),
    envFrom: arrayOf(ref('envFrom'), 'app container env vars from every key of ConfigMaps or Secrets'),
    resources: ref('resources', 'app container requests and limits'),
    probes: closed(
      {
        startup: ref('probe', 'app startup probe ({} for none)'),
        readiness: ref('probe', 'app readiness probe ({} for none)'),
        liveness: ref('probe', 'app liveness probe ({} for none)'),
      },
      ['startup', 'readiness', 'liveness'],
      'app container probes',
    ),
    securityContext: ref('securityContext', 'app container security context'),
    podSecurityContext: ref('podSecurityContext', 'pod security context'),
    volumes: arrayOf(ref('volume'), "the app's own pod volumes (helpers bring theirs in their blocks)"),
    volumeMounts: arrayOf(ref('volumeMount'), "the app container's own mounts"),
    extraVolumes: arrayOf(ref('volume'), "more pod volumes (the request's app.volumes)"),
    extraVolumeMounts: arrayOf(ref('volumeMount'), "more mounts of the app container (the request's app.volumes)"),
    workloadAnnotations: ref('annotations', `annotations on the ${parts.workload.kind}`),
    podAnnotations: ref('annotations', 'annotations on the pod template'),
    podLabels: ref('labels', 'extra labels on the pod template'),
    imagePullSecrets: arrayOf(
      closed({ name: pullSecretName }, ['name']),
      'pull Secrets of the pods (private registries)',
    ),
    nodeSelector: ref('stringMap', 'node labels the pods must match'),
    tolerations: arrayOf(ref('toleration'), 'pod tolerations'),
    affinity: ref('affinity', 'pod affinity rules'),
    topologySpreadConstraints: arrayOf(ref('topologySpreadConstraint'), 'how the pods spread over zones or nodes'),
    priorityClassName: str('PriorityClass of the pods ("" for the cluster default)', {
      maxLength: 253,
      pattern: `^$|${PATTERNS.dnsSubdomain}`,
    }),
    serviceAccount: closed(
      {
        create: { type: 'boolean', description: 'create the ServiceAccount' },
        name: str('its name ("" for the full name)', { maxLength: 253, pattern: `^$|${PATTERNS.dnsSubdomain}` }),
        automount: { type: 'boolean', description: 'mount the API token into the pods' },
        annotations: ref('annotations', 'ServiceAccount annotations (e.g. a cloud IAM role)'),
      },
      ['create', 'name', 'automount', 'annotations'],
      "the pods' ServiceAccount",
    ),
    service: closed(
      {
        type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'], description: 'Service type' },
        annotations: ref('annotations', 'extra Service annotations'),
        ports: arrayOf(ref('servicePort'), "the app's Service ports (helpers add theirs)"),
      },
      ['type', 'annotations', 'ports'],
      'the Service (made when it has ports)',
    ),
    podDisruptionBudget: closed(
      {
        enabled: { type: 'boolean', description: 'make a PodDisruptionBudget when replicaCount > 1' },
        maxUnavailable: {
          oneOf: [int(0), str(undefined, { pattern: PATTERNS.percentOrInt })],
          description: 'pods that may be down at once during voluntary disruptions (number or percentage)',
        },
      },
      ['enabled', 'maxUnavailable'],
      'made when the fewest pods (replicaCount, or autoscaling.minReplicas with autoscaling) is more than 1',
    ),
    autoscaling: closed(
      {
        enabled: {
          type: 'boolean',
          description: `a HorizontalPodAutoscaler scales the ${parts.workload.kind} (which then carries no replicas, so an upgrade never resets its count)`,
        },
        minReplicas: { ...int(1), description: 'fewest pods' },
        maxReplicas: { ...int(1), description: 'most pods (at least minReplicas: the API server refuses fewer)' },
        metrics: {
          ...arrayOf(ref('hpaMetric')),
          minItems: 1,
          description:
            "what it scales on: the app container's utilisation of a resource, in percent of its request (so the app needs resources.requests of that resource)",
        },
        behavior: closed(
          {
            scaleUp: ref('hpaScalingRules', 'how fast pods are added'),
            scaleDown: ref('hpaScalingRules', 'how fast pods are removed'),
          },
          [],
          "the HPA's scaling behavior (stabilization windows, policies)",
        ),
      },
      ['enabled', 'minReplicas', 'maxReplicas', 'metrics', 'behavior'],
      "the HorizontalPodAutoscaler (autoscaling/v2, on the app container's own utilisation)",
    ),
    networkPolicy: closed(
      {
        enabled: { type: 'boolean', description: 'a NetworkPolicy for the pods' },
        ingressFrom: arrayOf(ref('networkPeer'), "who may reach the app's Service ports ([] for anyone)"),
        metricsFrom: arrayOf(
          ref('networkPeer'),
          "who may reach the helpers' Service ports, i.e. metrics ([] for anyone)",
        ),
        appPorts: arrayOf(ref('networkPolicyPort'), "the app's Service ports as the policy opens them to ingressFrom"),
        peerPorts: arrayOf(
          ref('networkPolicyPort'),
          "ports the pods reach each other on (a StatefulSet's members: every app port)",
        ),
        egress: {
          type: 'string',
          enum: ['allow', 'restricted'],
          description: "restricted: only DNS, the enabled helpers' egress and extraEgress",
        },
        dnsTo: arrayOf(ref('networkPeer'), 'with restricted egress: where DNS may go ([] for anywhere)'),
        dnsPorts: arrayOf(ref('networkPolicyPort'), 'with restricted egress: the DNS ports'),
        extraEgress: arrayOf(
          closed(
            {
              to: arrayOf(ref('networkPeer'), 'destinations (none for any)'),
              ports: arrayOf(ref('networkPolicyPort'), 'ports at those destinations'),
            },
            ['ports'],
          ),
          'with restricted egress: more destinations',
        ),
      },
      ['enabled', 'ingressFrom', 'metricsFrom', 'appPorts', 'peerPorts', 'egress', 'dnsTo', 'dnsPorts', 'extraEgress'],
      'the NetworkPolicy',
    ),
    tests: closed(
      {
        enabled: { type: 'boolean', description: 'add the `helm test` pod that checks every TCP Service port answers' },
        image: ref('image', 'image of the test pod (needs nc)'),
        runAsUser: { ...int(1), description: 'uid (and gid) the test pod runs as' },
        resources: ref('resources', 'requests and limits of each test container'),
      },
      ['enabled', 'image', 'runAsUser', 'resources'],
      'the `helm test` pod',
    ),
  };
  Object.assign(properties, routingValuesSchema());
  if (statefulSet) {
    properties.podManagementPolicy = {
      type: 'string',
      enum: ['OrderedReady', 'Parallel'],
      description: 'StatefulSet pod management policy',
    };
  }
  // a StatefulSet without storage has no claim template, so no persistence block in values.yaml
  if (statefulSet && values.persistence) {
    properties.persistence = closed(
      {
        name: str('volume claim template name', { pattern: PATTERNS.dnsLabel }),
        mountPath: str('where the app mounts it', { pattern: PATTERNS.absolutePath }),
        size: { ...quantity, description: 'requested storage, e.g. 20Gi' },
        accessModes: arrayOf(
          {
            type: 'string',
            enum: ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'],
          },
          'how the volume can be mounted (Kubernetes access modes)',
        ),
        storageClassName: str('storage class ("" for the cluster default)'),
      },
      ['name', 'mountPath', 'size', 'accessModes', 'storageClassName'],
      'one PersistentVolumeClaim per pod',
    );
  }
  if (values.metrics) {
    properties.metrics = closed(
      {
        port: str("the Service port (name) serving the app's metrics", { pattern: PATTERNS.portName }),
        path: str('HTTP path of the metrics', { pattern: PATTERNS.absolutePath }),
        serviceMonitor: closed(
          {
            enabled: {
              type: 'boolean',
              description: 'a ServiceMonitor (monitoring.coreos.com/v1; needs the prometheus-operator CRDs)',
            },
            interval: str('scrape interval, e.g. 30s ("" for Prometheus\' global one)', {
              pattern: `^$|${PROMETHEUS_DURATION.source}`,
            }),
            labels: ref('labels', 'extra labels on the ServiceMonitor, e.g. the one a Prometheus selects by'),
          },
          ['enabled', 'interval', 'labels'],
          'the ServiceMonitor that has the prometheus-operator scrape these metrics',
        ),
      },
      ['port', 'path', 'serviceMonitor'],
      "the app's own Prometheus metrics",
    );
  }
  const helperKeys = parts.helpers.map((h) => `${h.group}/${h.name}`);
  properties.helperOrder = {
    type: 'array',
    description: 'the helpers as <group>/<name>, in the order the pod runs them',
    items: helperKeys.length ? { type: 'string', enum: helperKeys } : { type: 'string' },
    maxItems: helperKeys.length,
    uniqueItems: true,
  };
  for (const group of HELPER_GROUPS) {
    const blocks = values[group] as Record<string, Record<string, unknown>>;
    const helpers = parts.helpers.filter((h) => h.group === group);
    properties[group] = closed(
      Object.fromEntries(helpers.map((h) => [h.name, helperSchema(h, blocks[h.name])])),
      helpers.map((h) => h.name),
      `the ${group}, by name`,
    );
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values',
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => k !== 'global'),
    additionalProperties: false,
    definitions: chartDefinitions(parts),
  };
}
