// Walking JSON Schemas derived from the decorators: the references a schema makes and a copy with
// each schema object rewritten (references moved, objects closed), shared by the catalogue, the
// OpenAPI document and the chart values schema.
import { getMetadataStorage } from 'class-validator';

export type JsonSchema = Record<string, unknown>;

/** The last segment of `ref` (`#/components/schemas/Name` -> `Name`). */
export const refName = (ref: string): string => ref.split('/').pop()!;

/** Names of the schemas `node` refers to, in order of first reference (only refs under `prefix` when given). */
export function refsIn(node: unknown, prefix = '', found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, prefix, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        if (v.startsWith(prefix)) found.add(refName(v));
      } else refsIn(v, prefix, found);
    }
  }
  return found;
}

/**
 * A copy of `node` in which each `$ref` is `to($ref)`, and with `mappings` each target of a
 * discriminator mapping too: the one reference rewriter (OpenAPI names, chart definitions).
 */
export function retargetRefs(node: unknown, to: (ref: string) => string, mappings = false): unknown {
  const walk = (n: unknown, key?: string, parent?: string): unknown => {
    if (typeof n === 'string') return key === '$ref' || (mappings && parent === 'mapping') ? to(n) : n;
    if (Array.isArray(n)) return n.map((x) => walk(x));
    if (!n || typeof n !== 'object') return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, walk(v, k, key)]));
  };
  return walk(node);
}

/**
 * A copy of `node` in which every object, innermost first, is passed through `each`. The members of
 * `properties` are schemas, the `properties` object itself is not: it is copied, not passed.
 */
export function mapSchemas(node: unknown, each: (schema: JsonSchema) => JsonSchema): unknown {
  if (Array.isArray(node)) return node.map((n) => mapSchemas(n, each));
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, mapSchemas(s, each)]))
        : mapSchemas(v, each);
  }
  return each(out);
}

/** An object schema with known properties, closed to others (as the validation pipe is). */
export function closed(schema: JsonSchema, keep = false): JsonSchema {
  if (schema.type !== 'object' || !schema.properties) return schema;
  if (keep && schema.additionalProperties !== undefined) return schema;
  return { ...schema, additionalProperties: false };
}

/**
 * Adds `default` to each property whose class gives it an initializer: the value a field that a
 * request leaves out takes when the request becomes an instance of the class, so the documented
 * default is the applied one, declared once. Changes `schemas` (by class name) in place.
 */
export function addInitializerDefaults(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<new () => object, unknown> };
  for (const target of storage.validationMetadatas.keys()) {
    const properties = schemas[target.name]?.properties as Record<string, JsonSchema> | undefined;
    if (!properties) continue;
    for (const [key, value] of Object.entries(new target())) {
      const property = properties[key];
      if (property && value !== undefined && !('default' in property)) {
        property.default = JSON.parse(JSON.stringify(value)) as unknown;
      }
    }
  }
  return schemas;
}

/**
 * One branch of an anyOf that states a rule between members (an operator and its values): the
 * derived properties `keep`, some narrowed, plus `extra` keywords (required, not). The branch lists
 * its own members, so a generator drawing from it makes only what the branch allows.
 */
export function anyOfBranch(
  derived: JsonSchema,
  keep: string[],
  narrow: Record<string, JsonSchema> = {},
  extra: JsonSchema = {},
): JsonSchema {
  const properties = derived.properties as Record<string, JsonSchema>;
  const member = (k: string): JsonSchema => {
    if (!narrow[k]) return properties[k];
    // the member's example may lie outside the narrowed branch
    const { example: _example, ...rest } = properties[k];
    return { ...rest, ...narrow[k] };
  };
  return { properties: Object.fromEntries(keep.map((k) => [k, member(k)])), ...extra };
}

/** A selector requirement's rule: In and NotIn need values, Exists and DoesNotExist take none. */
export const setOperatorBranches = (derived: JsonSchema): JsonSchema[] => [
  anyOfBranch(
    derived,
    ['key', 'operator', 'values'],
    { operator: { enum: ['In', 'NotIn'] }, values: { minItems: 1 } },
    {
      required: ['values'],
    },
  ),
  anyOfBranch(
    derived,
    ['key', 'operator'],
    { operator: { enum: ['Exists', 'DoesNotExist'] } },
    absent(derived, 'values'),
  ),
];

/** `not` of any of these members being given (each clause names its member, as linters ask). */
export function absent(derived: JsonSchema, ...names: string[]): JsonSchema {
  const properties = derived.properties as Record<string, JsonSchema>;
  const given = (n: string) => ({ properties: { [n]: properties[n] }, required: [n] });
  return { not: names.length === 1 ? given(names[0]) : { anyOf: names.map(given) } };
}
