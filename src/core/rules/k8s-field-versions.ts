// Fields by the Kubernetes release that added them, for targets older than the schemas we check
// against (kubernetes-models describes a release after 1.30). Known only where definitions of
// older releases can be had: kubernetes-types 1.29 and 1.30 (schema-completeness.spec.ts walks
// them beside our field catalogue and proves each entry). So a field is unknown to a 1.29 target
// if 1.30 added it, and to a target of 1.30 or older if a later release did; which later
// release, and what 1.27 and 1.28 lacked, cannot be told from here.

/** The first minor that has the field ("Type.field" of k8s-fields.json); 31 means "after 1.30". */
export const FIELD_SINCE: Readonly<Record<string, number>> = {
  // added in 1.30 (in kubernetes-types 1.30, not in 1.29)
  ...since(30, [
    'apiextensions.k8s.io.v1.CustomResourceDefinitionVersion.selectableFields',
    'batch.v1.JobSpec.managedBy',
    'batch.v1.JobSpec.successPolicy',
    'v1.ContainerStatus.volumeMounts',
    'v1.NodeStatus.runtimeHandlers',
    'v1.PodSecurityContext.appArmorProfile',
    'v1.SecurityContext.appArmorProfile',
    'v1.ServiceSpec.trafficDistribution',
    'v1.VolumeMount.recursiveReadOnly',
  ]),
  // added after 1.30 (in kubernetes-models, not in kubernetes-types 1.30)
  ...since(31, [
    'apiextensions.k8s.io.v1.CustomResourceDefinitionStatus.observedGeneration',
    'apiextensions.k8s.io.v1.CustomResourceDefinitionCondition.observedGeneration',
    'v1.PodSpec.hostnameOverride',
    'v1.PodSpec.resources',
    'v1.PodSpec.schedulingGroup',
    'v1.Container.restartPolicyRules',
    'v1.EphemeralContainer.restartPolicyRules',
    'v1.EnvVarSource.fileKeyRef',
    'v1.Lifecycle.stopSignal',
    'v1.ResourceClaim.request',
    'v1.PodResourceClaim.resourceClaimName',
    'v1.PodResourceClaim.resourceClaimTemplateName',
    'v1.PodSecurityContext.seLinuxChangePolicy',
    'v1.PodSecurityContext.supplementalGroupsPolicy',
    'v1.Volume.image',
    'v1.VolumeProjection.podCertificate',
    'apps.v1.DeploymentStatus.terminatingReplicas',
    'apps.v1.ReplicaSetStatus.terminatingReplicas',
    'authorization.k8s.io.v1.ResourceAttributes.fieldSelector',
    'authorization.k8s.io.v1.ResourceAttributes.labelSelector',
    'autoscaling.v2.HPAScalingRules.tolerance',
    'coordination.k8s.io.v1.LeaseSpec.preferredHolder',
    'coordination.k8s.io.v1.LeaseSpec.strategy',
    'discovery.k8s.io.v1.EndpointHints.forNodes',
    'apimachinery.apis.meta.v1.DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential',
    'storage.k8s.io.v1.CSIDriverSpec.nodeAllocatableUpdatePeriodSeconds',
    'storage.k8s.io.v1.CSIDriverSpec.preventPodSchedulingIfMissing',
    'storage.k8s.io.v1.CSIDriverSpec.serviceAccountTokenInSecrets',
    'storage.k8s.io.v1.VolumeError.errorCode',
    'v1.NodeStatus.declaredFeatures',
    'v1.NodeStatus.features',
    'v1.NodeSystemInfo.swap',
    'v1.NodeRuntimeHandlerFeatures.userNamespaces',
    'v1.PodStatus.allocatedResources',
    'v1.PodStatus.extendedResourceClaimStatus',
    'v1.PodStatus.nodeAllocatableResourceClaimStatuses',
    'v1.PodStatus.observedGeneration',
    'v1.PodStatus.resources',
    'v1.PodCondition.observedGeneration',
    'v1.ContainerStatus.allocatedResourcesStatus',
    'v1.ContainerStatus.stopSignal',
    'v1.ContainerStatus.user',
    'v1.VolumeMountStatus.volumeStatus',
  ]),
};

/** The newest minor whose fields FIELD_SINCE tells apart: targets from here on accept every catalogued field. */
export const FIELDS_KNOWN_UNTIL = 30;

function since(minor: number, fields: string[]): Record<string, number> {
  return Object.fromEntries(fields.map((f) => [f, minor]));
}
