// CustomResourceDefinitions: what the API server checks of the schemas a CRD declares, beyond
// the shape of the CRD object itself (schema.type and schema.unknown-field check that).
import { pointer } from '../model/errors.js';
import { asObj, isObj, objEntries, show, type Obj } from './pod-spec.js';
import type { RawFinding, Rule } from './rule.js';

const TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);

const crd = (type: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  names:
    kind: Backup
    plural: backups
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                schedule:
                  description: when to back up, in cron syntax
                  type: ${type}
`;

/** Every schema node below a JSONSchemaProps (itself included), with its JSON Pointer. */
function schemaNodes(
  schema: Obj,
  path: string,
  out: { node: Obj; path: string }[] = [],
): { node: Obj; path: string }[] {
  out.push({ node: schema, path });
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    for (const [name, child] of Object.entries(asObj(schema[key]) ?? {}))
      if (isObj(child)) schemaNodes(child, `${path}/${key}${pointer(name)}`, out);
  }
  for (const key of ['additionalProperties', 'additionalItems', 'not', 'items']) {
    if (isObj(schema[key])) schemaNodes(schema[key], `${path}/${key}`, out);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'items']) {
    for (const [child, i] of objEntries(schema[key])) schemaNodes(child, `${path}/${key}/${i}`, out);
  }
  return out;
}

export const crdSchemaRule: Rule = {
  id: 'crd.schema',
  layer: 'schema',
  severity: 'error',
  title:
    'A CustomResourceDefinition declares a schema for each version, with types the API server knows, and one storage version',
  rationale:
    'apiextensions.k8s.io/v1 needs spec.versions[*].schema.openAPIV3Schema ("schemas are required"); ' +
    'a schema type is one of array, boolean, integer, number, object, string; and exactly one ' +
    'version is the storage version. The API server refuses the CRD otherwise, and with it every ' +
    'custom resource of the bundle.',
  seeAlso: ['kubectl --dry-run=server', 'controller-gen'],
  examples: {
    failing: crd('strng'),
    passing: crd('string'),
    at: { path: '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/schedule/type', line: 24 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      const o = document.object;
      if (o?.kind !== 'CustomResourceDefinition' || o.apiVersion !== 'apiextensions.k8s.io/v1') continue;
      const versions = objEntries(asObj(o.spec)?.versions);
      for (const [version, i] of versions) {
        const at = `/spec/versions/${i}`;
        const schema = asObj(asObj(version.schema)?.openAPIV3Schema);
        if (!schema) {
          out.push({
            document,
            path: `${at}/schema`,
            message: `version ${show(version.name)} has no schema.openAPIV3Schema; apiextensions.k8s.io/v1 requires one`,
          });
          continue;
        }
        for (const { node, path } of schemaNodes(schema, `${at}/schema/openAPIV3Schema`)) {
          if (typeof node.type === 'string' && !TYPES.has(node.type)) {
            out.push({
              document,
              path: `${path}/type`,
              message: `type "${node.type}" is not one of ${[...TYPES].join(', ')}`,
            });
          }
        }
      }
      const storage = versions.filter(([v]) => v.storage === true).length;
      if (versions.length && storage !== 1)
        out.push({
          document,
          path: '/spec/versions',
          message: `${storage} versions are marked storage: true; exactly one must be`,
        });
    }
    return out;
  },
};

export const CRD_RULES: Rule[] = [crdSchemaRule];
