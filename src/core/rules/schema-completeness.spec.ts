// Schema completeness: the fields we accept for each kind, side by side with an authoritative
// source, the kubernetes-types declarations (generated from the Kubernetes 1.30 OpenAPI
// definitions by another project than kubernetes-models). Every difference is listed with its
// reason; a new one, or a listed one that no longer occurs, fails the test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarationFiles, kubernetesModelsTypeName, walkKinds, type FieldCatalogue } from '../../../scripts/k8s-fields.mjs';
import { checkSchema, kindInfo } from './k8s-schemas.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const OURS = JSON.parse(readFileSync(join(import.meta.dirname, 'k8s-fields.json'), 'utf8')) as FieldCatalogue & { source: string };

const EXTENSIONS = ['embedded-resource', 'int-or-string', 'list-map-keys', 'list-type', 'map-type', 'preserve-unknown-fields'];
const AFTER_1_30 = 'added after Kubernetes 1.30: kubernetes-models describes a later release';
const DOC_CLOSES_COMMENT = 'kubernetes-types drops a field whose documentation holds "*/" (it ends the doc comment, and the field with it); the API has it';
const NO_EXTENSIONS = 'kubernetes-types leaves out the x-kubernetes-* properties of JSONSchemaProps; the API has them (apiextensions/v1 JSONSchemaProps)';

/** Fields we have and kubernetes-types 1.30 has not ("+"), or the reverse ("-"), by our type name, with the reason. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  '+ admissionregistration.k8s.io.v1.RuleWithOperations.resources': DOC_CLOSES_COMMENT,
  '+ admissionregistration.k8s.io.v1.RuleWithOperations.scope': DOC_CLOSES_COMMENT,
  '+ admissionregistration.k8s.io.v1.NamedRuleWithOperations.resources': DOC_CLOSES_COMMENT,
  '+ admissionregistration.k8s.io.v1.NamedRuleWithOperations.scope': DOC_CLOSES_COMMENT,
  '+ authorization.k8s.io.v1.ResourceRule.resources': DOC_CLOSES_COMMENT,
  '+ authorization.k8s.io.v1.ResourceRule.verbs': DOC_CLOSES_COMMENT,
  ...Object.fromEntries(
    [...EXTENSIONS, 'validations'].map((x) => [
      `+ apiextensions.k8s.io.v1.JSONSchemaProps.x-kubernetes-${x}`,
      NO_EXTENSIONS,
    ]),
  ),
  '- v1.PodResourceClaim.source': 'removed in Kubernetes 1.31 (replaced by resourceClaimName and resourceClaimTemplateName)',
  ...Object.fromEntries(
    [
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
    ].map((f) => [`+ ${f}`, AFTER_1_30]),
  ),
};

const DESCRIPTION = 'a property named "description" is taken for documentation by the schema generator and left out';
const EXTENSION = 'the x-kubernetes-* extension properties are left out of the compiled schema';

/** Where the compiled schemas of kubernetes-models drop fields its own declarations have: the catalogue fills them in. */
const FILLED_BY_THE_CATALOGUE: Record<string, string> = {
  ...Object.fromEntries(
    ['v1', 'v1beta1'].flatMap((v) => [
      [`apiextensions.k8s.io.${v}.JSONSchemaProps.description`, DESCRIPTION],
      [`apiextensions.k8s.io.${v}.CustomResourceColumnDefinition.description`, DESCRIPTION],
      [`apiextensions.k8s.io.${v}.ExternalDocumentation.description`, DESCRIPTION],
      [`scheduling.k8s.io.${v}.PriorityClass.description`, DESCRIPTION],
      ...EXTENSIONS.map((x) => [`apiextensions.k8s.io.${v}.JSONSchemaProps.x-kubernetes-${x}`, EXTENSION]),
    ]),
  ),
  'apiextensions.k8s.io.v1.JSONSchemaProps.x-kubernetes-validations': EXTENSION,
};

/** Fields of kubernetes-types, walked pairwise with ours from each kind both have. */
function differences(ours: FieldCatalogue, theirs: FieldCatalogue): string[] {
  const out = new Set<string>();
  const compared = new Set<string>();
  const compare = (a: string, b: string): void => {
    if (a.startsWith('#') && b.startsWith('#')) {
      if (compared.has(`${a} ${b}`)) return;
      compared.add(`${a} ${b}`);
      const mine = ours.types[a.slice(1)];
      const source = theirs.types[b.slice(1)];
      for (const f of Object.keys(mine)) if (!(f in source)) out.add(`+ ${a.slice(1)}.${f}`);
      for (const f of Object.keys(source)) if (!(f in mine)) out.add(`- ${a.slice(1)}.${f}`);
      for (const f of Object.keys(mine)) if (f in source) compare(mine[f], source[f]);
    } else if ((a[0] === '[' && b[0] === '[') || (a[0] === '{' && b[0] === '{')) compare(a.slice(1, -1), b.slice(1, -1));
    else if ((a[0] === '#') !== (b[0] === '#') && a !== 'any' && b !== 'any') out.add(`~ ${a} / ${b}`); // an object on one side only
  };
  for (const [kind, type] of Object.entries(ours.kinds)) if (theirs.kinds[kind]) compare(type, theirs.kinds[kind]);
  return [...out].sort();
}

/** An object of the type with every field set (each type expanded once along a path). */
function fullValue(holds: string, stack: string[] = []): unknown {
  if (holds.startsWith('[')) return [fullValue(holds.slice(1, -1), stack)];
  if (holds.startsWith('{')) return { k: fullValue(holds.slice(1, -1), stack) };
  if (holds.startsWith('#')) {
    const type = holds.slice(1);
    if (stack.includes(type)) return {};
    return Object.fromEntries(Object.entries(OURS.types[type]).map(([f, h]) => [f, fullValue(h, [...stack, type])]));
  }
  return holds === 'number' ? 1 : holds === 'boolean' ? true : 'x';
}

describe('schema completeness', () => {
  it('the field catalogue is what scripts/k8s-fields.mjs reads from the kubernetes-models declarations', () => {
    const models = join(ROOT, 'node_modules', 'kubernetes-models');
    const files = declarationFiles(models).filter((f) => !f.includes('_schemas') && !f.endsWith('index.d.ts'));
    const fresh = walkKinds([...files, ...declarationFiles(join(ROOT, 'node_modules', '@kubernetes-models', 'apimachinery'))], kubernetesModelsTypeName);
    expect(fresh.kinds).toEqual(OURS.kinds);
    expect(fresh.types).toEqual(OURS.types);
  }, 120_000);

  it('our fields and those of kubernetes-types 1.30 differ only where listed, each for its reason', () => {
    const dir = join(ROOT, 'node_modules', 'kubernetes-types');
    const theirs = walkKinds(declarationFiles(dir), (name, file) => `${file.slice(dir.length + 1).replace(/\.d\.ts$/, '')}:${name}`);
    const shared = Object.keys(OURS.kinds).filter((k) => theirs.kinds[k]);
    expect(shared.length).toBeGreaterThan(60); // the GA kinds of 1.30
    const found = differences(OURS, theirs);
    expect(found.filter((d) => !KNOWN_DIFFERENCES[d]), 'differences without a reason').toEqual([]);
    expect(Object.keys(KNOWN_DIFFERENCES).filter((d) => !found.includes(d)), 'listed differences that no longer occur').toEqual([]);
  }, 120_000);

  it('every field of every kind is accepted: an object with all of them gets no unknown-field finding', () => {
    const filled = new Set<string>();
    let kinds = 0;
    for (const [key, type] of Object.entries(OURS.kinds)) {
      const slash = key.lastIndexOf('/');
      const [apiVersion, kind] = [key.slice(0, slash), key.slice(slash + 1)];
      if (!kindInfo(apiVersion, kind)) continue;
      kinds++;
      const object = { ...(fullValue(type) as object), apiVersion, kind };
      const result = checkSchema(object)!;
      expect(result.unknownFields, key).toEqual([]);
      for (const f of result.filled) filled.add(f);
    }
    expect(kinds).toBe(Object.keys(OURS.kinds).length);
    expect([...filled].sort()).toEqual(Object.keys(FILLED_BY_THE_CATALOGUE).sort());
  }, 120_000);
});
