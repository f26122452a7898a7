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
});
