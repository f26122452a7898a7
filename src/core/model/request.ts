// The bundle request as plain types. The HTTP shell validates input into these shapes;
// the core trusts their structure but still checks cross-field and pod-level rules.
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';

export type WorkloadKind = 'Deployment' | 'StatefulSet';
export type PodSecurityLevel = 'restricted' | 'baseline';
export type NativeSidecarMode = 'auto' | 'always' | 'never';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface AppPort {
  name: string;
  containerPort: number;
  protocol?: Protocol;
  /** false keeps the port off the Service (default true). */
  expose?: boolean;
  /** Service port; defaults to containerPort. */
  servicePort?: number;
}

export interface HttpGetAction {
  path?: string;
  port: number | string;
  scheme?: 'HTTP' | 'HTTPS';
  httpHeaders?: { name: string; value: string }[];
}

export interface ProbeSpec {
  httpGet?: HttpGetAction;
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

export interface ResourceSpec {
  requests?: { cpu?: string; memory?: string; 'ephemeral-storage'?: string };
  limits?: { cpu?: string; memory?: string; 'ephemeral-storage'?: string };
}

export interface StorageSpec {
  mountPath: string;
  size: string;
  storageClassName?: string;
  accessModes?: ('ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany')[];
  /** Name of the claim template and volume (default "data"). */
  name?: string;
}

export interface AppSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  /** default true; paths in writablePaths (plus /tmp) get emptyDirs. */
  readOnlyRootFilesystem?: boolean;
  writablePaths?: string[];
}

/** A label selector: every matchLabels pair and every expression must hold ({} selects everything). */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** A NetworkPolicy peer: pods (by namespace and/or pod labels) or an IP block, not both. */
export interface NetworkPeer {
  namespaceSelector?: LabelSelectorSpec;
  podSelector?: LabelSelectorSpec;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPortSpec {
  port: number;
  protocol?: Protocol;
}

export interface AutoscalingSpec {
  minReplicas: number;
  maxReplicas: number;
  /** average CPU use of the app container as a percentage of its request */
  targetCPUUtilizationPercentage?: number;
  /** average memory use of the app container as a percentage of its request */
  targetMemoryUtilizationPercentage?: number;
  behavior?: {
    scaleUp?: { stabilizationWindowSeconds?: number };
    scaleDown?: { stabilizationWindowSeconds?: number };
  };
}

/** A Secret mounted read-only as files in the app container, one file per key. */
export interface SecretMountSpec {
  secretName: string;
  mountPath: string;
  /** start the pod even when the Secret does not exist (default false) */
  optional?: boolean;
}

/** Where the app serves its own Prometheus metrics. */
export interface AppMetricsSpec {
  /** the app port (name or number) serving them; must be on the Service */
  port: number | string;
  /** default /metrics */
  path?: string;
  /** a ServiceMonitor (prometheus-operator) scraping it */
  serviceMonitor?: { enabled: boolean; interval?: string; labels?: Record<string, string> };
}

/** envFrom: every key of a ConfigMap or Secret as env vars (exactly one of the two refs). */
export interface EnvFromSpec {
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
  prefix?: string;
}

export interface TolerationSpec {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface NodeSelectorTermSpec {
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
    values?: string[];
  }[];
  matchFields?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
    values?: string[];
  }[];
}

export interface PodAffinityTermSpec {
  labelSelector?: LabelSelectorSpec;
  namespaceSelector?: LabelSelectorSpec;
  namespaces?: string[];
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface PodAffinitySpec {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermSpec[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTermSpec }[];
}

/** The Kubernetes Affinity of the pod. */
export interface AffinitySpec {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTermSpec[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTermSpec }[];
  };
  podAffinity?: PodAffinitySpec;
  podAntiAffinity?: PodAffinitySpec;
}

export interface TopologySpreadConstraintSpec {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelectorSpec;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

export interface KeyToPathSpec {
  key: string;
  path: string;
  mode?: number;
}

/** A pod volume the app mounts (and a helper may mount by name): exactly one source. */
export interface AppVolumeSpec {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
  secret?: { secretName: string; items?: KeyToPathSpec[]; optional?: boolean; defaultMode?: number };
  configMap?: { name: string; items?: KeyToPathSpec[]; optional?: boolean; defaultMode?: number };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: { medium?: '' | 'Memory'; sizeLimit?: string };
}

export type EgressMode = 'allow' | 'restricted';

export interface NetworkPolicySpec {
  /** who may reach the app's Service ports (default: anyone) */
  ingressFrom?: NetworkPeer[];
  /** who may reach the helpers' Service ports, i.e. the metrics ports (default: namespace "monitoring") */
  metricsFrom?: NetworkPeer[];
  /** allow (default): no egress rules; restricted: DNS plus what the helpers declare, plus extraEgress */
  egress?: EgressMode;
  /** where DNS queries may go with restricted egress (default: kube-dns in kube-system) */
  dnsTo?: NetworkPeer[];
  /** more egress rules with restricted egress, e.g. the app's own database */
  extraEgress?: { to?: NetworkPeer[]; ports: NetworkPortSpec[] }[];
}

export interface AppSpec {
  name: string;
  namespace?: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  workload?: WorkloadKind;
  replicas?: number;
  command?: string[];
  args?: string[];
  ports?: AppPort[];
  env?: EnvVar[];
  resources?: ResourceSpec;
  probes?: { liveness?: ProbeSpec; readiness?: ProbeSpec; startup?: ProbeSpec };
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  component?: string;
  partOf?: string;
  storage?: StorageSpec;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  securityContext?: AppSecurity;
  serviceAccount?: { name?: string; automountToken?: boolean; annotations?: Record<string, string> };
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** a HorizontalPodAutoscaler; the workload then leaves spec.replicas to it */
  autoscaling?: AutoscalingSpec;
  /** a NetworkPolicy for the app's pods */
  networkPolicy?: NetworkPolicySpec;
  /** Secrets mounted read-only in the app container, e.g. a file of API keys */
  secretMounts?: SecretMountSpec[];
  /** the app's own metrics endpoint, and a ServiceMonitor for it on request */
  metrics?: AppMetricsSpec;
  /** Secrets holding registry credentials, for every image of the pod */
  imagePullSecrets?: { name: string }[];
  /** every key of a ConfigMap or Secret as env vars of the app container */
  envFrom?: EnvFromSpec[];
  nodeSelector?: Record<string, string>;
  tolerations?: TolerationSpec[];
  affinity?: AffinitySpec;
  topologySpreadConstraints?: TopologySpreadConstraintSpec[];
  priorityClassName?: string;
  /** volumes mounted into the app container (a helper mounts one by naming it) */
  volumes?: AppVolumeSpec[];
}

export interface TargetSpec {
  kubernetesVersion?: string;
  podSecurity?: PodSecurityLevel;
  nativeSidecars?: NativeSidecarMode;
  registryMirror?: string;
}

/** Every preset item has these; the rest is the preset's own parameters. */
export interface PresetItem {
  preset: string;
  name: string;
  [param: string]: unknown;
}

export interface BundleRequest {
  app: AppSpec;
  sidecars?: PresetItem[];
  ambassadors?: PresetItem[];
  adapters?: PresetItem[];
  target?: TargetSpec;
}

export interface ResolvedTarget {
  kubernetesVersion: string;
  /** minor version number, e.g. 33 for "1.33" */
  minor: number;
  podSecurity: PodSecurityLevel;
  nativeSidecars: NativeSidecarMode;
  /** whether this bundle places sidecars/ambassadors as native sidecars */
  useNativeSidecars: boolean;
  registryMirror?: string;
}

export const SUPPORTED_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;
export const DEFAULT_KUBERNETES_VERSION = '1.33';
/** First minor with native sidecars on by default (beta, KEP-753). */
export const NATIVE_SIDECARS_MINOR = 29;
