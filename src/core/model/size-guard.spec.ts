import { describe, expect, it } from 'vitest';
import { BundleRequestDto } from '../input/bundle-request.js';
import { InvalidRequestError } from './errors.js';
import { LIMITS } from './limits.js';
import { checkSizes, MAX_DEPTH, MAX_KEYS, MAX_OBJECTS } from './size-guard.js';

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
    expect(
      errorsOf({ app: { ...app, ports: range(LIMITS.ports).map((i) => ({ name: `p${i}`, containerPort: i + 1 })) } }),
    ).toEqual([]);
  });

  it('refuses an array over its cap, pointing at it', () => {
    expect(
      errorsOf({ app: { ...app, env: range(LIMITS.env + 1).map((i) => ({ name: `E${i}`, value: '' })) } }),
    ).toEqual([{ pointer: '/app/env', detail: `has ${LIMITS.env + 1} items; at most ${LIMITS.env} are allowed` }]);
  });

  it('follows nested classes and the preset of each helper item', () => {
    const headers = range(LIMITS.probeHeaders + 1).map((i) => ({ name: `X-${i}`, value: '' }));
    expect(
      errorsOf({ app: { ...app, probes: { readiness: { httpGet: { port: 80, httpHeaders: headers } } } } })[0]?.pointer,
    ).toBe('/app/probes/readiness/httpGet/httpHeaders');
    const custom = {
      preset: 'custom',
      name: 'c',
      image: 'i',
      env: range(257).map((i) => ({ name: `E${i}`, value: '' })),
    };
    expect(errorsOf({ app, sidecars: [custom] })).toEqual([
      { pointer: '/sidecars/0/env', detail: 'has 257 items; at most 256 are allowed' },
    ]);
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

  it("counts the objects of the whole request, each helper's included, and refuses the one past MAX_OBJECTS", () => {
    // body + app + 16 sidecars = 18 objects; the rest are env entries, each within its own cap
    const sidecars = (perSidecar: number[]) =>
      perSidecar.map((n, i) => ({
        preset: 'custom',
        name: `s${i}`,
        image: 'i',
        env: range(n).map((j) => ({ name: `E${j}`, value: '' })),
      }));
    const room = MAX_OBJECTS - 2 - LIMITS.helpersPerKind;
    const even = range(LIMITS.helpersPerKind).map(
      (i) => Math.floor(room / LIMITS.helpersPerKind) + (i < room % LIMITS.helpersPerKind ? 1 : 0),
    );
    expect(errorsOf({ app, sidecars: sidecars(even) })).toEqual([]);
    const over = [...even.slice(0, -1), even.at(-1)! + 1];
    expect(errorsOf({ app, sidecars: sidecars(over) })).toEqual([
      {
        pointer: `/sidecars/15/env/${over.at(-1)! - 1}`,
        detail: expect.stringContaining(`more than ${MAX_OBJECTS} objects`),
      },
    ]);
  });
});
