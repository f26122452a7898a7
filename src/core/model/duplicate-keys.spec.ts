import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRun } from '../../../test/support/property-seed.js';
import { duplicateKeys, lineAndColumn } from './duplicate-keys.js';
import { pointer } from './errors.js';

/** JSON values whose strings hold what the scan must step over: quotes, backslashes, brackets, escapes. */
const strings = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ',', ':', '\n', '\u0000', 'é', '\ud83d\ude00', 'a"b\\'),
);
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    strings,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('list'),
    tie('map'),
  ),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(strings, tie('value'), { maxKeys: 5 }),
})).map as fc.Arbitrary<Record<string, unknown>>;

/** Every object in `value` with its pointer. */
function objectsIn(value: unknown, at = ''): { at: string; object: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  return [{ at, object }, ...Object.entries(object).flatMap(([k, v]) => objectsIn(v, `${at}${pointer(k)}`))];
}

describe('duplicateKeys', () => {
  it('finds none in what JSON.stringify writes, and finds a member repeated in any object', () => {
    fc.assert(
      fc.property(values, fc.nat(), (value, pick) => {
        const text = JSON.stringify(value, null, pick % 2 ? 2 : undefined);
        expect(duplicateKeys(text)).toEqual([]);
        // repeat the first member of one object, written again at the end of that object
        const candidates = objectsIn(value).filter(({ object }) => Object.keys(object).length);
        if (!candidates.length) return;
        const { at, object } = candidates[pick % candidates.length]!;
        const key = Object.keys(object)[0]!;
        const marker = '\u0001marker\u0001';
        object[marker] = 0;
        const repeated = JSON.stringify(value).replace(`${JSON.stringify(marker)}:0`, `${JSON.stringify(key)}:1`);
        expect(duplicateKeys(repeated).map((d) => d.pointer)).toEqual([`${at}${pointer(key)}`]);
      }),
      propertyRun('duplicateKeys', 500),
    );
  });

  it('compares names as JSON reads them, escapes included, and gives the line and column', () => {
    expect(duplicateKeys('{"a":{"b":[1,{"c":1,"c\\u0041":2,"cA":3}]},\n "a":2}')).toEqual([
      { pointer: '/a/b/1/cA', line: 1, column: 33 },
      { pointer: '/a', line: 2, column: 2 },
    ]);
    expect(duplicateKeys('{"a/b~":1,"a/b~":2}')).toEqual([{ pointer: '/a~1b~0', line: 1, column: 11 }]);
  });

  it('stops after `max` findings', () => {
    expect(duplicateKeys(`{${'"k":1,'.repeat(1000)}"k":1}`)).toHaveLength(10);
  });

  it('lineAndColumn is 1-based', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
