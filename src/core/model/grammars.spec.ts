import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../rules/quantity.js';
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  IMAGE_REFERENCE,
  LABEL_KEY,
  LABEL_VALUE,
  NONNEGATIVE_QUANTITY,
  POSITIVE_QUANTITY,
  PORT_NAME,
  QUANTITY,
  qualifiedNameProblem,
  type Grammar,
} from './grammars.js';

// Accepted and refused inputs of apimachinery's own tests: resource/quantity_test.go
// (TestQuantityParse's table, its explicit "+"/"-" variants and its invalid list) and
// util/validation/validation_test.go (TestIsQualifiedName, TestIsValidLabelValue, TestIsDNS1123Label,
// TestIsDNS1123Subdomain, TestIsDNS1035Label).
const UPSTREAM_QUANTITIES = [
  '0',
  '0n',
  '0u',
  '0m',
  '0Ki',
  '0k',
  '0Mi',
  '0M',
  '0Gi',
  '0G',
  '0Ti',
  '0T',
  '1',
  '1Ki',
  '8Ki',
  '7Mi',
  '6Gi',
  '5Ti',
  '4Pi',
  '3Ei',
  '10Ti',
  '100Ti',
  '5n',
  '4u',
  '3m',
  '9',
  '8k',
  '50k',
  '7M',
  '6G',
  '5T',
  '40T',
  '300T',
  '2P',
  '1E',
  '1E-3',
  '1e3',
  '1E6',
  '1e9',
  '1E12',
  '1e15',
  '1E18',
  '1e14',
  '1e13',
  '100.035k',
  '0.001',
  '0.0005k',
  '0.005',
  '0.05',
  '0.5',
  '0.00050k',
  '0.00500',
  '0.05000',
  '0.50000',
  '0.5e0',
  '0.5e-1',
  '0.5e-2',
  '10.035M',
  '1.2e3',
  '1.3E+6',
  '1.40e9',
  '1.53E12',
  '1.6e15',
  '1.7E18',
  '9.01',
  '8.1k',
  '7.123456M',
  '6.987654321G',
  '5.444T',
  '40.1T',
  '300.2T',
  '2.5P',
  '1.01E',
  '3.001n',
  '1.1E-9',
  '0.0000000001',
  '0.0000000005',
  '0.00000000050',
  '0.5e-9',
  '0.9n',
  '0.00000012345',
  '0.00000012354',
  '9Ei',
  '9223372036854775807Ki',
  '12E',
  '100.035Ki',
  '0.5Mi',
  '0.05Gi',
  '0.025Ti',
  '0.000000000001Ki',
  '.001',
  '.0001k',
  '1.',
  '1.G',
];
const UPSTREAM_INVALID_QUANTITIES = [
  '',
  '1.1.M',
  '1+1.0M',
  '0.1mi',
  '0.1am',
  'aoeu',
  '.5i',
  '1i',
  '-3.01i',
  '-3.01e-',
  ' 1',
  '1 ',
];

/** Strings of about `n` characters that a grammar follows up to near their end: a backtracking engine's worst case. */
const nearMisses = (n: number) => [
  '1'.repeat(n) + 'x',
  '0'.repeat(n) + 'x',
  '.' + '0'.repeat(n) + 'x',
  '1e' + '1'.repeat(n) + 'x',
  'a'.repeat(n) + '!',
  'a-'.repeat(n / 2) + '!',
  'a.'.repeat(n / 2) + '!',
  'a/'.repeat(n / 2),
  'a:'.repeat(n / 2) + '@',
];

describe('QUANTITY (apimachinery resource.Quantity)', () => {
  it('accepts every quantity of upstream TestQuantityParse, bare, with "+" and with "-"', () => {
    for (const q of UPSTREAM_QUANTITIES) {
      expect(QUANTITY.test(q), q).toBe(true);
      expect(QUANTITY.test(`+${q}`), `+${q}`).toBe(true);
      expect(QUANTITY.test(`-${q}`), `-${q}`).toBe(true);
    }
  });

  it("refuses every string of upstream's invalid list", () => {
    for (const q of UPSTREAM_INVALID_QUANTITIES) expect(QUANTITY.test(q), q).toBe(false);
  });

  it('NONNEGATIVE_QUANTITY takes the same quantities without "-"; POSITIVE_QUANTITY those above zero', () => {
    for (const q of UPSTREAM_QUANTITIES) {
      expect(NONNEGATIVE_QUANTITY.test(q), q).toBe(true);
      expect(NONNEGATIVE_QUANTITY.test(`+${q}`), q).toBe(true);
      expect(NONNEGATIVE_QUANTITY.test(`-${q}`), q).toBe(false);
      const above = parseQuantity(q)!.value > 0;
      expect(POSITIVE_QUANTITY.test(q), q).toBe(above);
      expect(POSITIVE_QUANTITY.test(`-${q}`), q).toBe(false);
    }
    for (const q of UPSTREAM_INVALID_QUANTITIES) {
      expect(NONNEGATIVE_QUANTITY.test(q), q).toBe(false);
      expect(POSITIVE_QUANTITY.test(q), q).toBe(false);
    }
  });

  it('parses the values upstream parses them to', () => {
    expect(parseQuantity('5n')!.value).toBeCloseTo(5e-9, 20);
    expect(parseQuantity('4u')!.value).toBeCloseTo(4e-6, 18);
    expect(parseQuantity('1E')!.value).toBe(1e18);
    expect(parseQuantity('1E-3')!.value).toBeCloseTo(1e-3, 15);
    expect(parseQuantity('1.3E+6')!.value).toBe(1.3e6);
    expect(parseQuantity('1.G')!.value).toBe(1e9);
    expect(parseQuantity('-0.5Mi')!.value).toBe(-0.5 * 2 ** 20);
    expect(parseQuantity('1.1.M')).toBeUndefined();
  });
});

describe('Kubernetes names (apimachinery util/validation)', () => {
  it('label keys: IsQualifiedName', () => {
    const good = [
      'simple',
      'now-with-dashes',
      '1-starts-with-num',
      '1234',
      'simple/simple',
      'now-with-dashes/simple',
      'now-with-dashes/now-with-dashes',
      'now.with.dots/simple',
      'now-with.dashes-and.dots/simple',
      '1-num.2-num/3-num',
      '1234/5678',
      '1.2.3.4/5678',
      'Uppercase_Is_OK_123',
      'example.com/Uppercase_Is_OK_123',
      'requests.storage-foo',
      'a'.repeat(63),
      'a'.repeat(253) + '/' + 'b'.repeat(63),
    ];
    const bad = [
      'nospecialchars%^=@',
      'cantendwithadash-',
      '-cantstartwithadash-',
      'only/one/slash',
      'Example.com/abc',
      'example_com/abc',
      'example.com/',
      '/simple',
      'a'.repeat(64),
      'a'.repeat(254) + '/abc',
    ];
    for (const k of good) expect(qualifiedNameProblem(k), k).toBeUndefined();
    for (const k of bad) expect(qualifiedNameProblem(k), k).toBeDefined();
    // the regex alone leaves the lengths to qualifiedNameProblem; the RE2 form bounds the name part
    expect(new RegExp(LABEL_KEY.re2).test('a'.repeat(64))).toBe(false);
    expect(new RegExp(LABEL_KEY.re2).test('example.com/' + 'a'.repeat(63))).toBe(true);
  });

  it('label values: IsValidLabelValue', () => {
    const good = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''];
    const bad = [
      'nospecialchars%^=@',
      'Tama-nui-te-rā.is.Māori.sun',
      '\\backslashes\\are\\bad',
      '-starts-with-dash',
      'ends-with-dash-',
      '.starts.with.dot',
      'ends.with.dot.',
    ];
    for (const v of good) expect(LABEL_VALUE.test(v) && new RegExp(LABEL_VALUE.re2).test(v), v).toBe(true);
    for (const v of bad) expect(LABEL_VALUE.test(v) || new RegExp(LABEL_VALUE.re2).test(v), v).toBe(false);
    expect(new RegExp(LABEL_VALUE.re2).test('a'.repeat(64))).toBe(false);
  });

  it('DNS-1123 labels and subdomains, DNS-1035 labels', () => {
    for (const v of ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2']) {
      expect(DNS1123_LABEL.test(v), v).toBe(true);
    }
    for (const v of [
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '.',
      'a.',
      '.a',
      'a.b',
    ]) {
      expect(DNS1123_LABEL.test(v), v).toBe(false);
    }
    for (const v of ['a.b.c.d.e', 'aaa.bbb.ccc', 'a1.b1.c1', '1.2.3.4', 'a.1.b', '0.a', 'a--1--2--b.0'])
      expect(DNS1123_SUBDOMAIN.test(v), v).toBe(true);
    for (const v of ['A.a', 'a.', '.a', 'a..b', 'a_.b', 'a.-b', 'a-.b', 'a.b_'])
      expect(DNS1123_SUBDOMAIN.test(v), v).toBe(false);
    for (const v of ['a', 'ab', 'a1', 'a-1', 'a--1--2--b']) expect(DNS1035_LABEL.test(v), v).toBe(true);
    for (const v of ['0', '01', '1a', '1-a', 'A', 'a-', '-a', 'a_b', 'a.b'])
      expect(DNS1035_LABEL.test(v), v).toBe(false);
  });

  it('port names: IANA_SVC_NAME (a letter, no "--", at most 15)', () => {
    for (const v of ['http', 'a', 'h2c', 'metrics-9090', 'abcdefghijklmno']) expect(PORT_NAME.test(v), v).toBe(true);
    for (const v of ['8080', 'a--b', '-http', 'http-', 'HTTP', 'abcdefghijklmnop', ''])
      expect(PORT_NAME.test(v), v).toBe(false);
  });
});

describe('every grammar is linear on a long near miss', () => {
  const grammars: Record<string, Grammar> = {
    QUANTITY,
    NONNEGATIVE_QUANTITY,
    POSITIVE_QUANTITY,
    LABEL_KEY,
    LABEL_VALUE,
    DNS1123_LABEL,
    DNS1123_SUBDOMAIN,
    DNS1035_LABEL,
    PORT_NAME,
    IMAGE_REFERENCE,
  };
  for (const [name, grammar] of Object.entries(grammars)) {
    it(`${name}: 100,000 characters that fail at the end are refused in linear time`, () => {
      for (const input of nearMisses(100_000)) {
        // the JavaScript regex and its RE2 form (compiled by JavaScript here: the same backtracking risk)
        for (const regex of [grammar, new RegExp(grammar.re2)]) {
          const started = process.hrtime.bigint();
          regex.test(input);
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          // quadratic on 100,000 characters costs seconds; linear costs about a millisecond
          expect(ms, `${name} on ${JSON.stringify(input.slice(0, 12))}...: ${ms.toFixed(1)} ms`).toBeLessThan(500);
        }
      }
    });
  }
});
