// The request side of the OpenAPI document, derived from the validation decorators: the DTO classes
// (class-validator metadata) and the preset parameter classes (the same schemas as the catalogue).
// What is validated is what is documented, with no second declaration to drift.
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { typeMetadata } from '../core/model/class-metadata.js';
import {
  addInitializerDefaults,
  closed,
  mapSchemas,
  refsIn,
  type JsonSchema as Schema,
} from '../core/model/json-schema.js';
import { componentSchemas } from '../core/presets/param-schema.js';
import { PRESETS } from '../core/presets/registry.js';

const PREFIX = '#/components/schemas/';

/** Every schema reachable from `root` (a DTO class name), preset parameter classes included. */
export function requestSchemas(root: string): Record<string, Schema> {
  const dtoSchemas = addInitializerDefaults(
    validationMetadatasToSchemas({
      refPointerPrefix: PREFIX,
      classTransformerMetadataStorage: typeMetadata as never,
    }) as Record<string, Schema>,
  );
  const presetSchemas = componentSchemas();
  const presetClasses = new Map(PRESETS.map((p) => [p.params.name, p]));
  const out: Record<string, Schema> = {};
  const visit = (name: string, fromPresets: boolean) => {
    if (out[name]) return;
    const inPresets = fromPresets || presetClasses.has(name);
    const schema = (inPresets ? presetSchemas : dtoSchemas)[name];
    if (!schema) throw new Error(`OpenAPI: no schema for ${name}`);
    const preset = presetClasses.get(name);
    let cleaned = clean(schema) as Schema;
    if (preset) {
      cleaned = {
        ...cleaned,
        title: preset.title,
        description: preset.description,
        properties: {
          ...(cleaned.properties as Schema),
          preset: { ...(cleaned.properties as Record<string, Schema>).preset, type: 'string', enum: [preset.id] },
        },
        example: preset.example,
      };
    }
    out[name] = cleaned;
    for (const ref of refsIn(cleaned, PREFIX)) visit(ref, inPresets);
  };
  visit(root, false);
  return out;
}

/**
 * OpenAPI 3.0 form: `$ref` stands alone (its siblings would be ignored), so a documented reference
 * becomes `allOf: [{$ref}]` beside its description and default; `not: {type: null}` (how
 * the converter says "defined") goes, and objects with known properties are closed, as the
 * ValidationPipe rejects unknown fields.
 */
function clean(node: unknown): unknown {
  return mapSchemas(node, (schema) => {
    if (typeof schema.$ref === 'string') {
      const { $ref, description, default: fallback } = schema;
      const docs = { description, default: fallback };
      return description === undefined
        ? { $ref }
        : (JSON.parse(JSON.stringify({ allOf: [{ $ref }], ...docs })) as Schema);
    }
    const { not, ...rest } = schema;
    const out = not !== undefined && (not as Schema)?.type === 'null' ? rest : schema;
    return closed(out, true);
  });
}
