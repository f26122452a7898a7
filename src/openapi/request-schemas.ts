// The request side of the OpenAPI document, derived from the validation decorators: the DTO classes
// (class-validator metadata) and the preset parameter classes (the same schemas as the catalogue).
// What is validated is what is documented, with no second declaration to drift.
import { createRequire } from 'node:module';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { componentSchemas } from '../core/presets/param-schema.js';
import { PRESETS } from '../core/presets/registry.js';

type Schema = Record<string, unknown>;

// class-transformer's @Type metadata tells the converter the element class of nested arrays
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: unknown };

const PREFIX = '#/components/schemas/';

/** Every schema reachable from `root` (a DTO class name), preset parameter classes included. */
export function requestSchemas(root: string): Record<string, Schema> {
  const dtoSchemas = validationMetadatasToSchemas({ refPointerPrefix: PREFIX, classTransformerMetadataStorage: defaultMetadataStorage as never }) as Record<string, Schema>;
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
        properties: { ...(cleaned.properties as Schema), preset: { type: 'string', enum: [preset.id] } },
        example: preset.example,
      };
    }
    out[name] = cleaned;
    for (const ref of refsIn(cleaned)) visit(ref, inPresets);
  };
  visit(root, false);
  return out;
}

function refsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(PREFIX)) found.add(v.slice(PREFIX.length));
      else refsIn(v, found);
    }
  }
  return found;
}

/**
 * OpenAPI 3.0 form: `$ref` stands alone (its siblings would be ignored), `not: {type: null}` (how
 * the converter says "defined") goes, and objects with known properties are closed, as the
 * ValidationPipe rejects unknown fields.
 */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const source = node as Schema;
  if (typeof source.$ref === 'string') return { $ref: source.$ref };
  const out: Schema = {};
  for (const [k, v] of Object.entries(source)) {
    if (k === 'not' && (v as Schema)?.type === 'null') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, clean(s)])) : clean(v);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
