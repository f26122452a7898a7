import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BlockYamlWriter, goYamlStringStyle, libraryYaml } from './block-yaml.js';
import { propertyRun } from '../../../test/support/property-seed.js';
import { composeBundle } from '../../../test/support/validated.js';

const CANONICAL = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as const;

/** Strings YAML treats specially: indicators, YAML 1.1 scalars, document markers, line breaks, controls. */
const TRICKY = [
  '',
  ' ',
  '-',
  '- x',
  '?',
  ':',
  'a: b',
  'a:',
  '#',
  'a #b',
  '!',
  '&a',
  '*a',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  "it's",
  '"q"',
  '[',
  ']',
  '{',
  '}',
  ',',
  '{{ .Values.x }}',
  '<<',
  '~',
  'null',
  'Null',
  'NULL',
  'true',
  'yes',
  'Yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  '0',
  '0755',
  '0x1F',
  '0b101',
  '1_000',
  '1:20',
  '190:20:30',
  '1e3',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  '+1',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '---',
  '...',
  '--- x',
  '%YAML',
  'a\nb',
  'a\n',
  'a\n\n',
  '\n',
  '\na',
  ' a\nb',
  'a\n ',
  'a\n  \n',
  'x\t',
  '\tx',
  'trailing ',
  ' leading',
  'multi\nline: x\n',
  'a\r\nb',
  '\u0000',
  '\u0007',
  '\u001b[0m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  '日本',
  '\ud83d\ude00',
  '\ud800',
  'x'.repeat(1100),
];

const strings = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(...TRICKY, 'a', ' ', '\n')).map((parts) => parts.join('')),
);
const scalars = fc.oneof(
  strings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-0, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY),
);
/** now and then undefined: the library drops it from a map and writes null in a list */
const member = (value: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 30, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) });
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'medium' }, scalars, tie('list'), tie('map')),
  list: fc.array(member(tie('value')), { maxLength: 5 }),
  map: fc.dictionary(strings, member(tie('value')), { maxKeys: 6 }),
}));
const documents = values.map as fc.Arbitrary<Record<string, unknown>>;

function examples(): unknown[] {
  const dir = new URL('../../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
}

describe('BlockYamlWriter', () => {
  const canonical = new BlockYamlWriter({ document: CANONICAL, toString: CANONICAL });

  it('writes exactly what the library writes with the Go-safe string styles, or leaves the value to it', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const written = canonical.write(doc);
        if (written !== undefined) expect(written).toBe(libraryYaml(doc, { document: CANONICAL, toString: CANONICAL }));
      }),
      propertyRun('block yaml equals the library', 1500),
    );
  });

  it('writes plain data itself: everything but what the library writes its own way', () => {
    const plain = {
      a: 'on',
      b: ['x', { c: 1.5, d: null, e: true }],
      f: {},
      g: [],
      h: 'multi\nline\n',
      'i: j': "it's",
      k: undefined,
    };
    expect(canonical.write(plain)).toBe(stringify(plain, CANONICAL));
    // "<<" is written as a merge key, an undefined list item as null, a long key as "? key"
    for (const odd of [
      { a: '<<' },
      { a: [undefined] },
      { ['k'.repeat(1100)]: 1 },
      { d: new Date(0) },
      { m: new Map() },
    ]) {
      expect(canonical.write(odd)).toBeUndefined();
    }
    expect(canonical.write(['top-level list'])).toBeUndefined();
    // a class instance, and an object whose toJSON the library would call (not enumerable, so not a member)
    class Point {
      x = 1;
    }
    const withToJson = Object.defineProperty({ a: 1 }, 'toJSON', { value: () => ({ b: 2 }) });
    expect(stringify(withToJson, CANONICAL)).toBe('b: 2\n');
    class Points extends Array<number> {}
    const points = Object.setPrototypeOf([1, 2], Points.prototype) as number[];
    for (const notPlain of [new Point(), withToJson, { list: points }])
      expect(canonical.write(notPlain as never)).toBeUndefined();
    // an error of the value's own (a getter that throws) reaches the caller: only its own signal means "the library's"
    const throwing = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('unreadable');
      },
    });
    expect(() => canonical.write(throwing)).toThrow('unreadable');
    // what it writes itself: an object without a prototype, and a key of 1024 characters, the longest implicit one
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: { b: 1 } });
    expect(canonical.write(bare)).toBe('a:\n  b: 1\n');
    const longest = { ['k'.repeat(1024)]: 1 };
    expect(canonical.write(longest)).toBe(`${'k'.repeat(1024)}: 1\n`);
    expect(canonical.write(longest)).toBe(stringify(longest, CANONICAL));
  });

  it('writes an empty scalar right after its colon or dash, as the library does (nullStr "")', () => {
    const options = {
      document: { version: '1.1', aliasDuplicateObjects: false },
      toString: { lineWidth: 0, nullStr: '' },
    } as const;
    const value = { a: null, b: [null, 1], c: { d: null } };
    const expected = 'a:\nb:\n  - \n  - 1\nc:\n  d:\n';
    expect(libraryYaml(value, options)).toBe(expected);
    expect(new BlockYamlWriter(options).write(value)).toBe(expected);
  });

  it('writes every object of the example bundles itself, byte for byte', () => {
    for (const request of examples()) {
      for (const object of composeBundle(request as never).manifests) {
        const written = canonical.write(object);
        expect(written).toBeDefined();
        expect(written).toBe(stringify(object, CANONICAL));
      }
    }
  });

  it('applies a string style as a visitor setting Scalar.type does (keys included)', () => {
    const quoteTabs = (s: string) => (s.includes('\t') ? 'QUOTE_DOUBLE' : undefined);
    const writer = new BlockYamlWriter({
      document: { version: '1.1', aliasDuplicateObjects: false },
      toString: { lineWidth: 0, minContentWidth: 0 },
      stringStyle: quoteTabs,
    });
    fc.assert(
      fc.property(documents, (value) => {
        const written = writer.write(value);
        if (written === undefined) return;
        const options = {
          document: { version: '1.1', aliasDuplicateObjects: false },
          toString: { lineWidth: 0, minContentWidth: 0 },
          stringStyle: quoteTabs,
        } as const;
        expect(written).toBe(libraryYaml(value, options));
      }),
      propertyRun('block yaml string styles', 500),
    );
  });

  it('quotes what Go reads as a number and escapes what Go reads as a line break or refuses', () => {
    const doc = {
      a: '0o17',
      b: '0x_1F',
      c: '.5e3',
      d: 'a\u0085b',
      e: 'l\u2028p\u2029',
      f: 'del\u007f c1\u0090',
      g: 'x\ufffe\ufeff',
      h: 'plain',
      i: '1.2.3',
    };
    expect(canonical.write(doc)).toBe(
      'a: "0o17"\nb: "0x_1F"\nc: ".5e3"\nd: "a\\Nb"\ne: "l\\Lp\\P"\nf: "del\\x7f c1\\x90"\ng: "x\\ufffe\\ufeff"\nh: plain\ni: 1.2.3\n',
    );
    // a string the library already quotes, and one that is no number in Go, keep their style
    expect(goYamlStringStyle('0x')).toBeUndefined();
    expect(goYamlStringStyle('v0o17')).toBeUndefined();
    // go-yaml tries a number only for a scalar starting with a digit, a sign or "." (its resolve table):
    // "_1" stays a string there, though it is 1 once the "_" are dropped
    expect(goYamlStringStyle('_1')).toBeUndefined();
    expect(goYamlStringStyle('__0x1F')).toBeUndefined();
    expect(goYamlStringStyle('+1')).toBe('QUOTE_DOUBLE');
    expect(goYamlStringStyle('-0b101')).toBe('QUOTE_DOUBLE');
    expect(goYamlStringStyle('1_000')).toBe('QUOTE_DOUBLE');
    // the last digit and the "." start a number too: "9e3" (no float in YAML 1.1) and ".5" are numbers in Go
    expect(goYamlStringStyle('9e3')).toBe('QUOTE_DOUBLE');
    expect(goYamlStringStyle('.5')).toBe('QUOTE_DOUBLE');
    expect(canonical.write({ x: '9e3', d: '.5' })).toBe('x: "9e3"\nd: ".5"\n');
  });

  it('refuses options whose layout it does not write', () => {
    expect(
      () =>
        new BlockYamlWriter({
          document: { version: '1.1', aliasDuplicateObjects: false },
          toString: { lineWidth: 80 },
        }),
    ).toThrow(/unsupported/);
    expect(() => new BlockYamlWriter({ document: { version: '1.1' }, toString: { lineWidth: 0 } })).toThrow(
      /unsupported/,
    );
    expect(
      () =>
        new BlockYamlWriter({
          document: { aliasDuplicateObjects: false },
          toString: { lineWidth: 0, indentSeq: false },
        }),
    ).toThrow(/unsupported/);
    for (const toString of [
      { lineWidth: 0, indent: 4 },
      { lineWidth: 0, collectionStyle: 'flow' },
      { lineWidth: 0, collectionStyle: 'block' },
    ] as const)
      expect(() => new BlockYamlWriter({ document: { aliasDuplicateObjects: false }, toString })).toThrow(
        /unsupported/,
      );
  });
});
