// Descriptions of the Kubernetes fields that values.schema.json definitions hold (see
// k8s-value-schemas.ts): a short line each, after the Kubernetes API reference, so `helm show
// values`, editors and the chart README say what a field does. Keyed by <definition>.<field path>
// (an array's item fields follow the array's name); filled in where the schema gives none.
type Schema = Record<string, unknown>;

const SECURITY_IDENTITY = {
  runAsGroup: 'primary group id of the processes (default: the image’s)',
  runAsNonRoot: 'the kubelet refuses to start a container whose user is root',
  runAsUser: 'user id of the processes (default: the image’s USER)',
  seccompProfile: 'the seccomp filter of the processes',
  'seccompProfile.type': 'RuntimeDefault (the container runtime’s), Localhost (a file on the node) or Unconfined',
  'seccompProfile.localhostProfile': 'path of the profile below the kubelet’s seccomp directory (type Localhost only)',
  seLinuxOptions: 'SELinux context of the processes (default: one the runtime picks)',
  'seLinuxOptions.user': 'SELinux user label',
  'seLinuxOptions.role': 'SELinux role label',
  'seLinuxOptions.type': 'SELinux type label',
  'seLinuxOptions.level': 'SELinux level label',
  appArmorProfile: 'the AppArmor profile of the processes',
  'appArmorProfile.type':
    'RuntimeDefault (the container runtime’s), Localhost (a profile loaded on the node) or Unconfined',
  'appArmorProfile.localhostProfile': 'name of the profile loaded on the node (type Localhost only)',
};

const HANDLER = {
  exec: 'run a command in the container',
  'exec.command': 'the command and its arguments (not run in a shell); exit status 0 is success',
  httpGet: 'an HTTP GET request to the container',
  tcpSocket: 'a TCP connection to the container',
  'tcpSocket.port': 'port number or name',
  'tcpSocket.host': 'host to connect to (default: the pod IP)',
  sleep: 'wait before going on',
  'sleep.seconds': 'seconds to wait',
};

const KEY_TO_PATH = {
  items: 'only these keys, each as a file at its own path (default: every key, as a file named after it)',
  'items.key': 'the key',
  'items.path': 'relative path of its file in the volume',
  'items.mode': 'file mode bits of this file (0-0777; default: defaultMode)',
  defaultMode: 'file mode bits (0-0777) of the files (Kubernetes default 0644)',
  optional: 'true: the volume is mounted even if the object or a key does not exist',
};

const DOCS: Record<string, Record<string, string>> = {
  resources: {
    requests: 'what the scheduler reserves for the container (Kubernetes resources.requests)',
    'requests.cpu': 'CPU, e.g. 100m (a tenth of a core)',
    'requests.memory': 'memory, e.g. 128Mi',
    'requests.ephemeral-storage': 'scratch disk, e.g. 1Gi',
    limits:
      'the most the container may use (Kubernetes resources.limits): over memory it is killed, over CPU throttled',
    'limits.cpu': 'CPU, e.g. 500m',
    'limits.memory': 'memory, e.g. 256Mi',
    'limits.ephemeral-storage': 'scratch disk, e.g. 2Gi',
  },
  envVar: {
    name: 'variable name',
    value: 'literal value',
    valueFrom: 'value read from elsewhere (one source)',
    'valueFrom.secretKeyRef': 'a key of a Secret in the namespace',
    'valueFrom.secretKeyRef.name': 'the Secret',
    'valueFrom.secretKeyRef.key': 'the key',
    'valueFrom.secretKeyRef.optional': 'true: start the container even if the Secret or key is missing',
    'valueFrom.configMapKeyRef': 'a key of a ConfigMap in the namespace',
    'valueFrom.configMapKeyRef.name': 'the ConfigMap',
    'valueFrom.configMapKeyRef.key': 'the key',
    'valueFrom.configMapKeyRef.optional': 'true: start the container even if the ConfigMap or key is missing',
    'valueFrom.fieldRef': 'a field of the pod (downward API)',
    'valueFrom.fieldRef.fieldPath': 'the field, e.g. metadata.name or status.podIP',
    'valueFrom.fieldRef.apiVersion': 'schema version of fieldPath (default v1)',
    'valueFrom.resourceFieldRef': 'a resource request or limit of a container (downward API)',
    'valueFrom.resourceFieldRef.resource': 'e.g. limits.memory or requests.cpu',
    'valueFrom.resourceFieldRef.containerName': 'the container (default: this one)',
    'valueFrom.resourceFieldRef.divisor': 'unit of the value, e.g. 1Mi (default 1)',
  },
  envFrom: {
    prefix: 'prepended to every variable name',
    configMapRef: 'every key of a ConfigMap becomes a variable',
    'configMapRef.name': 'the ConfigMap',
    'configMapRef.optional': 'true: start the container even if the ConfigMap is missing',
    secretRef: 'every key of a Secret becomes a variable',
    'secretRef.name': 'the Secret',
    'secretRef.optional': 'true: start the container even if the Secret is missing',
  },
  containerPort: {
    name: 'port name (IANA_SVC_NAME), for probes and Service targetPorts',
    containerPort: 'port the container listens on',
    protocol: 'TCP (default), UDP or SCTP',
    hostPort: 'also open this port on the node (avoid: it limits scheduling)',
    hostIP: 'node address to bind hostPort to',
  },
  servicePort: {
    name: 'port name, unique in the Service',
    port: 'port the Service listens on',
    targetPort: "the pod's port, by number or name",
    protocol: 'TCP (default), UDP or SCTP',
    nodePort: 'node port for NodePort and LoadBalancer Services (30000-32767; default: one Kubernetes picks)',
    appProtocol: 'application protocol hint, e.g. http or kubernetes.io/h2c',
  },
  volumeMount: {
    name: 'the pod volume',
    mountPath: 'where the container sees it',
    readOnly: 'mount read-only',
    subPath: 'mount only this path inside the volume',
    subPathExpr: 'like subPath, with $(VAR) expanded from the container’s environment',
    mountPropagation: 'how mounts propagate between host and container (default None)',
    recursiveReadOnly: 'whether read-only also applies to mounts below (needs readOnly)',
  },
  volume: {
    name: 'volume name, unique in the pod',
    emptyDir: 'an empty directory that lives as long as the pod',
    'emptyDir.medium': '"" (node disk) or Memory (tmpfs, counted as the container’s memory)',
    'emptyDir.sizeLimit': 'most it may hold, e.g. 1Gi; over it the pod is evicted',
    configMap: 'the keys of a ConfigMap as files',
    'configMap.name': 'the ConfigMap',
    ...Object.fromEntries(Object.entries(KEY_TO_PATH).map(([k, v]) => [`configMap.${k}`, v])),
    secret: 'the keys of a Secret as files',
    'secret.secretName': 'the Secret',
    ...Object.fromEntries(Object.entries(KEY_TO_PATH).map(([k, v]) => [`secret.${k}`, v])),
    persistentVolumeClaim: 'an existing PersistentVolumeClaim',
    'persistentVolumeClaim.claimName': 'the claim, in the namespace',
    'persistentVolumeClaim.readOnly': 'mount read-only',
    projected: 'several sources (Secrets, ConfigMaps, downward API, service account token) in one directory',
    'projected.defaultMode': KEY_TO_PATH.defaultMode,
    'projected.sources': 'the sources (Kubernetes VolumeProjection)',
    downwardAPI: 'fields of the pod as files',
    'downwardAPI.defaultMode': KEY_TO_PATH.defaultMode,
    'downwardAPI.items': 'the files (Kubernetes DownwardAPIVolumeFile)',
    ephemeral: 'a PersistentVolumeClaim made for the pod and deleted with it',
    'ephemeral.volumeClaimTemplate': 'the claim (Kubernetes PersistentVolumeClaimTemplate)',
    csi: 'a volume from a CSI driver (e.g. a secrets store)',
    'csi.driver': 'name of the CSI driver',
    'csi.readOnly': 'mount read-only',
    'csi.fsType': 'filesystem type, e.g. ext4',
    'csi.volumeAttributes': 'driver-specific settings',
    'csi.nodePublishSecretRef': 'a Secret the driver reads',
    'csi.nodePublishSecretRef.name': 'the Secret',
  },
  httpGet: {
    path: 'request path (default /)',
    port: 'port number or name',
    host: 'host to connect to (default: the pod IP)',
    scheme: 'HTTP (default) or HTTPS (the certificate is not verified)',
    httpHeaders: 'extra request headers',
    'httpHeaders.name': 'header name',
    'httpHeaders.value': 'header value',
  },
  probe: {
    ...HANDLER,
    grpc: 'a gRPC health check (grpc.health.v1)',
    'grpc.port': 'port number',
    'grpc.service': 'service name sent in the check (default: the server’s overall health)',
    initialDelaySeconds: 'seconds after the container starts before the first check (Kubernetes default 0)',
    periodSeconds: 'seconds between checks (Kubernetes default 10)',
    timeoutSeconds: 'seconds a check may take (Kubernetes default 1)',
    failureThreshold: 'failures in a row before the probe fails (Kubernetes default 3)',
    successThreshold: 'successes in a row before it passes again (1 for liveness and startup probes)',
    terminationGracePeriodSeconds: 'grace period when a failed probe kills the container (default: the pod’s)',
  },
  securityContext: {
    allowPrivilegeEscalation: 'whether a process may gain more privileges than its parent (setuid)',
    capabilities: 'Linux capabilities added to or dropped from the runtime’s default set',
    'capabilities.add': 'capabilities to add, e.g. NET_BIND_SERVICE',
    'capabilities.drop': 'capabilities to drop, e.g. ALL',
    privileged: 'run as privileged (root on the host, in effect)',
    procMount: 'Default masks parts of /proc; Unmasked does not',
    readOnlyRootFilesystem: "the container's root filesystem is read-only",
    ...SECURITY_IDENTITY,
  },
  podSecurityContext: {
    fsGroup: 'group that owns the pod’s volumes and is added to every process',
    fsGroupChangePolicy: 'OnRootMismatch changes volume ownership only when needed; Always on every mount',
    ...SECURITY_IDENTITY,
    supplementalGroups: 'more group ids for every process',
    supplementalGroupsPolicy: 'Merge (with the image’s groups) or Strict (only these)',
    sysctls: 'namespaced kernel parameters of the pod',
    'sysctls.name': 'parameter name, e.g. net.ipv4.ip_local_port_range',
    'sysctls.value': 'its value',
  },
  container: {
    name: 'container name, unique in the pod',
    image: "image (default: the block's image)",
    imagePullPolicy: 'when the kubelet pulls the image (default: Always for :latest, else IfNotPresent)',
    command: "replaces the image's entrypoint",
    args: "arguments to the entrypoint (default: the image's CMD)",
    workingDir: "working directory (default: the image's)",
    env: 'environment variables',
    envFrom: 'variables from every key of ConfigMaps or Secrets',
    ports: 'ports it listens on',
    resources: "requests and limits (default: the block's resources)",
    volumeMounts: 'pod volumes it mounts',
    startupProbe: 'holds the other probes back until it passes once',
    readinessProbe: 'takes the pod out of its Services while it fails',
    livenessProbe: 'restarts the container when it fails',
    securityContext: 'its security context',
    restartPolicy: 'Always makes an init container a native sidecar (runs for the life of the pod)',
    lifecycle: 'actions at start and before stop',
    'lifecycle.postStart': 'runs right after the container starts',
    'lifecycle.preStop': 'runs before the container is stopped',
    ...Object.fromEntries(Object.entries(HANDLER).map(([k, v]) => [`lifecycle.postStart.${k}`, v])),
    ...Object.fromEntries(Object.entries(HANDLER).map(([k, v]) => [`lifecycle.preStop.${k}`, v])),
    terminationMessagePath: 'file whose content becomes the termination message (default /dev/termination-log)',
    terminationMessagePolicy: 'FallbackToLogsOnError uses the end of the log when that file is empty',
    stdin: 'keep a stdin open',
    tty: 'allocate a TTY',
  },
  toleration: {
    key: 'taint key it matches ("" with Exists: every taint)',
    operator: 'Equal (default: key and value match) or Exists (key matches)',
    value: 'taint value (with Equal)',
    effect: 'taint effect it matches ("" for every effect)',
    tolerationSeconds: 'with NoExecute: how long the pod stays after the taint appears (default: for ever)',
  },
  topologySpreadConstraint: {
    maxSkew: 'largest difference allowed in the number of matching pods between two topology domains',
    topologyKey: 'node label whose values are the domains, e.g. topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule (keep the pod pending) or ScheduleAnyway (prefer the least skew)',
    labelSelector: 'which pods are counted (usually the selector labels of these pods)',
    minDomains: 'with DoNotSchedule: fewest domains counted, empty ones included',
    nodeAffinityPolicy: 'Honor (default: only nodes the pod’s nodeAffinity/nodeSelector allow count) or Ignore',
    nodeTaintsPolicy: 'Honor (only nodes whose taints the pod tolerates count) or Ignore (default)',
    matchLabelKeys: 'pod label keys whose values, taken from the new pod, narrow the selector (e.g. pod-template-hash)',
  },
  affinity: {
    nodeAffinity: 'which nodes the pods may or prefer to run on (Kubernetes NodeAffinity)',
    podAffinity: 'run near pods with these labels (Kubernetes PodAffinity)',
    podAntiAffinity: 'run away from pods with these labels (Kubernetes PodAntiAffinity)',
  },
  labelSelector: {
    matchLabels: 'labels an object must all have',
    matchExpressions: 'further conditions, all of which must hold',
    'matchExpressions.key': 'label key',
    'matchExpressions.operator': 'In, NotIn, Exists or DoesNotExist',
    'matchExpressions.values': 'values for In and NotIn',
  },
  networkPeer: {
    ipBlock: 'an IP range (for peers outside the cluster)',
    'ipBlock.except': 'ranges inside cidr that are left out',
  },
  networkPolicyPort: {
    port: 'port number or name (default: every port)',
    endPort: 'with a numeric port: the last port of a range',
    protocol: 'TCP (default), UDP or SCTP',
  },
  hpaMetric: {
    type: 'ContainerResource: a resource of one container',
    containerResource: "the container's resource and target",
    'containerResource.name': 'cpu or memory',
    'containerResource.target': 'the utilisation to keep',
    'containerResource.target.type': 'Utilization: percent of the request',
    'containerResource.target.averageUtilization': 'percent of the request, averaged over the pods',
  },
  hpaScalingRules: {
    stabilizationWindowSeconds: 'past recommendations considered, so the count does not flap',
    selectPolicy: 'Max (default), Min or Disabled: which policy wins',
    policies: 'how fast the count may change',
    'policies.type': 'Pods (a number) or Percent (of the current count)',
    'policies.value': 'the number or percentage',
    'policies.periodSeconds': 'over this many seconds',
  },
};

/** `definitions` with the descriptions above filled into each property that has none. */
export function describeDefinitions(definitions: Record<string, Schema>): Record<string, Schema> {
  const fill = (schema: Schema, docs: Record<string, string>, path: string): Schema => {
    const properties = schema.properties as Record<string, Schema> | undefined;
    const items = schema.items as Schema | undefined;
    if (items && !properties) return { ...schema, items: fill(items, docs, path) };
    if (!properties) return schema;
    const described = Object.fromEntries(
      Object.entries(properties).map(([key, property]) => {
        const at = path ? `${path}.${key}` : key;
        const filled = fill(property, docs, at);
        return [key, filled.description || !docs[at] ? filled : { ...filled, description: docs[at] }];
      }),
    );
    return { ...schema, properties: described };
  };
  return Object.fromEntries(Object.entries(definitions).map(([name, d]) => [name, fill(d, DOCS[name] ?? {}, '')]));
}
