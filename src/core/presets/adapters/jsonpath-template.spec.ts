import { describe, expect, it } from 'vitest';
import { jsonPathTemplateProblem } from './jsonpath-template.js';

describe('JSONPath template check (client-go jsonpath parser)', () => {
  it.each([
    '{ .queue.length }',
    '{.items[0].value}',
    '{.items[*].count}',
    '{.items[1:3]}',
    "{.counters['http.requests']}",
    '{.items[?(@.name=="orders")].value}',
    '{..latency}',
    '{ $.a.b }',
    'constant text',
    'queue-{.queue.name}',
    '{range .items[*]}{.name}{end}',
  ])('accepts %s', (template) => {
    expect(jsonPathTemplateProblem(template)).toBeUndefined();
  });

  it.each([
    ['{ .queue.length', 'unclosed action'],
    ['{ .items[0 }', 'unterminated array'],
    ['{ .items[?(@.a==1) }', 'unterminated filter'],
    ['{ .items[x] }', 'invalid array index [x]'],
    ["{ .counters['a }", 'unterminated'],
    ['{ .a # b }', 'unrecognized character in action: "#"'],
    ['{ queue.length }', 'unrecognized identifier queue.length'],
    ['{end}', 'nothing to end'],
    ['{range .items[*]}{.name}', 'has no {end}'],
  ])('refuses %s', (template, detail) => {
    expect(jsonPathTemplateProblem(template)).toContain(detail);
  });

  it.each([
    '{.}',
    '{.a}{.}',
    '{@.a}',
    '{.a,.b}',
    '{*}',
    '{..a..b}',
    '{.a[-1]}',
    '{.a[1:]}',
    '{.a[:2]}',
    '{.a[1:5:2]}',
    '{.a[ 0 , 1 ]}',
    "{.a['x','y']}",
    '{.a["x"]}',
    "{.a['x]y'].b}",
    '{.a[?(@.b[0]==1)].c}',
    '{"a b"}',
    "{'}'}",
    '{1}',
    '{-2}',
    '{1.5}',
    '{12}',
    '{-30}',
    '{1.25}',
    '{.a["x]y"].b}',
    '{true}{false}',
    '{range .a}{range .b}{end}{end}',
    '\t{ .a }\n',
  ])('accepts %j', (template) => {
    expect(jsonPathTemplateProblem(template)).toBeUndefined();
  });

  it.each([
    ['{.a', 'unclosed action: a "{" has no "}"'],
    ['{', 'unclosed action: a "{" has no "}"'],
    ['{.a[0', 'unterminated array: a "[" has no "]"'],
    ["{.a['x]}", 'unterminated array: a "[" has no "]"'],
    ['{.a[[0]}', 'unterminated array: a "[" has no "]"'],
    ['{.a[?(@.b)}', 'unterminated filter: a "[?(" has no ")]"'],
    ['{.a[1:2:3:4]}', 'invalid array index [1:2:3:4]'],
    ["{.a['x',y]}", "invalid array index ['x',y]"],
    ['{.a[1-]}', 'invalid array index [1-]'],
    ['{..[x]}', 'invalid array index [x]'],
    ['{"a}', 'unterminated quoted string: a " is not closed'],
    ["{'a}", "unterminated quoted string: a ' is not closed"],
    ['{.a # b}', 'unrecognized character in action: "#"'],
    ['{~}', 'unrecognized character in action: "~"'],
    ['{a}', 'unrecognized identifier a: field names start with "." (e.g. .a)'],
    ['{xrange .a}{end}', 'unrecognized identifier xrange: field names start with "." (e.g. .xrange)'],
    ['{range1}', 'unrecognized identifier range1: field names start with "." (e.g. .range1)'],
    ['{truex}', 'unrecognized identifier truex: field names start with "." (e.g. .truex)'],
    ['{1.5.6}', 'unrecognized identifier 1.5.6: field names start with "." (e.g. .1.5.6)'],
    ['{_x}', 'unrecognized identifier _x: field names start with "." (e.g. ._x)'],
    ['{1a}', 'unrecognized identifier 1a: field names start with "." (e.g. .1a)'],
    ['{--1}', 'unrecognized identifier --1: field names start with "." (e.g. .--1)'],
    ['{end}', 'not in range, nothing to end: an {end} without {range}'],
    ['{range .a}{end}{end}', 'not in range, nothing to end: an {end} without {range}'],
    ['{range .a}{range .b}{end}', 'a {range} has no {end}'],
    ['{range .a}', 'a {range} has no {end}'],
  ])('refuses %j: %s', (template, detail) => {
    expect(jsonPathTemplateProblem(template)).toBe(detail);
  });
});
