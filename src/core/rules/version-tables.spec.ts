// The version tables of the rules checked against upstream data written out here, each with its
// source, so that a moved version gate fails a test instead of passing every shape check.
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { lifecycleOf } from './api-versions.js';
import { runRules } from './engine.js';

/**
 * Kubernetes "Deprecated API Migration Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide/,
 * "Removed APIs by release"): the release that stopped serving each apiVersion of each kind.
 */
const REMOVED_BY_GUIDE: [apiVersion: string, kind: string, removed: number][] = [
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 32],
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 32],
  ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 29],
  ['flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', 29],
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 27],
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', 26],
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', 26],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 26],
  ['batch/v1beta1', 'CronJob', 25],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', 25],
  ['events.k8s.io/v1beta1', 'Event', 25],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 25],
  ['policy/v1beta1', 'PodDisruptionBudget', 25],
  ['policy/v1beta1', 'PodSecurityPolicy', 25],
  ['node.k8s.io/v1beta1', 'RuntimeClass', 25],
  ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 22],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', 22],
  ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 22],
  ['apiregistration.k8s.io/v1beta1', 'APIService', 22],
  ['authentication.k8s.io/v1beta1', 'TokenReview', 22],
  ['authorization.k8s.io/v1beta1', 'SubjectAccessReview', 22],
  ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', 22],
  ['coordination.k8s.io/v1beta1', 'Lease', 22],
  ['extensions/v1beta1', 'Ingress', 22],
  ['networking.k8s.io/v1beta1', 'Ingress', 22],
  ['networking.k8s.io/v1beta1', 'IngressClass', 22],
  ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', 22],
  ['rbac.authorization.k8s.io/v1beta1', 'RoleBinding', 22],
  ['scheduling.k8s.io/v1beta1', 'PriorityClass', 22],
  ['storage.k8s.io/v1beta1', 'StorageClass', 22],
  ['storage.k8s.io/v1beta1', 'CSIDriver', 22],
  ['extensions/v1beta1', 'NetworkPolicy', 16],
  ['extensions/v1beta1', 'DaemonSet', 16],
  ['extensions/v1beta1', 'Deployment', 16],
  ['apps/v1beta1', 'Deployment', 16],
  ['apps/v1beta2', 'StatefulSet', 16],
  ['apps/v1beta2', 'ReplicaSet', 16],
];

const SUPPORTED = [27, 28, 29, 30, 31, 32, 33, 34, 35];
const findingsAt = (object: K8sObject, minor: number, podSecurity: 'baseline' | 'restricted' = 'baseline') =>
  runRules({ documents: [{ index: 0, object }], minor, podSecurity, mode: 'validate' });

describe('API removals, as the deprecation guide lists them', () => {
  it.each(REMOVED_BY_GUIDE)('%s %s is removed in 1.%i', (apiVersion, kind, removed) => {
    expect(lifecycleOf(apiVersion, kind)?.removed).toBe(removed);
  });

  it('api.removed fires from the removal release on, and not before it', () => {
    for (const [apiVersion, kind, removed] of REMOVED_BY_GUIDE) {
      const object = { apiVersion, kind, metadata: { name: 'x', namespace: 'default' } } as K8sObject;
      for (const minor of SUPPORTED) {
        const fired = findingsAt(object, minor).some((f) => f.rule === 'api.removed');
        expect(fired, `${apiVersion} ${kind} at 1.${minor}`).toBe(minor >= removed);
      }
    }
  });
});

const pod = (containerSecurity: Record<string, unknown>, extra: Record<string, unknown> = {}): K8sObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'registry.example/c:1', securityContext: containerSecurity, ...extra }] },
  }) as K8sObject;

describe('Pod Security version gates, as pod-security-admission sets them', () => {
  // policy/check_seLinuxOptions.go: selinuxAllowedTypes1_0 = "", container_t, container_init_t,
  // container_kvm_t; selinuxAllowedTypes1_31 adds container_engine_t (MinimumVersion 1.31).
  const SELINUX_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
  const SELINUX_1_31 = [...SELINUX_1_0, 'container_engine_t'];

  it.each(SUPPORTED)('SELinux types allowed at 1.%i', (minor) => {
    const allowed = minor >= 31 ? SELINUX_1_31 : SELINUX_1_0;
    for (const type of [...SELINUX_1_31, 'spc_t', 'unconfined_t']) {
      const fired = findingsAt(pod({ seLinuxOptions: { type } }), minor).some((f) => f.rule === 'pss.selinux');
      expect(fired, `${type} at 1.${minor}`).toBe(!allowed.includes(type));
    }
  });

  // policy/check_hostProbesAndHostLifecycle.go: CheckHostProbesAndHostLifecycle, MinimumVersion 1.34,
  // baseline; a probe's or handler's host must be unset.
  it.each(SUPPORTED)('a probe with a host is refused from 1.34 on (1.%i)', (minor) => {
    const probe = { httpGet: { host: '10.0.0.1', path: '/', port: 8080 } };
    const fired = findingsAt(pod({}, { livenessProbe: probe }), minor).some((f) => f.rule === 'pss.host-probes');
    expect(fired).toBe(minor >= 34);
  });
});
