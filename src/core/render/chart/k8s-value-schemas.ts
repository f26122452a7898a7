// JSON Schema (draft-07) definitions of the Kubernetes shapes that chart values hold: containers,
// volumes, probes, ports, env, security contexts. Closed to unknown fields, so a typo in
// `--set` is refused by Helm instead of silently ignored. Patterns are RE2-compatible (Helm checks
// them in Go). Each definition is referenced as #/definitions/<name>.

import {
  ABSOLUTE_PATH,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  ENV_VAR_NAME,
  IMAGE_PATTERNS,
  LABEL_KEY,
  LABEL_VALUE,
  PORT_NAME,
  QUANTITY,
} from '../../model/grammars.js';

type Schema = Record<string, unknown>;

export const ref = (name: string, description?: string): Schema => ({
  $ref: `#/definitions/${name}`,
  ...(description ? { description } : {}),
});
const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
const int = (minimum?: number, maximum?: number): Schema => ({
  type: 'integer',
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});
const bool = { type: 'boolean' };
const strings = { type: 'array', items: { type: 'string' } };
const closed = (properties: Record<string, Schema>, required: string[] = [], description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const arrayOf = (item: Schema, description?: string): Schema => ({
  type: 'array',
  ...(description ? { description } : {}),
  items: item,
});

export const PATTERNS = {
  dnsLabel: DNS1123_LABEL.re2,
  dnsSubdomain: DNS1123_SUBDOMAIN.re2,
  portName: PORT_NAME.re2,
  envName: ENV_VAR_NAME.re2,
  configKey: '^[-._a-zA-Z0-9]+$',
  quantity: QUANTITY.re2,
  absolutePath: ABSOLUTE_PATH.re2,
  labelKey: LABEL_KEY.re2,
  labelValue: LABEL_VALUE.re2,
  percentOrInt: '^[0-9]+%$',
  /** a registry host[:port], with an optional path for a mirror that serves under one */
  imageRegistry: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*$',
} as const;

const port = int(1, 65535);
const portRef = { oneOf: [port, str(undefined, { pattern: PATTERNS.portName })] };
const protocol = { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] };
const quantity = { type: ['string', 'number'], pattern: PATTERNS.quantity };
const resourceList = {
  type: 'object',
  properties: { cpu: quantity, memory: quantity, 'ephemeral-storage': quantity },
  additionalProperties: quantity,
};
const keyRef = closed({ name: str(), key: str(), optional: bool }, ['key']);
const keyToPath = arrayOf(closed({ key: str(), path: str(), mode: int(0, 511) }, ['key', 'path']));
const seccomp = closed(
  { type: { type: 'string', enum: ['RuntimeDefault', 'Localhost', 'Unconfined'] }, localhostProfile: str() },
  ['type'],
);
const appArmor = closed(
  { type: { type: 'string', enum: ['RuntimeDefault', 'Localhost', 'Unconfined'] }, localhostProfile: str() },
  ['type'],
);
const seLinux = closed({ user: str(), role: str(), type: str(), level: str() });
/** Fields container and pod security contexts share. */
const identity = {
  runAsGroup: int(0),
  runAsNonRoot: bool,
  runAsUser: int(0),
  seccompProfile: seccomp,
  seLinuxOptions: seLinux,
  appArmorProfile: appArmor,
};
const handler = closed({
  exec: closed({ command: strings }),
  httpGet: ref('httpGet'),
  tcpSocket: closed({ port: portRef, host: str() }, ['port']),
  sleep: closed({ seconds: int(0) }, ['seconds']),
});

export const K8S_DEFINITIONS: Record<string, Schema> = {
  stringMap: { type: 'object', additionalProperties: { type: 'string' } },
  labels: {
    type: 'object',
    propertyNames: { pattern: PATTERNS.labelKey },
    additionalProperties: str(undefined, { pattern: PATTERNS.labelValue }),
  },
  annotations: {
    type: 'object',
    propertyNames: { pattern: PATTERNS.labelKey },
    additionalProperties: { type: 'string' },
  },
  resources: closed(
    { requests: resourceList, limits: resourceList },
    [],
    'requests and limits (Kubernetes quantities such as 100m, 128Mi)',
  ),
  envVar: closed(
    {
      name: str(undefined, { pattern: PATTERNS.envName }),
      value: str(),
      valueFrom: closed({
        secretKeyRef: keyRef,
        configMapKeyRef: keyRef,
        fieldRef: closed({ fieldPath: str(), apiVersion: str() }, ['fieldPath']),
        resourceFieldRef: closed({ resource: str(), containerName: str(), divisor: quantity }, ['resource']),
      }),
    },
    ['name'],
  ),
  envFrom: closed({
    prefix: str(),
    configMapRef: closed({ name: str(), optional: bool }),
    secretRef: closed({ name: str(), optional: bool }),
  }),
  containerPort: closed(
    {
      name: str(undefined, { pattern: PATTERNS.portName }),
      containerPort: port,
      protocol,
      hostPort: port,
      hostIP: str(),
    },
    ['containerPort'],
  ),
  servicePort: closed(
    {
      name: str(undefined, { pattern: PATTERNS.portName }),
      port,
      targetPort: portRef,
      protocol,
      nodePort: int(30000, 32767),
      appProtocol: str(),
    },
    ['port'],
  ),
  volumeMount: closed(
    {
      name: str(),
      mountPath: str(undefined, { pattern: PATTERNS.absolutePath }),
      readOnly: bool,
      subPath: str(),
      subPathExpr: str(),
      mountPropagation: { type: 'string', enum: ['None', 'HostToContainer', 'Bidirectional'] },
      recursiveReadOnly: { type: 'string', enum: ['Disabled', 'IfPossible', 'Enabled'] },
    },
    ['name', 'mountPath'],
  ),
  volume: closed(
    {
      name: str(undefined, { pattern: PATTERNS.dnsLabel }),
      emptyDir: closed({ medium: { type: 'string', enum: ['', 'Memory'] }, sizeLimit: quantity }),
      configMap: closed({ name: str(), items: keyToPath, defaultMode: int(0, 511), optional: bool }),
      secret: closed({ secretName: str(), items: keyToPath, defaultMode: int(0, 511), optional: bool }),
      persistentVolumeClaim: closed({ claimName: str(), readOnly: bool }, ['claimName']),
      projected: closed({ defaultMode: int(0, 511), sources: arrayOf({ type: 'object' }) }),
      downwardAPI: closed({ defaultMode: int(0, 511), items: arrayOf({ type: 'object' }) }),
      ephemeral: closed({ volumeClaimTemplate: { type: 'object' } }),
      csi: closed(
        {
          driver: str(),
          readOnly: bool,
          fsType: str(),
          volumeAttributes: ref('stringMap'),
          nodePublishSecretRef: closed({ name: str() }),
        },
        ['driver'],
      ),
    },
    ['name'],
  ),
  httpGet: closed(
    {
      path: str(),
      port: portRef,
      host: str(),
      scheme: { type: 'string', enum: ['HTTP', 'HTTPS'] },
      httpHeaders: arrayOf(closed({ name: str(), value: str() }, ['name', 'value'])),
    },
    ['port'],
  ),
  probe: closed({
    exec: closed({ command: strings }),
    httpGet: ref('httpGet'),
    tcpSocket: closed({ port: portRef, host: str() }, ['port']),
    grpc: closed({ port, service: str() }, ['port']),
    initialDelaySeconds: int(0),
    periodSeconds: int(1),
    timeoutSeconds: int(1),
    failureThreshold: int(1),
    successThreshold: int(1),
    terminationGracePeriodSeconds: int(1),
  }),
  securityContext: closed({
    allowPrivilegeEscalation: bool,
    capabilities: closed({ add: strings, drop: strings }),
    privileged: bool,
    procMount: { type: 'string', enum: ['Default', 'Unmasked'] },
    readOnlyRootFilesystem: bool,
    ...identity,
  }),
  podSecurityContext: closed({
    fsGroup: int(0),
    fsGroupChangePolicy: { type: 'string', enum: ['OnRootMismatch', 'Always'] },
    ...identity,
    supplementalGroups: arrayOf(int(0)),
    supplementalGroupsPolicy: { type: 'string', enum: ['Merge', 'Strict'] },
    sysctls: arrayOf(closed({ name: str(), value: str() }, ['name', 'value'])),
  }),
  /** A container as a helper block holds it: image and resources may come from the block. */
  container: closed(
    {
      name: str(undefined, { pattern: PATTERNS.dnsLabel }),
      image: str(undefined, { minLength: 1 }),
      imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
      command: strings,
      args: strings,
      workingDir: str(),
      env: arrayOf(ref('envVar')),
      envFrom: arrayOf(ref('envFrom')),
      ports: arrayOf(ref('containerPort')),
      resources: ref('resources'),
      volumeMounts: arrayOf(ref('volumeMount')),
      startupProbe: ref('probe'),
      readinessProbe: ref('probe'),
      livenessProbe: ref('probe'),
      securityContext: ref('securityContext'),
      restartPolicy: { type: 'string', enum: ['Always'] },
      lifecycle: closed({ postStart: handler, preStop: handler }),
      terminationMessagePath: str(),
      terminationMessagePolicy: { type: 'string', enum: ['File', 'FallbackToLogsOnError'] },
      stdin: bool,
      tty: bool,
    },
    ['name'],
  ),
  toleration: closed({
    key: str(),
    operator: { type: 'string', enum: ['Exists', 'Equal'] },
    value: str(),
    effect: { type: 'string', enum: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
    tolerationSeconds: { type: 'integer' },
  }),
  topologySpreadConstraint: closed(
    {
      maxSkew: int(1),
      topologyKey: str(undefined, { pattern: PATTERNS.labelKey }),
      whenUnsatisfiable: { type: 'string', enum: ['DoNotSchedule', 'ScheduleAnyway'] },
      labelSelector: ref('labelSelector'),
      minDomains: int(1),
      nodeAffinityPolicy: { type: 'string', enum: ['Honor', 'Ignore'] },
      nodeTaintsPolicy: { type: 'string', enum: ['Honor', 'Ignore'] },
      matchLabelKeys: strings,
    },
    ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  ),
  affinity: closed({
    nodeAffinity: { type: 'object' },
    podAffinity: { type: 'object' },
    podAntiAffinity: { type: 'object' },
  }),
  image: closed(
    {
      registry: str('registry host ("" for Docker Hub); global.imageRegistry replaces it', {
        pattern: `^$|${PATTERNS.imageRegistry}`,
      }),
      repository: str('image repository, without the registry', {
        pattern: IMAGE_PATTERNS.repository,
      }),
      tag: str('image tag ("" for none)', { pattern: IMAGE_PATTERNS.tag }),
      digest: str('image digest, e.g. sha256:… ("" for none); pins the image when set', {
        pattern: IMAGE_PATTERNS.digest,
      }),
      pullPolicy: {
        type: 'string',
        enum: ['', 'Always', 'IfNotPresent', 'Never'],
        description: 'imagePullPolicy ("" leaves it to Kubernetes)',
      },
    },
    ['registry', 'repository', 'tag', 'digest', 'pullPolicy'],
  ),
  labelSelector: closed({
    matchLabels: ref('labels'),
    matchExpressions: arrayOf(
      closed(
        {
          key: str(undefined, { pattern: PATTERNS.labelKey }),
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: strings,
        },
        ['key', 'operator'],
      ),
    ),
  }),
  networkPeer: closed(
    {
      namespaceSelector: ref('labelSelector', 'namespaces by label'),
      podSelector: ref('labelSelector', 'pods by label'),
      ipBlock: closed({ cidr: str('an IP range such as 10.0.0.0/8'), except: strings }, ['cidr']),
    },
    [],
    'pods (namespaceSelector and/or podSelector) or an ipBlock',
  ),
  networkPolicyPort: closed({ port: portRef, endPort: port, protocol }),
  hpaMetric: closed(
    {
      type: { type: 'string', enum: ['ContainerResource'] },
      containerResource: closed(
        {
          name: { type: 'string', enum: ['cpu', 'memory'] },
          container: str("the container (the app's: the chart name)", { pattern: PATTERNS.dnsLabel }),
          target: closed({ type: { type: 'string', enum: ['Utilization'] }, averageUtilization: int(1) }, [
            'type',
            'averageUtilization',
          ]),
        },
        ['name', 'container', 'target'],
      ),
    },
    ['type', 'containerResource'],
    'a ContainerResource metric',
  ),
  hpaScalingRules: closed({
    stabilizationWindowSeconds: int(0, 3600),
    selectPolicy: { type: 'string', enum: ['Max', 'Min', 'Disabled'] },
    policies: arrayOf(
      closed({ type: { type: 'string', enum: ['Pods', 'Percent'] }, value: int(1), periodSeconds: int(1, 1800) }, [
        'type',
        'value',
        'periodSeconds',
      ]),
    ),
  }),
};

export const schemaHelpers = { str, int, bool, strings, closed, arrayOf, quantity, port };
