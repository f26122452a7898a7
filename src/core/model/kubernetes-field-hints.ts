// An unknown field of a request that is a real Kubernetes field name: the request's objects stand in
// for Kubernetes ones (the app for a Container, its PodSpec and workload spec), so people write the
// names they know. Such a field is not a typo; the message says pod-patterns does not take it and,
// where one exists, what to do instead. The names come from the field catalogue the validator
// uses (k8s-fields.json, read from the kubernetes-models declarations).
import FIELDS from '../rules/k8s-fields.json' with { type: 'json' };

const TYPES = (FIELDS as { types: Record<string, Record<string, string>> }).types;

/** The Kubernetes types whose fields each request class (by class name) stands in for. */
const STANDS_FOR: Record<string, readonly string[]> = {
  AppDto: [
    'v1.Container',
    'v1.PodSpec',
    'apps.v1.DeploymentSpec',
    'apps.v1.StatefulSetSpec',
    'apimachinery.apis.meta.v1.ObjectMeta',
  ],
  AppPortDto: ['v1.ContainerPort', 'v1.ServicePort'],
  EnvVarDto: ['v1.EnvVar'],
  EnvVarSourceDto: ['v1.EnvVarSource'],
  ResourcesDto: ['v1.ResourceRequirements'],
  ProbeDto: ['v1.Probe'],
  HttpGet: ['v1.HTTPGetAction'],
  StorageDto: ['v1.PersistentVolumeClaimSpec'],
  AppSecurityDto: ['v1.SecurityContext', 'v1.PodSecurityContext'],
  ServiceAccountDto: ['v1.ServiceAccount', 'apimachinery.apis.meta.v1.ObjectMeta'],
  AutoscalingDto: ['autoscaling.v2.HorizontalPodAutoscalerSpec'],
  NetworkPolicyDto: ['networking.k8s.io.v1.NetworkPolicySpec'],
  CustomSidecarParams: ['v1.Container'],
  CustomPort: ['v1.ContainerPort'],
  CustomEnvVar: ['v1.EnvVar'],
  CustomEnvSource: ['v1.EnvVarSource'],
  CustomProbe: ['v1.Probe'],
  CustomMount: ['v1.VolumeMount'],
  AppVolumeDto: ['v1.Volume', 'v1.VolumeMount'],
  EnvFromDto: ['v1.EnvFromSource'],
  TolerationDto: ['v1.Toleration'],
  TopologySpreadConstraintDto: ['v1.TopologySpreadConstraint'],
};

const PROBES = 'use probes.liveness, probes.readiness or probes.startup instead';
const MOUNTS =
  "give each volume with its mountPath in volumes (a Secret, ConfigMap, PersistentVolumeClaim or emptyDir), or use secretMounts (a Secret as read-only files), securityContext.writablePaths (a writable folder) or storage (a StatefulSet's volume) instead";
/** Volume sources app.volumes does not take. */
const VOLUME_SOURCE =
  'app.volumes takes secret, configMap, persistentVolumeClaim or emptyDir; use a PersistentVolumeClaim for other storage';

/** What to do instead, per request class and field. */
const INSTEAD: Record<string, Record<string, string>> = {
  AppDto: {
    livenessProbe: 'use probes.liveness instead',
    readinessProbe: 'use probes.readiness instead',
    startupProbe: 'use probes.startup instead',
    volumeMounts: MOUNTS,
    containers: 'the app is the main container; add others under sidecars (preset "custom"), ambassadors or adapters',
    initContainers:
      'add helpers under sidecars: they start before the app (as native sidecars where the Kubernetes version has them)',
    volumeClaimTemplates: 'use storage, with workload "StatefulSet", instead',
    serviceAccountName: 'use serviceAccount.name instead',
    automountServiceAccountToken: 'use serviceAccount.automountToken instead',
    metadata: 'give name, namespace, labels and annotations directly under app',
    template: 'the pod template is made from app (podAnnotations sets its annotations)',
    selector: "the selector is made from the app's name; use labels for more labels",
    serviceName: "the StatefulSet's headless Service is made for you",
    strategy: 'Deployments roll out with the Kubernetes default strategy',
    updateStrategy: 'StatefulSets roll out with the Kubernetes default strategy',
  },
  AppPortDto: {
    hostPort:
      'the app is reached through its Service: use servicePort, and app.serviceType "NodePort" or "LoadBalancer" from outside the cluster',
    port: 'use servicePort instead',
    targetPort: 'use containerPort instead',
  },
  AppSecurityDto: {
    runAsNonRoot:
      'every container runs as non-root already (unless target.podSecurity is "baseline"); set runAsUser to the non-root uid the image is built for',
  },
  CustomSidecarParams: {
    livenessProbe: PROBES,
    readinessProbe: PROBES,
    startupProbe: PROBES,
    volumeMounts: 'use mounts (volumes of other helpers) or writablePaths instead',
    securityContext: 'give runAsUser and readOnlyRootFilesystem directly on the item',
  },
  StorageDto: { resources: 'use size (the requested storage, e.g. 10Gi) instead' },
  AppVolumeDto: {
    hostPath:
      'a hostPath volume reads the node\'s filesystem and breaks Pod Security "restricted" and "baseline"; use a PersistentVolumeClaim',
    ...Object.fromEntries(
      ['nfs', 'csi', 'projected', 'downwardAPI', 'ephemeral', 'image', 'iscsi', 'gitRepo'].map((k) => [
        k,
        VOLUME_SOURCE,
      ]),
    ),
  },
};

/** "PodSpec" for "v1.PodSpec". */
const shortName = (type: string) => type.slice(type.lastIndexOf('.') + 1);

/**
 * The message for an unknown field `field` of an object of request class `className`, when the name
 * is a Kubernetes field of a type the class stands in for (or one the service will take later);
 * undefined for other names.
 */
export function kubernetesFieldHint(className: string | undefined, field: string): string | undefined {
  if (!className) return undefined;
  const owner = (STANDS_FOR[className] ?? []).find((type) => Object.hasOwn(TYPES[type] ?? {}, field));
  const where = owner ? `the Kubernetes ${shortName(owner)} field "${field}"` : `"${field}"`;
  if (!owner) return undefined;
  const instead = INSTEAD[className]?.[field];
  return `${where} is not supported by pod-patterns${instead ? `; ${instead}` : ''}`;
}
