// Finds the properties of a JSON Schema (or an OpenAPI document, or a chart's values.schema.json)
// that have no description: every `properties` member anywhere in the tree, so nested objects,
// array items, additionalProperties, allOf/oneOf/anyOf branches, $defs/definitions and the
// components that $refs point to are all reached. Values that are data, not schemas (examples,
// defaults, enums), are skipped, and so are conditions (if/then/else/not): they restate properties
// declared beside them (e.g. "hosts needs an item while enabled is true"), they declare none.
type Node = Record<string, unknown>;

const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const', 'if', 'then', 'else', 'not']);

export interface DocsWalk {
  /** how many properties were looked at */
  visited: number;
  /** JSON pointer of each property without a non-empty description */
  missing: string[];
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export function undocumentedProperties(root: unknown, base = '#'): DocsWalk {
  const result: DocsWalk = { visited: 0, missing: [] };
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      const at = `${pointer}/${escape(key)}`;
      if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [name, property] of Object.entries(value as Node)) {
          result.visited++;
          const description = (property as Node | undefined)?.description;
          if (typeof description !== 'string' || description.trim() === '')
            result.missing.push(`${at}/${escape(name)}`);
          walk(property, `${at}/${escape(name)}`);
        }
      } else walk(value, at);
    }
  };
  walk(root, base);
  return result;
}

/** A copy of `object` with the value at `path` set (undefined: left out); missing parents are made. */
export function withValue<T extends Node>(object: T, path: readonly (string | number)[], value: unknown): T {
  const copy = structuredClone(object);
  let node: Node = copy;
  for (const step of path.slice(0, -1)) node = (node[step] ??= {}) as Node;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
