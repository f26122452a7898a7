// Schema completeness: the fields we accept for each kind, side by side with an authoritative
// source, the kubernetes-types declarations (generated from the Kubernetes 1.30 OpenAPI
// definitions by another project than kubernetes-models). Every difference is listed with its
// reason; a new one, or a listed one that no longer occurs, fails the test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  declarationFiles,
  kubernetesModelsTypeName,
  walkKinds,
  type FieldCatalogue,
} from '../../../scripts/k8s-fields.mjs';
import { SUPPORTED_VERSIONS } from '../model/request.js';
import { FIELD_SINCE, FIELDS_KNOWN_UNTIL } from './k8s-field-versions.js';
import { checkSchema, fieldsNewerThan, kindInfo } from './k8s-schemas.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const OURS = JSON.parse(readFileSync(join(import.meta.dirname, 'k8s-fields.json'), 'utf8')) as FieldCatalogue & {
  source: string;
};

const EXTENSIONS = [
  'embedded-resource',
  'int-or-string',
  'list-map-keys',
  'list-type',
  'map-type',
  'preserve-unknown-fields',
];
const AFTER_1_30 = 'added after Kubernetes 1.30: kubernetes-models describes a later release';
const DOC_CLOSES_COMMENT =
  'kubernetes-types drops a field whose documentation holds "*/" (it ends the doc comment, and the field with it); the API has it';
const NO_EXTENSIONS =
  'kubernetes-types leaves out the x-kubernetes-* properties of JSONSchemaProps; the API has them (apiextensions/v1 JSONSchemaProps)';

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
  '- v1.PodResourceClaim.source':
    'removed in Kubernetes 1.31 (replaced by resourceClaimName and resourceClaimTemplateName)',
  ...Object.fromEntries(
    Object.entries(FIELD_SINCE)
      .filter(([, minor]) => minor > 30)
      .map(([f]) => [`+ ${f}`, AFTER_1_30]),
  ),
};

const DESCRIPTION = 'a property named "description" is taken for documentation by the schema generator and left out';
const EXTENSION = 'the x-kubernetes-* extension properties are left out of the compiled schema';

/**
 * Where the compiled schemas of kubernetes-models drop fields its own declarations have: the
 * catalogue fills them in.
 */
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
    } else if ((a[0] === '[' && b[0] === '[') || (a[0] === '{' && b[0] === '{'))
      compare(a.slice(1, -1), b.slice(1, -1));
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
    const fresh = walkKinds(
      [...files, ...declarationFiles(join(ROOT, 'node_modules', '@kubernetes-models', 'apimachinery'))],
      kubernetesModelsTypeName,
    );
    expect(fresh.kinds).toEqual(OURS.kinds);
    expect(fresh.types).toEqual(OURS.types);
  }, 120_000);

  const source = (pkg: string): FieldCatalogue => {
    const dir = join(ROOT, 'node_modules', pkg);
    return walkKinds(
      declarationFiles(dir),
      (name, file) => `${file.slice(dir.length + 1).replace(/\.d\.ts$/, '')}:${name}`,
    );
  };
  let memo: string[] | undefined;
  const release130 = () => (memo ??= differences(OURS, source('kubernetes-types')));

  it('our fields and those of kubernetes-types 1.30 differ only where listed, each for its reason', () => {
    const theirs = source('kubernetes-types');
    memo = differences(OURS, theirs);
    const shared = Object.keys(OURS.kinds).filter((k) => theirs.kinds[k]);
    expect(shared.length).toBeGreaterThan(60); // the GA kinds of 1.30
    const found = release130();
    expect(
      found.filter((d) => !KNOWN_DIFFERENCES[d]),
      'differences without a reason',
    ).toEqual([]);
    expect(
      Object.keys(KNOWN_DIFFERENCES).filter((d) => !found.includes(d)),
      'listed differences that no longer occur',
    ).toEqual([]);
  }, 120_000);

  it('the fields Kubernetes 1.30 added (kubernetes-types 1.29 beside 1.30) are the ones a 1.29 target does not know', () => {
    const added130 = differences(OURS, source('kubernetes-types-1.29')).filter((d) => !release130().includes(d));
    expect(added130).toEqual(
      Object.entries(FIELD_SINCE)
        .filter(([, minor]) => minor === 30)
        .map(([f]) => `+ ${f}`)
        .sort(),
    );
  }, 120_000);

  /** Fields only found inside a newer field: where that one is unknown, it is the finding. */
  const INSIDE_NEWER: Record<string, string> = {
    'v1.VolumeMountStatus.volumeStatus': 'v1.ContainerStatus.volumeMounts',
    'v1.NodeRuntimeHandlerFeatures.userNamespaces': 'v1.NodeStatus.runtimeHandlers',
  };

  for (const version of SUPPORTED_VERSIONS) {
    const minor = Number(version.split('.')[1]);
    it(`Kubernetes ${version}: of an object with every field, exactly the fields the release lacks are unknown`, () => {
      const lacking = new Set(
        Object.entries(FIELD_SINCE)
          .filter(([f, since]) => since > minor && !(INSIDE_NEWER[f] && FIELD_SINCE[INSIDE_NEWER[f]] > minor))
          .map(([f]) => f.split('.').pop()),
      );
      const flagged = new Set<string>();
      for (const [key, type] of Object.entries(OURS.kinds)) {
        const slash = key.lastIndexOf('/');
        const object = { ...(fullValue(type) as object), apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
        for (const issue of fieldsNewerThan(object, minor)) flagged.add(issue.path.split('/').pop()!);
      }
      expect([...flagged].sort()).toEqual([...lacking].sort());
      if (minor > FIELDS_KNOWN_UNTIL) expect(flagged.size).toBe(0);
    });
  }

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
