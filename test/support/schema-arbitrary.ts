// fast-check arbitraries from the JSON Schemas of the published OpenAPI document: a value of the
// schema, drawn with shrinking, for the keywords the document uses (type, enum, const, pattern,
// lengths, ranges, items, properties, required, additionalProperties, propertyNames, oneOf, anyOf,
// $refs, alone or as the one entry of an allOf beside a description). fast-check has no JSON Schema
// support, and the one npm package that derives arbitraries from JSON Schema (json-schema-fast-check
// 0.0.6) is built on fast-check 1 and faker 4, which cannot share shrinking with fast-check 4; hence
// this small walker. Values it cannot be sure of (patterns with lookarounds, anyOf branches) are
// drawn wider and filtered, and the test checks every whole request with ajv before it is sent.
import fc from 'fast-check';

type Node = Record<string, any>;

export interface ArbitraryOptions {
  /** resolves a "#/components/schemas/X" reference */
  resolve: (ref: string) => Node;
  /** the longest array drawn (schemas allow far more than a test needs) */
  maxItems?: number;
  /** the most members of a free map */
  maxKeys?: number;
  /** the longest free string */
  maxLength?: number;
}

/** Free text: ASCII mostly, sometimes any code point (line breaks, controls, NEL, LS/PS, BOM, ...). */
function freeString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
    {
      weight: 1,
      arbitrary: fc.string({
        minLength,
        maxLength,
        unit: fc.constantFrom(
          '0',
          'o',
          'x',
          '1',
          '7',
          '.',
          'e',
          '_',
          '\u0085',
          '\u2028',
          '\u007f',
          '\u0090',
          '\ufffe',
          '\n',
          ' ',
          ':',
          '#',
          '"',
        ),
      }),
    },
  );
}

/** A pattern without its lookarounds, which fast-check's stringMatching does not implement. */
function withoutLookarounds(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (
      pattern.startsWith('(?=', i) ||
      pattern.startsWith('(?!', i) ||
      pattern.startsWith('(?<=', i) ||
      pattern.startsWith('(?<!', i)
    ) {
      let depth = 0;
      for (; i < pattern.length; i++) {
        if (pattern[i] === '\\') i++;
        else if (pattern[i] === '[') while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
        else if (pattern[i] === '(') depth++;
        else if (pattern[i] === ')' && --depth === 0) break;
      }
      continue;
    }
    out += pattern[i];
  }
  return out;
}

function stringArbitrary(schema: Node, options: ArbitraryOptions): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, options.maxLength ?? 24);
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.pattern) {
    const full = new RegExp(schema.pattern, 'u');
    return fc.stringMatching(new RegExp(withoutLookarounds(schema.pattern))).filter((s) => fits(s) && full.test(s));
  }
  return freeString(min, Math.min(max, options.maxLength ?? 24)).filter(fits);
}

function numberArbitrary(schema: Node): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Math.max(min, 0) + 100000);
  return fc.integer({ min, max });
}

/** The arbitrary of one schema object. */
export function arbitraryOf(schema: Node, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(options.resolve(schema.$ref), options);
  // a documented reference: allOf [{$ref}] with description and default beside it
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return arbitraryOf(schema.allOf[0] as Node, options);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.oneOf && schema.properties) {
    // exactly one of some members: each branch requires its own and leaves out the others'
    const { oneOf, ...base } = schema;
    const required = (b: Node) => (b.required as string[] | undefined) ?? [];
    const members = (b: Node): string[] => [
      ...required(b),
      ...((b.anyOf as Node[] | undefined) ?? []).flatMap(required),
    ];
    return fc.oneof(
      ...(oneOf as Node[]).map((branch) => {
        const others = new Set((oneOf as Node[]).filter((b) => b !== branch).flatMap(members));
        const properties = Object.fromEntries(
          Object.entries(base.properties as Node).filter(([k]) => !others.has(k) || required(branch).includes(k)),
        );
        return arbitraryOf(
          { ...base, properties, required: [...((base.required as string[]) ?? []), ...required(branch)] },
          options,
        );
      }),
    );
  }
  if (schema.oneOf) return fc.oneof(...(schema.oneOf as Node[]).map((s) => arbitraryOf(s, options)));
  if (schema.anyOf) {
    // each branch adds to the base schema; a value of one branch that breaks the base is dropped
    const { anyOf, ...base } = schema;
    return fc.oneof(...(anyOf as Node[]).map((branch) => arbitraryOf(merge(base, branch), options)));
  }
  const type =
    schema.type ?? (schema.properties || schema.additionalProperties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      return stringArbitrary(schema, options);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = schema.items ? arbitraryOf(schema.items, options) : fc.string();
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? Infinity, options.maxItems ?? 3));
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object': {
      if (schema.properties) {
        const properties = schema.properties as Record<string, Node>;
        const shape = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, options)]));
        return fc.record(shape, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
      }
      const value =
        schema.additionalProperties && typeof schema.additionalProperties === 'object'
          ? arbitraryOf(schema.additionalProperties, options)
          : fc.string();
      const names = schema.propertyNames ?? schema['x-propertyNames'];
      const key = names
        ? stringArbitrary({ type: 'string', ...names }, options)
        : freeString(0, options.maxLength ?? 24);
      return fc.dictionary(key, value, {
        maxKeys: Math.min(schema.maxProperties ?? Infinity, options.maxKeys ?? 3),
        minKeys: schema.minProperties ?? 0,
      });
    }
    default:
      return fc.anything();
  }
}

function merge(base: Node, branch: Node): Node {
  return {
    ...base,
    ...branch,
    ...(base.items && branch.items ? { items: { ...base.items, ...branch.items } } : {}),
    ...(base.required || branch.required
      ? { required: [...new Set([...(base.required ?? []), ...(branch.required ?? [])])] }
      : {}),
  };
}
