// JSON Schemas of the preset parameter classes, derived from their class-validator decorators.
// The catalogue (GET /v1/patterns), the OpenAPI document and chart values.schema.json all use
// these, so a parameter is declared once.
import 'reflect-metadata';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { typeMetadata } from '../model/class-metadata.js';
import { addInitializerDefaults, closed, mapSchemas, refName, refsIn, type JsonSchema } from '../model/json-schema.js';
import type { Preset } from './preset.js';
import { PRESETS } from './registry.js';

let cache: Record<string, JsonSchema> | undefined;

/** Every class schema by class name, with $refs to `#/components/schemas/<Class>`. */
export function componentSchemas(): Record<string, JsonSchema> {
  // Metadata is complete once the registry (and so every preset file) has been imported.
  void PRESETS;
  cache ??= addInitializerDefaults(
    validationMetadatasToSchemas({
      refPointerPrefix: '#/components/schemas/',
      classTransformerMetadataStorage: typeMetadata,
    }) as Record<string, JsonSchema>,
  );
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
    refsIn(schema).forEach(visit);
  };
  const root = rewrite(all[rootName]) as JsonSchema;
  refsIn(all[rootName]).forEach(visit);
  const rootProperties = (root.properties as Record<string, JsonSchema>) ?? {};
  const properties = { ...rootProperties, preset: { ...rootProperties.preset, type: 'string', const: preset.id } };
  return {
    title: preset.title,
    description: preset.description,
    ...root,
    properties,
    additionalProperties: false,
    ...(Object.keys(defs).length ? { $defs: sortObject(defs) } : {}),
  };
}

/** Points $refs at $defs and closes every object schema to unknown fields. */
function rewrite(node: unknown): unknown {
  return mapSchemas(node, (schema) =>
    typeof schema.$ref === 'string' ? { ...schema, $ref: `#/$defs/${refName(schema.$ref)}` } : closed(schema),
  );
}

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
