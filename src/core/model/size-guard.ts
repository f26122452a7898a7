// A first, cheap pass over a request body before class-transformer and class-validator see it: an
// array longer than its field's cap (@ArrayMaxSize) or nesting deeper than any request needs is
// refused at once, with a pointer. Validation costs tens of microseconds per item, so without this a
// body of 25,000 ports under the body limit would cost half a second before the cap is even checked.
// One pass, linear in the size of the body, following the same class metadata the validators use.
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import './validation-metadata.js';
import { InvalidRequestError, pointer } from './errors.js';
import { typeMetadata as defaultMetadataStorage } from './class-metadata.js';
import { LIMITS } from './limits.js';

/** Deeper than any request's own structure (about ten levels): nothing valid is refused. */
export const MAX_DEPTH = 32;
/**
 * Most members of one object: the largest map a request may hold (annotations). class-transformer
 * de-duplicates an object's keys with indexOf, a cost that grows with the square of their number.
 */
export const MAX_KEYS = LIMITS.annotations;

type Class = new (...args: never[]) => object;
/** For a field whose items are discriminated (preset items): the class of one item, if known. */
export type ItemClass = (item: unknown) => Class | undefined;

interface Field {
  maxItems?: number;
  /** class of the value (an object field) or of each item (an array field) */
  type?: Class | ItemClass;
  discriminated?: boolean;
}

const discriminatedFields = new Map<Class, Map<string, ItemClass>>();

/** Declares how to find the class of each item of a discriminated array field. */
export function registerItemClass(target: Class, property: string, itemClass: ItemClass): void {
  const fields = discriminatedFields.get(target) ?? new Map<string, ItemClass>();
  fields.set(property, itemClass);
  discriminatedFields.set(target, fields);
}

const fieldsCache = new Map<Class, Map<string, Field>>();

function fieldsOf(cls: Class): Map<string, Field> {
  let fields = fieldsCache.get(cls);
  if (fields) return fields;
  fields = new Map();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const field = fields.get(m.propertyName) ?? {};
    if (m.name === 'arrayMaxSize' && typeof m.constraints?.[0] === 'number')
      field.maxItems = Math.min(field.maxItems ?? Infinity, m.constraints[0]);
    fields.set(m.propertyName, field);
  }
  for (const [property, field] of fields) {
    const type = defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction?.() as Class | undefined;
    if (type && type !== Object && type !== Array) field.type = type;
  }
  // inherited discriminated fields (ChartRequestDto extends BundleRequestDto)
  for (
    let proto: unknown = cls;
    typeof proto === 'function' && proto !== Function.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const [property, itemClass] of discriminatedFields.get(proto as Class) ?? []) {
      if (!fields.get(property)?.discriminated)
        fields.set(property, { ...fields.get(property), type: itemClass, discriminated: true });
    }
  }
  fieldsCache.set(cls, fields);
  return fields;
}

/**
 * Most objects in one request (the body, each map and each item of a list of objects: env entries,
 * ports, mounts, headers, helpers...). Every one is validated and composed; the per-field caps alone
 * would let them multiply (16 helpers x 256 env entries x ...) past any bounded cost.
 */
export const MAX_OBJECTS = LIMITS.objects;

/**
 * class-validator's @ValidateNested({ each: true }) walks a list inside the list as if it were the
 * list itself, so `[[]]` passes validation and reaches the preset as an item with no fields.
 */
function nestedListCheck(items: unknown[], cls: Class, at: string): void {
  if (!fieldsOf(cls).size) return;
  const i = items.findIndex((item) => Array.isArray(item));
  if (i >= 0)
    throw new InvalidRequestError([
      { pointer: `${at}/${i}`, detail: 'each item of this list must be an object, not a list' },
    ]);
}

/**
 * Throws InvalidRequestError for the first array over its cap, a list where an item object belongs,
 * object over MAX_KEYS members, nesting deeper than MAX_DEPTH, or the object past MAX_OBJECTS.
 */
export function checkSizes(body: unknown, cls: Class, base = ''): void {
  walk(body, cls, base, 0, { objects: 0 });
}

function walk(value: unknown, cls: Class | undefined, at: string, depth: number, count: { objects: number }): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH)
    throw new InvalidRequestError([
      { pointer: at, detail: `nested more than ${MAX_DEPTH} levels deep; no field of this request nests that deep` },
    ]);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, cls, `${at}/${i}`, depth + 1, count));
    return;
  }
  if (++count.objects > MAX_OBJECTS) {
    throw new InvalidRequestError([
      {
        pointer: at,
        detail: `the request holds more than ${MAX_OBJECTS} objects (maps and list entries such as env entries, ports, mounts, helpers); describe one pod with fewer`,
      },
    ]);
  }
  const fields = cls ? fieldsOf(cls) : undefined;
  const keys = Object.keys(value);
  if (keys.length > MAX_KEYS)
    throw new InvalidRequestError([
      { pointer: at, detail: `has ${keys.length} members; at most ${MAX_KEYS} are allowed` },
    ]);
  for (const key of keys) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null) continue;
    const field = fields?.get(key);
    const here = `${at}${pointer(key)}`;
    if (Array.isArray(child) && field?.maxItems !== undefined && child.length > field.maxItems) {
      throw new InvalidRequestError([
        { pointer: here, detail: `has ${child.length} items; at most ${field.maxItems} are allowed` },
      ]);
    }
    if (Array.isArray(child) && field?.type && !field.discriminated) nestedListCheck(child, field.type as Class, here);
    if (field?.discriminated && Array.isArray(child)) {
      const itemClass = field.type as ItemClass;
      child.forEach((item, i) => walk(item, itemClass(item), `${here}/${i}`, depth + 2, count));
    } else {
      walk(child, field?.type as Class | undefined, here, depth + 1, count);
    }
  }
}
