import { describe, expect, it } from 'vitest';
import { BundleRequestDto } from '../input/bundle-request.js';
import { InvalidRequestError } from './errors.js';
import { LIMITS } from './limits.js';
import { checkSizes, MAX_DEPTH, MAX_KEYS } from './size-guard.js';

const errorsOf = (body: unknown) => {
  try {
    checkSizes(body, BundleRequestDto);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    return error.errors;
  }
};
const app = { name: 'a', image: 'i' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('checkSizes', () => {
  it('lets arrays at their cap through', () => {
    expect(errorsOf({ app: { ...app, ports: range(LIMITS.ports).map((i) => ({ name: `p${i}`, containerPort: i + 1 })) } })).toEqual([]);
  });

  it('refuses an array over its cap, pointing at it', () => {
    expect(errorsOf({ app: { ...app, env: range(LIMITS.env + 1).map((i) => ({ name: `E${i}`, value: '' })) } })).toEqual([
      { pointer: '/app/env', detail: `has ${LIMITS.env + 1} items; at most ${LIMITS.env} are allowed` },
    ]);
  });

  it('follows nested classes and the preset of each helper item', () => {
    const headers = range(LIMITS.probeHeaders + 1).map((i) => ({ name: `X-${i}`, value: '' }));
    expect(errorsOf({ app: { ...app, probes: { readiness: { httpGet: { port: 80, httpHeaders: headers } } } } })[0]?.pointer).toBe('/app/probes/readiness/httpGet/httpHeaders');
    const custom = { preset: 'custom', name: 'c', image: 'i', env: range(257).map((i) => ({ name: `E${i}`, value: '' })) };
    expect(errorsOf({ app, sidecars: [custom] })).toEqual([{ pointer: '/sidecars/0/env', detail: 'has 257 items; at most 256 are allowed' }]);
    expect(errorsOf({ app, adapters: range(LIMITS.helpersPerKind + 1).map(() => ({})) })[0]?.pointer).toBe('/adapters');
  });

  it('refuses nesting deeper than MAX_DEPTH and objects with more than MAX_KEYS members, anywhere', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_DEPTH; i++) deep = { a: deep };
    expect(errorsOf({ app: { ...app, extra: deep } })[0]?.detail).toMatch(/nested more than 32 levels/);
    expect(errorsOf({ app: { ...app, ...Object.fromEntries(range(MAX_KEYS + 1).map((i) => [`x${i}`, 1])) } })).toEqual([
      { pointer: '/app', detail: `has ${MAX_KEYS + 3} members; at most ${MAX_KEYS} are allowed` },
    ]);
  });
});
