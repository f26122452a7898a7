import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRun } from '../../../test/support/property-seed.js';
import type { K8sObject } from '../model/bundle.js';
import type { Severity } from '../model/finding.js';
import { pointerToField, runRulesCapped } from './engine.js';
import type { BundleDocument, RawFinding, Rule } from './rule.js';

/** The field of a JSON Pointer as first written: split, unescape, then indexes in brackets and names after dots. */
const reference = (path: string) =>
  path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');

describe('pointerToField', () => {
  it('writes indexes in brackets and names after dots', () => {
    expect(pointerToField('')).toBe('');
    expect(pointerToField('/spec/template/spec/containers/1/ports/0')).toBe(
      'spec.template.spec.containers[1].ports[0]',
    );
    expect(pointerToField('/metadata/annotations/a~1b~0c')).toBe('metadata.annotations.a/b~c');
    expect(pointerToField('/0/a')).toBe('[0].a');
    expect(pointerToField('//x/')).toBe('x.');
  });

  it('gives the field of any pointer as the first way of writing it did', () => {
    const segment = fc.oneof(
      fc.constantFrom('', '0', '12', '007', '1a', '~0', '~1', '~01', 'a~1b', '١', 'spec'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const path = segments.map((s) => `/${s}`).join('');
        expect(pointerToField(path)).toBe(reference(path));
      }),
      propertyRun('pointerToField', 2000),
    );
  });
});

describe('runRulesCapped', () => {
  const document: BundleDocument = {
    index: 3,
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } } as K8sObject,
    locate: (path) => ({ line: path.length, column: 7 }),
  };
  let reads: string[] = [];
  /** a finding that says when its message or path is read */
  const raw = (i: number): RawFinding => ({
    document,
    get path() {
      reads.push(`path ${i}`);
      return `/data/k~1${i}`;
    },
    get message() {
      reads.push(`message ${i}`);
      return `bad ${i}`;
    },
  });
  const rule = (id: string, severity: Severity, count: number) =>
    ({ id, severity, check: () => Array.from({ length: count }, (_, i) => raw(i)) }) as unknown as Rule;

  it("reads a finding's message and path only when it is completed, and completes it in report order", () => {
    reads = [];
    const run = runRulesCapped({ documents: [document], minor: 33, podSecurity: 'restricted', mode: 'validate' }, 100, [
      rule('w.many', 'warning', 300),
      rule('e.two', 'error', 2),
    ]);
    expect(reads).toEqual([]);
    expect(run.counts).toEqual({ error: 2, warning: 300, info: 0 });
    // errors first although their rule ran second; the notice for the 200 warnings not listed last
    expect(run.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual([
      'e.two error',
      'e.two error',
      ...Array.from({ length: 100 }, () => 'w.many warning'),
      'w.many warning',
    ]);
    const notice = run.findings.at(-1)!;
    expect(run.unlisted.get(notice)).toBe(200);
    expect(notice.message).toMatch(/^and 200 more findings of w\.many on this object, not listed/);
    const listed = run.complete([run.findings[0], run.findings[3], notice]);
    expect(reads.sort()).toEqual(['message 0', 'message 1', 'path 0', 'path 1']);
    const resource = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c', index: 3 };
    expect(listed).toEqual([
      {
        rule: 'e.two',
        severity: 'error',
        message: 'bad 0',
        resource,
        path: '/data/k~10',
        field: 'data.k/0',
        line: 10,
        column: 7,
      },
      {
        rule: 'w.many',
        severity: 'warning',
        message: 'bad 1',
        resource,
        path: '/data/k~11',
        field: 'data.k/1',
        line: 10,
        column: 7,
      },
      notice,
    ]);
    // members in the order a report writes them
    expect(Object.keys(listed[0])).toEqual([
      'rule',
      'severity',
      'message',
      'resource',
      'path',
      'field',
      'line',
      'column',
    ]);
  });
});
