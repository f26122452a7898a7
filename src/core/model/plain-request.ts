/**
 * Plain data for composition: no class instances, no undefined members and no null ones. After
 * validation a null can only sit in an optional field (class-validator's IsOptional lets it
 * through), where it means the same as leaving the field out. A copy by walking, not by JSON.
 */
export function plainData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => plainData(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = plainData(v);
  return out as T;
}

/**
 * The same, keeping the class of each object (a validated preset item stays an instance of its
 * parameter class, which tells the core it has been validated). Each object is made by its class's
 * constructor, so a field left null or undefined takes the class's initializer: the default the
 * schema documents (`ref: null` is `ref: 'HEAD'`, never the text "undefined").
 */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutEmpty(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const Class = (value as object).constructor as (new () => object) | undefined;
  const out = (Class && Class !== Object ? new Class() : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = withoutEmpty(v);
  return out as T;
}

/** A request for composition: app and target as plain data, preset items keeping their classes. */
export function plainRequest<T extends object>(request: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if (v === undefined || v === null) continue;
    out[k] = k === 'sidecars' || k === 'ambassadors' || k === 'adapters' ? withoutEmpty(v) : plainData(v);
  }
  return out as T;
}
