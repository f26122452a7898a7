// JSON Schemas of the preset parameter classes, derived from their class-validator decorators.
// The catalogue (GET /v1/patterns), the OpenAPI document and chart values.schema.json all use
// these, so a parameter is declared once.
import 'reflect-metadata';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { createRequire } from 'node:module';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';
import type { Preset } from './preset.js';
import { PRESETS } from './registry.js';

type JsonSchema = Record<string, unknown>;

// The @Type metadata plainToInstance uses (the package's main entry is its CommonJS build): it tells
// the generator the item class of arrays of nested objects, which reflection cannot.
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: MetadataStorage };

let cache: Record<string, JsonSchema> | undefined;

/** Every class schema by class name, with $refs to `#/components/schemas/<Class>`. */
export function componentSchemas(): Record<string, JsonSchema> {
  // Metadata is complete once the registry (and so every preset file) has been imported.
  void PRESETS;
  cache ??= validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage }) as Record<string, JsonSchema>;
  return cache;
}

/**
 * A self-contained JSON Schema (draft 2020-12 style, `$defs`) for one preset's item, with the
 * `preset` discriminator fixed to the preset's id and unknown fields forbidden.
 */
export function presetParamSchema(preset: Preset): JsonSchema {
  const all = componentSchemas();
  const rootName = preset.params.name;
  const defs: Record<string, JsonSchema> = {};
  const visit = (name: string) => {
    if (defs[name] || name === rootName) return;
    const schema = all[name];
    if (!schema) return;
    defs[name] = rewrite(schema) as JsonSchema;
    collectRefs(schema).forEach(visit);
  };
  const root = rewrite(all[rootName]) as JsonSchema;
  collectRefs(all[rootName]).forEach(visit);
  const properties = { ...((root.properties as JsonSchema) ?? {}), preset: { type: 'string', const: preset.id } };
  return {
    title: preset.title,
    description: preset.description,
    ...root,
    properties,
    additionalProperties: false,
    ...(Object.keys(defs).length ? { $defs: sortObject(defs) } : {}),
  };
}

function collectRefs(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v.split('/').pop()!);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** Points $refs at $defs and closes every object schema to unknown fields. */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = `#/$defs/${v.split('/').pop()}`;
    else out[k] = rewrite(v);
  }
  if (out.$ref) return { $ref: out.$ref, ...(out.description ? { description: out.description } : {}) };
  if (out.type === 'object' && out.properties) out.additionalProperties = false;
  return out;
}

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
