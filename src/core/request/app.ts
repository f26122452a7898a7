// The app description (BundleRequest.app) as validated input, declared once, here: the core reads
// these classes as its types; the OpenAPI schemas are derived from these decorators (see
// src/openapi/request-schemas.ts).
import { Type } from '../model/class-metadata.js';
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
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { Protocol, WorkloadKind } from '../model/request.js';
import {
  ABSOLUTE_PATH,
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  IMAGE_REFERENCE,
  NONNEGATIVE_QUANTITY,
  POSITIVE_QUANTITY,
} from '../model/grammars.js';
import {
  Doc,
  ExactlyOneOf,
  IsPortName,
  IsStringMap,
  MatchesGrammar,
  OptionalListOf,
  Schema,
  SchemaFrom,
  UniqueBy,
} from '../model/validators.js';
import { LIMITS } from '../model/limits.js';
import { EnvVar, EnvVarSource, Exec, HttpGet, ProbeTimings, TcpSocket, type KeyRef } from '../model/container-parts.js';
import { IsPortRef } from '../model/validators.js';
import { ExporterServiceMonitor } from '../model/service-monitor.js';
import { AutoscalingDto, NetworkPolicyDto } from './workload-companions.js';
import { HttpRouteDto, IngressDto } from './routing.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';
import {
  AffinityDto,
  EnvFromDto,
  LocalObjectReferenceDto,
  MAX_SCHEDULING_ITEMS,
  TolerationDto,
  TopologySpreadConstraintDto,
} from './scheduling.js';
import { AppVolumeDto, MAX_APP_VOLUMES } from './volumes.js';

const LABEL = DNS1123_LABEL.what;
const SUBDOMAIN = DNS1123_SUBDOMAIN.what;
const AN_ABSOLUTE_PATH = ABSOLUTE_PATH.what;
const MAX_ID = 2147483647;

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const WORKLOADS = ['Deployment', 'StatefulSet'] as const;
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'] as const;

export class AppPortDto {
  @IsPortName()
  @Doc('port name (IANA_SVC_NAME); probes and the Service refer to it', 'http')
  name: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc('port the app listens on', 8080)
  containerPort: number;

  @IsOptional()
  @IsIn(PROTOCOLS)
  @Doc('default TCP')
  protocol?: Protocol;

  @IsOptional()
  @IsBoolean()
  @Doc('false keeps the port off the Service (default true)')
  expose?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc('port on the Service (default: containerPort)')
  servicePort?: number;
}

const SOURCES = ['secretKeyRef', 'configMapKeyRef'];

export class EnvVarSourceDto extends EnvVarSource {
  @ExactlyOneOf(SOURCES, 'valueFrom')
  declare secretKeyRef?: KeyRef;

  @ExactlyOneOf(SOURCES, 'valueFrom')
  declare configMapKeyRef?: KeyRef;
}

export class EnvVarDto extends EnvVar {
  @ExactlyOneOf(['value', 'valueFrom'], 'an environment variable')
  declare value?: string;

  @ExactlyOneOf(['value', 'valueFrom'], 'an environment variable')
  @IsObject()
  @ValidateNested()
  @Type(() => EnvVarSourceDto)
  @Doc('value from a Secret or ConfigMap key (give value or valueFrom)')
  valueFrom?: EnvVarSourceDto;
}

export class QuantitiesDto {
  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  @Doc('CPU, e.g. 100m', '100m')
  cpu?: string;

  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  @Doc('memory, e.g. 128Mi', '128Mi')
  memory?: string;

  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  @Doc('scratch disk, e.g. 1Gi')
  'ephemeral-storage'?: string;
}

export class ResourcesDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantitiesDto)
  @Doc('what the scheduler reserves for the app container (Kubernetes resources.requests)')
  requests?: QuantitiesDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantitiesDto)
  @Doc(
    'the most the app container may use (Kubernetes resources.limits): over the memory limit it is killed, over the CPU limit throttled',
  )
  limits?: QuantitiesDto;
}

export class GrpcDto {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc('port number of the gRPC health service (grpc.health.v1)')
  port: number;

  @IsOptional()
  @IsString()
  @Doc("service name sent in the gRPC health check request; omitted: the server's overall health")
  service?: string;
}

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

export class ProbeDto extends ProbeTimings {
  @ExactlyOneOf(HANDLERS, 'a probe')
  @IsObject()
  @ValidateNested()
  @Type(() => HttpGet)
  @Doc('HTTP GET; 2xx/3xx is healthy (give one handler)')
  httpGet?: HttpGet;

  @ExactlyOneOf(HANDLERS, 'a probe')
  @IsObject()
  @ValidateNested()
  @Type(() => TcpSocket)
  @Doc('TCP connect (give one handler)')
  tcpSocket?: TcpSocket;

  @ExactlyOneOf(HANDLERS, 'a probe')
  @IsObject()
  @ValidateNested()
  @Type(() => Exec)
  @Doc('command (give one handler)')
  exec?: Exec;

  @ExactlyOneOf(HANDLERS, 'a probe')
  @IsObject()
  @ValidateNested()
  @Type(() => GrpcDto)
  @Doc('gRPC health check (give one handler)')
  grpc?: GrpcDto;
}

export class ProbesDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProbeDto)
  @Doc('restarts the container when it fails')
  liveness?: ProbeDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProbeDto)
  @Doc('takes the pod out of the Service while it fails')
  readiness?: ProbeDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProbeDto)
  @Doc('holds the other probes until the app has started')
  startup?: ProbeDto;
}

export class StorageDto {
  @IsString()
  @MatchesGrammar(ABSOLUTE_PATH, AN_ABSOLUTE_PATH)
  @Doc('where the volume is mounted in the app', '/data/db')
  mountPath: string;

  @IsString()
  @MatchesGrammar(POSITIVE_QUANTITY)
  @Doc('requested size of each claim', '20Gi')
  size: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("StorageClass (default: the cluster's default)")
  storageClassName?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACCESS_MODES.length)
  @IsIn(ACCESS_MODES, { each: true })
  @ValidateBy({
    name: 'readWriteOncePodAlone',
    validator: {
      validate: (modes: unknown) => !Array.isArray(modes) || !modes.includes('ReadWriteOncePod') || modes.length === 1,
      defaultMessage: () =>
        'accessModes: ReadWriteOncePod cannot be combined with other access modes (the API server refuses it); give it alone',
    },
  })
  // (the converter takes a custom rule on an array for a $ref to "Array")
  @SchemaFrom(({ $ref: _, ...derived }) => ({
    ...derived,
    anyOf: [{ items: { enum: ACCESS_MODES.filter((m) => m !== 'ReadWriteOncePod') } }, { maxItems: 1 }],
  }))
  @Doc('how the volume can be mounted; ReadWriteOncePod only alone')
  @Schema({ default: REQUEST_DEFAULTS.accessModes })
  accessModes?: (typeof ACCESS_MODES)[number][];

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, LABEL)
  @Doc('name of the claim template and volume')
  @Schema({ default: REQUEST_DEFAULTS.storageName })
  name?: string;
}

export class AppSecurityDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ID)
  @Doc('numeric user the app runs as; 0 (root) only with target.podSecurity "baseline"')
  runAsUser?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ID)
  @Doc("numeric primary group of the app process (Kubernetes runAsGroup); omitted: the image's group")
  runAsGroup?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ID)
  @Doc("group owning the pod's volumes (default: runAsGroup, else 2000)")
  fsGroup?: number;

  @IsOptional()
  @IsBoolean()
  @Doc('false makes the root filesystem writable; when true, writablePaths and /tmp get emptyDirs')
  @Schema({ default: REQUEST_DEFAULTS.readOnlyRootFilesystem })
  readOnlyRootFilesystem?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.writablePaths)
  @IsString({ each: true })
  @MatchesGrammar(ABSOLUTE_PATH, AN_ABSOLUTE_PATH, { each: true })
  @Doc('paths the app writes to', ['/var/cache/app'])
  writablePaths?: string[];
}

export class SecretMountDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("the Secret, in the app's namespace", 'orders-api-keys')
  secretName: string;

  @IsString()
  @MatchesGrammar(ABSOLUTE_PATH, AN_ABSOLUTE_PATH)
  @Doc('the folder its keys appear in as files, read-only', '/etc/orders/keys')
  mountPath: string;

  @IsOptional()
  @IsBoolean()
  @Doc('start the pod even when the Secret does not exist (default false)')
  optional?: boolean;
}

export class AppMetricsDto {
  @IsPortRef()
  @Doc('the app port serving the metrics, by name or number; it must be on the Service', 'http')
  port: number | string;

  @IsOptional()
  @IsString()
  @MatchesGrammar(/^\/\S*$/, 'a path starting with /')
  @Doc('HTTP path', '/metrics')
  @Schema({ default: REQUEST_DEFAULTS.metricsPath })
  path?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExporterServiceMonitor)
  @Doc('a ServiceMonitor (prometheus-operator) scraping the metrics through the Service')
  serviceMonitor?: ExporterServiceMonitor;
}

export class ServiceAccountDto {
  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc('default: the app name')
  name?: string;

  @IsOptional()
  @IsBoolean()
  @Doc('mount the API token')
  @Schema({ default: REQUEST_DEFAULTS.automountToken })
  automountToken?: boolean;

  @IsOptional()
  @IsStringMap('annotations')
  @Doc('annotations on the ServiceAccount, e.g. a cloud workload identity', {
    'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/orders',
  })
  annotations?: Record<string, string>;
}

export class AppDto {
  @IsString()
  @MaxLength(53)
  @MatchesGrammar(
    DNS1035_LABEL,
    'a DNS-1035 label of at most 53 characters: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (it names the Service)',
  )
  @Doc('app name: names the workload, its Service and main container', 'orders')
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, LABEL)
  @Doc("namespace of every object (default: none, so kubectl's current one)", 'shop')
  namespace?: string;

  @IsString()
  @MaxLength(1024)
  @MatchesGrammar(IMAGE_REFERENCE)
  @Doc('container image of the app', 'ghcr.io/acme/orders:1.4.2')
  image: string;

  @IsOptional()
  @IsIn(['Always', 'IfNotPresent', 'Never'])
  @Doc(
    'when the kubelet pulls the image (Kubernetes imagePullPolicy); when omitted it is left out and Kubernetes picks Always for a :latest or untagged image, IfNotPresent otherwise',
  )
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';

  @IsOptional()
  @IsIn(WORKLOADS)
  @Doc('Deployment or StatefulSet (stable identity, storage)')
  @Schema({ default: REQUEST_DEFAULTS.workload })
  workload?: WorkloadKind;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  @Doc(
    "pods of the workload; more than 1 adds a PodDisruptionBudget. With autoscaling the HPA owns the count and the workload carries no replicas (so an apply never resets it); then replicas, if given, must lie within minReplicas..maxReplicas and is the chart's count when autoscaling is turned off",
    2,
  )
  @Schema({ default: REQUEST_DEFAULTS.replicas })
  replicas?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.commandItems)
  @IsString({ each: true })
  @Doc("overrides the image's entrypoint")
  command?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.commandItems)
  @IsString({ each: true })
  @Doc('arguments to the entrypoint')
  args?: string[];

  @OptionalListOf(() => AppPortDto, LIMITS.ports)
  @UniqueBy((p: AppPortDto) => p?.name, 'port names must be unique')
  @UniqueBy(
    (p: AppPortDto) => `${p?.containerPort}/${p?.protocol ?? 'TCP'}`,
    'containerPort and protocol pairs must be unique',
  )
  @Doc(
    "ports the app container listens on (container ports); exposed ones become ports of the app's Service; none: no Service for the app",
  )
  ports?: AppPortDto[];

  @OptionalListOf(() => EnvVarDto, LIMITS.env)
  @UniqueBy((e: EnvVarDto) => e?.name, 'environment variable names must be unique')
  @Doc('environment variables of the app container, each a literal value or a Secret/ConfigMap key (Kubernetes env)')
  env?: EnvVarDto[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ResourcesDto)
  @Doc('requests and limits of the app container')
  resources?: ResourcesDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProbesDto)
  @Doc(
    'health checks of the app container (Kubernetes startup, readiness and liveness probes); none given: the pod has none for the app',
  )
  probes?: ProbesDto;

  @IsOptional()
  @IsStringMap('labels')
  @Doc('extra labels on every object', { team: 'checkout' })
  labels?: Record<string, string>;

  @IsOptional()
  @IsStringMap('annotations')
  @Doc('annotations on the workload')
  annotations?: Record<string, string>;

  @IsOptional()
  @IsStringMap('annotations')
  @Doc('annotations on the pod template')
  podAnnotations?: Record<string, string>;

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, LABEL)
  @Doc('app.kubernetes.io/component label')
  @Schema({ default: REQUEST_DEFAULTS.component })
  component?: string;

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, LABEL)
  @Doc('app.kubernetes.io/part-of (default: the app name)')
  partOf?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StorageDto)
  @Doc('a PersistentVolumeClaim per replica (StatefulSet only)')
  storage?: StorageDto;

  @IsOptional()
  @IsIn(['OrderedReady', 'Parallel'])
  @Doc('StatefulSet only (default OrderedReady)')
  podManagementPolicy?: 'OrderedReady' | 'Parallel';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AppSecurityDto)
  @Doc(
    'who the app runs as and whether its root filesystem is writable; the rest of the container and pod security context is fixed to the restricted Pod Security Standard',
  )
  securityContext?: AppSecurityDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceAccountDto)
  @Doc(
    'the ServiceAccount the pod runs as (created with the bundle); omitted: one named after the app, without an API token mounted',
  )
  serviceAccount?: ServiceAccountDto;

  @IsOptional()
  @IsIn(['ClusterIP', 'NodePort', 'LoadBalancer'])
  @Doc('default ClusterIP')
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AutoscalingDto)
  @Doc(
    "adds a HorizontalPodAutoscaler (autoscaling/v2) that scales on the app container's own CPU and/or memory utilisation (ContainerResource metrics, so helpers never skew it)",
  )
  autoscaling?: AutoscalingDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NetworkPolicyDto)
  @Doc(
    "adds a NetworkPolicy for the app's pods: the Service's ports from ingressFrom (anyone by default), the metrics ports from metricsFrom, a StatefulSet's pods to each other; egress open or restricted",
  )
  networkPolicy?: NetworkPolicyDto;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SecretMountDto)
  @ArrayMaxSize(LIMITS.secretMounts)
  @UniqueBy((m: SecretMountDto) => m?.mountPath, 'mountPaths must be unique')
  @Doc('Secrets mounted read-only in the app container, one file per key (e.g. a file of API keys)')
  secretMounts?: SecretMountDto[];

  @OptionalListOf(() => LocalObjectReferenceDto, MAX_SCHEDULING_ITEMS)
  @UniqueBy((r: LocalObjectReferenceDto) => r?.name, 'imagePullSecrets names must be unique')
  @Doc('Secrets with the credentials of private registries, for every image of the pod (helpers included)', [
    { name: 'regcred' },
  ])
  imagePullSecrets?: LocalObjectReferenceDto[];

  @OptionalListOf(() => EnvFromDto, MAX_SCHEDULING_ITEMS)
  @Doc('every key of a ConfigMap or Secret as env vars of the app container (env wins over a key of the same name)', [
    { configMapRef: { name: 'orders-config' } },
  ])
  envFrom?: EnvFromDto[];

  @IsOptional()
  @IsStringMap('labels')
  @Doc('node labels a node must have to run the pods', { 'kubernetes.io/os': 'linux' })
  nodeSelector?: Record<string, string>;

  @OptionalListOf(() => TolerationDto, MAX_SCHEDULING_ITEMS)
  @Doc('taints the pods tolerate, e.g. nodes dedicated to a team', [
    { key: 'dedicated', operator: 'Equal', value: 'checkout', effect: 'NoSchedule' },
  ])
  tolerations?: TolerationDto[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AffinityDto)
  @Doc('node affinity, pod affinity and pod anti-affinity of the pods (Kubernetes Affinity)')
  affinity?: AffinityDto;

  @OptionalListOf(() => TopologySpreadConstraintDto, MAX_SCHEDULING_ITEMS)
  @Doc("how the pods spread over zones or nodes; labelSelector should select the app's own pods")
  topologySpreadConstraints?: TopologySpreadConstraintDto[];

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("a PriorityClass of the cluster (default: the cluster's default priority)", 'high-priority')
  priorityClassName?: string;

  @OptionalListOf(() => AppVolumeDto, MAX_APP_VOLUMES)
  @UniqueBy((v: AppVolumeDto) => v?.name, 'volume names must be unique')
  @UniqueBy((v: AppVolumeDto) => v?.mountPath, 'mountPaths must be unique')
  @Doc(
    'volumes mounted into the app container: an existing Secret, ConfigMap or PersistentVolumeClaim, or an emptyDir; a helper mounts one by its name',
  )
  volumes?: AppVolumeDto[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AppMetricsDto)
  @Doc(
    'where the app serves its own Prometheus metrics; serviceMonitor.enabled adds a ServiceMonitor, and a chart always has the option',
  )
  metrics?: AppMetricsDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IngressDto)
  @Doc(
    "adds a networking.k8s.io/v1 Ingress to the app's Service: each host's paths go to a Service port (by default the one a reverse-proxy ambassador serves, else the first)",
  )
  ingress?: IngressDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpRouteDto)
  @Doc(
    "adds a gateway.networking.k8s.io/v1 HTTPRoute attached to the given Gateways: each rule's path prefix goes to a Service port (by default the one a reverse-proxy ambassador serves, else the first)",
  )
  httpRoute?: HttpRouteDto;
}
