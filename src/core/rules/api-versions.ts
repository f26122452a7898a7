// When built-in apiVersions were deprecated, removed or first served (Kubernetes deprecated API
// migration guide). Minor versions of 1.x. The schemas come from kubernetes-models, which keeps
// old versions; this table says which of them a given cluster still serves.

export interface ApiLifecycle {
  apiVersion: string;
  /** the kinds this entry covers; all kinds of the apiVersion when absent */
  kinds?: string[];
  deprecated?: number;
  removed?: number;
  /** first minor that serves it (only recorded where it is inside the supported range) */
  introduced?: number;
  /** what to use instead */
  replacement?: string;
}

const STORAGE_BETA_22 = ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'];
const WEBHOOKS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

export const API_LIFECYCLE: ApiLifecycle[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    deprecated: 9,
    removed: 16,
    replacement: 'apps/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    deprecated: 9,
    removed: 16,
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecated: 10,
    removed: 16,
    replacement: 'Pod Security Admission (no object)',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    deprecated: 14,
    removed: 22,
    replacement: 'networking.k8s.io/v1',
  },
  { apiVersion: 'apps/v1beta1', deprecated: 9, removed: 16, replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', deprecated: 9, removed: 16, replacement: 'apps/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    deprecated: 19,
    removed: 22,
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: WEBHOOKS,
    deprecated: 16,
    removed: 22,
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', deprecated: 16, removed: 22, replacement: 'apiextensions.k8s.io/v1' },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    deprecated: 19,
    removed: 22,
    replacement: 'apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    deprecated: 19,
    removed: 22,
    replacement: 'authentication.k8s.io/v1',
  },
  { apiVersion: 'authorization.k8s.io/v1beta1', deprecated: 19, removed: 22, replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', deprecated: 19, removed: 22, replacement: 'certificates.k8s.io/v1' },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    deprecated: 19,
    removed: 22,
    replacement: 'coordination.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    deprecated: 17,
    removed: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  { apiVersion: 'scheduling.k8s.io/v1beta1', deprecated: 14, removed: 22, replacement: 'scheduling.k8s.io/v1' },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: STORAGE_BETA_22,
    deprecated: 19,
    removed: 22,
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    deprecated: 24,
    removed: 27,
    replacement: 'storage.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecated: 21, removed: 25, replacement: 'batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    deprecated: 21,
    removed: 25,
    replacement: 'discovery.k8s.io/v1',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    deprecated: 19,
    removed: 25,
    replacement: 'events.k8s.io/v1',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    deprecated: 22,
    removed: 25,
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    deprecated: 23,
    removed: 26,
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    deprecated: 21,
    removed: 25,
    replacement: 'policy/v1',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecated: 21,
    removed: 25,
    replacement: 'Pod Security Admission (no object)',
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    deprecated: 20,
    removed: 25,
    replacement: 'node.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    deprecated: 23,
    removed: 26,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    deprecated: 26,
    removed: 29,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    deprecated: 29,
    removed: 32,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  { apiVersion: 'v1', kinds: ['ComponentStatus'], deprecated: 19 },
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecated: 33, replacement: 'discovery.k8s.io/v1 EndpointSlice' },
  { apiVersion: 'authentication.k8s.io/v1', kinds: ['SelfSubjectReview'], introduced: 28 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', introduced: 29 },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    introduced: 30,
  },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['IPAddress', 'ServiceCIDR'], introduced: 33 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['VolumeAttributesClass'], introduced: 34 },
  { apiVersion: 'resource.k8s.io/v1', introduced: 34 },
];

export function lifecycleOf(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return API_LIFECYCLE.find((e) => e.apiVersion === apiVersion && (!e.kinds || e.kinds.includes(kind)));
}

/** Groups served by the API server itself; anything else is a custom resource. */
export function isBuiltInGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}
