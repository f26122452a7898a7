import type { BundleRequest } from './request.js';

/**
 * Plain data for composition: no class instances, no undefined members and no null ones. After
 * validation a null can only sit in an optional field (class-validator's IsOptional lets it
 * through), where it means the same as leaving the field out.
 */
export function plainRequest<T extends BundleRequest>(request: T): T {
  return JSON.parse(JSON.stringify(request), function (this: unknown, _key, value: unknown) {
    return value === null && !Array.isArray(this) ? undefined : value;
  }) as T;
}
