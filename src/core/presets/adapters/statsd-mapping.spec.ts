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

  it('returns a file that already ends in a newline unchanged', () => {
    const text = 'mappings:\n  - match: a.b\n    name: ab\n';
    expect(checkStatsdMapping(text, '/p')).toBe(text);
  });

  it.each([
    ['not YAML', 'mappings: [a\n  b: {', /^not valid YAML: [^\n]+ at line 1, column 12:$/],
    [
      'a list',
      '- match: a.b\n  name: ab\n',
      'must be a statsd_exporter mapping file: YAML with a "mappings" list (and optionally "defaults")',
    ],
    [
      'mappings not a list',
      'mappings: a.b\n',
      'must be a statsd_exporter mapping file: YAML with a "mappings" list (and optionally "defaults")',
    ],
    ['defaults a list', 'defaults: [glob]\nmappings: []\n', '"defaults" must be a mapping'],
    [
      'defaults.match_type',
      'defaults:\n  match_type: prefix\nmappings: []\n',
      'defaults.match_type must be "glob" or "regex", not "prefix"',
    ],
  ])('refuses a file that is not a mapping file: %s, with the whole message', (_, text, detail) => {
    if (typeof detail === 'string') expect(problem(text)).toBe(detail);
    else expect(problem(text)).toMatch(detail);
  });

  it('takes empty defaults and the default match type of the file', () => {
    for (const defaults of ['', 'defaults:\n', 'defaults: null\n', 'defaults: {}\n'])
      expect(checkStatsdMapping(`${defaults}mappings:\n  - match: a.b\n    name: ab\n`, '/p')).toContain('name: ab');
    // a regex match is a valid regex but no valid glob: the file's default match type decides
    const regex = 'mappings:\n  - match: "(.*)\\\\.x"\n    name: ab\n';
    expect(checkStatsdMapping(`defaults:\n  match_type: regex\n${regex}`, '/p')).toContain('(.*)');
    expect(problem(`defaults:\n  match_type: glob\n${regex}`)).toContain('is not a valid glob');
    expect(problem(regex)).toContain('is not a valid glob');
    // a mapping's own match_type wins over the default
    expect(
      checkStatsdMapping(
        `defaults:\n  match_type: glob\nmappings:\n  - match: "a+"\n    match_type: regex\n    name: ab\n`,
        '/p',
      ),
    ).toContain('a+');
    expect(problem('defaults:\n  match_type: regex\nmappings:\n  - match: "a("\n    name: ab\n')).toContain(
      'not a valid regex',
    );
  });

  it('lists every problem of every mapping, in order, in one message', () => {
    expect(
      problem(
        'mappings:\n  - 7\n  - match: 5\n    name: 5\n    labels: [a]\n  - name: ab\n    labels:\n      step: {a: 1}\n      st: [1]\n',
      ),
    ).toBe(
      'statsd_exporter would refuse this mapping file and exit at start: ' +
        'mappings[0]: each mapping must be a mapping with match and name; ' +
        'mappings[1].labels: must map label names to values; ' +
        'mappings[1].name: "5" is not a valid metric name (must match ^([a-zA-Z_]|(\\$\\{?\\d+\\}?))([a-zA-Z0-9_]|(\\$\\{?\\d+\\}?))*$); ' +
        'mappings[1].match: must be a glob such as "app.*.requests" or a regex; ' +
        'mappings[2].labels.step: the value must be a string; ' +
        'mappings[2].labels.st: the value must be a string; ' +
        'mappings[2].match: "" is not a valid glob (dot-separated names and *, the first not starting with a digit)',
    );
  });

  it.each([
    ['match: a.b\n    name: ""', '.name: the mapping sets no metric name (required, also with action drop)'],
    ['match: a.b\n    name: null', '.name: the mapping sets no metric name (required, also with action drop)'],
    [
      'match: a.b\n    name: ab\n    labels:\n      x: y',
      '.labels: invalid label name "x" (must match ^[a-zA-Z_][a-zA-Z0-9_]+$)',
    ],
    ['match: a.b\n    name: ab\n    match_type: prefix', '.match_type: must be "glob" or "regex", not "prefix"'],
    ['match: a.b\n    name: ab\n    action: keep', '.action: must be "map" or "drop", not "keep"'],
    [
      'match: a.b\n    name: ab\n    observer_type: timer',
      '.observer_type: must be "histogram" or "summary", not "timer"',
    ],
    [
      'match: a.b\n    name: ab\n    timer_type: timer',
      '.observer_type: must be "histogram" or "summary", not "timer"',
    ],
    [
      'match: a.b\n    name: ab\n    observer_type: histogram\n    summary_options: {}',
      ': a histogram observer cannot have summary_options',
    ],
    [
      'match: a.b\n    name: ab\n    timer_type: summary\n    histogram_options: {}',
      ': a summary observer cannot have histogram_options',
    ],
    [
      'match: "(?=a)b"\n    match_type: regex\n    name: ab',
      '.match: "(?=a)b" uses lookaround or backreferences, which Go\'s regexp does not support',
    ],
    ['match: "a("\n    match_type: regex\n    name: ab', /^\.match: not a valid regex: .+/],
  ])('gives the problem of the mapping %j its whole message', (m, detail) => {
    const got = problem(`mappings:\n  - ${m}\n`).replace(/^.*?: mappings\[0\]/, '');
    if (typeof detail === 'string') expect(got).toBe(detail);
    else expect(got).toMatch(detail);
  });

  it('accepts what statsd_exporter accepts: observers with their own options, an empty observer, both actions', () => {
    for (const m of [
      'observer_type: histogram\n    histogram_options: {}',
      'observer_type: summary\n    summary_options: {}',
      'timer_type: histogram',
      'observer_type: ""',
      'action: map',
      'action: drop',
      'match_type: glob',
      'labels: {}',
      'labels:\n      step: "1"\n      nn: 2',
    ])
      expect(checkStatsdMapping(`mappings:\n  - match: a.b\n    name: ab\n    ${m}\n`, '/p')).toContain(m);
  });

  it('reads a glob as a glob: one that starts with "*" (no valid regex) is accepted', () => {
    for (const glob of ['*.requests', '*', '*.*.latency']) {
      const text = `mappings:\n  - match: "${glob}"\n    name: requests\n`;
      expect(checkStatsdMapping(text, '/p')).toBe(text);
    }
  });

  it.each(['(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(a)\\\\1', '(?<n>a)\\\\k<n>'])(
    'refuses the regex %s that Go cannot compile',
    (re) => {
      expect(problem(`mappings:\n  - match: "${re}"\n    match_type: regex\n    name: ab\n`)).toContain(
        "Go's regexp does not support",
      );
    },
  );

  // "+" after "*", "?" or "}" is a literal here (in a class, or after an escaped character): RE2 takes it
  it.each(['(?:a)', 'a{2}', '\\\\d+', '[?=]', 'a*b+c?', '(a)(b)', '[*+]x', '[?+]', 'a\\\\*+', 'a\\\\}+'])(
    'accepts the RE2 regex %s',
    (re) => {
      expect(
        checkStatsdMapping(`mappings:\n  - match: "${re}"\n    match_type: regex\n    name: ab\n`, '/p'),
      ).toContain('regex');
    },
  );

  // possessive quantifiers and atomic groups: refused by the JavaScript parser as by RE2
  it.each(['a*+', 'a++', 'a?+', 'a{2}+', '(?>a)'])('refuses the regex %s as not valid', (re) => {
    expect(problem(`mappings:\n  - match: "${re}"\n    match_type: regex\n    name: ab\n`)).toMatch(
      /mappings\[0\]\.match: not a valid regex: /,
    );
  });
});
