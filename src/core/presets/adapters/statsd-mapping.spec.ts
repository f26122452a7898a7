import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../model/errors.js';
import { STATSD_GLOB, STATSD_LABEL_NAME, STATSD_METRIC_NAME, checkStatsdMapping } from './statsd-mapping.js';

const problem = (text: string): string => {
  try {
    checkStatsdMapping(text, '/adapters/0/mappingConfig');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    const e = err as InvalidRequestError;
    expect(e.errors.map((x) => x.pointer)).toEqual(['/adapters/0/mappingConfig']);
    return e.errors[0].detail;
  }
  throw new Error(`accepted: ${text}`);
};

describe('statsd_exporter mapping check', () => {
  it("uses statsd_exporter's grammar for metric names, label names and globs", () => {
    expect(['orders_latency', '_x', '${1}_total', '$1', 'a1'].filter((n) => STATSD_METRIC_NAME.test(n))).toHaveLength(
      5,
    );
    expect(['bad-name', '1abc', 'a.b', 'a:b', ''].filter((n) => STATSD_METRIC_NAME.test(n))).toEqual([]);
    // labelNameRE is [a-zA-Z_][a-zA-Z0-9_]+: at least two characters
    expect(['step', '_a', 'x1'].every((n) => STATSD_LABEL_NAME.test(n))).toBe(true);
    expect(['bad-label', 'x', '1a', 'a.b'].filter((n) => STATSD_LABEL_NAME.test(n))).toEqual([]);
    expect(['*', 'orders.*.latency', 'a-b.*', '*.2xx', 'a.b.c'].every((g) => STATSD_GLOB.test(g))).toBe(true);
    expect(['', '1a.b', 'a..b', 'a.*x', 'a b', 'a.-b'].filter((g) => STATSD_GLOB.test(g))).toEqual([]);
  });

  it('accepts a file the exporter loads, returned as given with a final newline', () => {
    const text =
      'defaults:\n  match_type: glob\nmappings:\n  - match: "orders.*.latency"\n    name: "orders_latency_seconds"\n    observer_type: histogram\n    labels:\n      step: "$1"\n  - match: "(.*)\\\\.dropped"\n    match_type: regex\n    action: drop\n    name: dropped';
    expect(checkStatsdMapping(text, '/p')).toBe(`${text}\n`);
  });

  it.each([
    ['no name', 'mappings:\n  - match: a.b\n', 'mappings[0].name: the mapping sets no metric name'],
    ['no name with action drop', 'mappings:\n  - match: a.b\n    action: drop\n', 'mappings[0].name'],
    [
      'name bad-name',
      'mappings:\n  - match: a.b\n    name: bad-name\n',
      'mappings[0].name: "bad-name" is not a valid metric name',
    ],
    [
      'label bad-label',
      'mappings:\n  - match: a.b\n    name: ab\n    labels:\n      bad-label: x\n',
      'invalid label name "bad-label"',
    ],
    [
      'one-letter label',
      'mappings:\n  - match: a.b\n    name: ab\n    labels:\n      x: y\n',
      'invalid label name "x"',
    ],
    ['bad glob', 'mappings:\n  - match: 1a.b\n    name: ab\n', 'mappings[0].match: "1a.b" is not a valid glob'],
    ['bad regex', 'mappings:\n  - match: "a(b"\n    match_type: regex\n    name: ab\n', 'not a valid regex'],
    [
      'regex RE2 lacks',
      'mappings:\n  - match: "(?<=a)b"\n    match_type: regex\n    name: ab\n',
      "Go's regexp does not support",
    ],
    [
      'unknown match type',
      'mappings:\n  - match: a.b\n    match_type: prefix\n    name: ab\n',
      'match_type: must be "glob" or "regex"',
    ],
    [
      'unknown action',
      'mappings:\n  - match: a.b\n    action: keep\n    name: ab\n',
      '.action: must be "map" or "drop"',
    ],
    ['unknown observer', 'mappings:\n  - match: a.b\n    observer_type: timer\n    name: ab\n', '.observer_type'],
    ['second mapping', 'mappings:\n  - match: a.b\n    name: ab\n  - match: c.d\n    name: c-d\n', 'mappings[1].name'],
  ])('refuses what statsd_exporter refuses at start: %s', (_, text, detail) => {
    expect(problem(text)).toContain(detail);
  });
});
