import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { capFindings, REPORT_LIMITS, validateBundle } from './validate-bundle.js';

const NOT_LISTED = /^and (\d+) more findings of (\S+) (on this object|in this bundle), not listed/;

/** How many findings a report stands for: each listed one, plus what each "and N more" finding counts. */
function represented(findings: Finding[]): number {
  return findings.reduce(
    (sum, f) => sum + (NOT_LISTED.test(f.message) ? Number(NOT_LISTED.exec(f.message)![1]) : 1),
    0,
  );
}

function finding(rule: string, severity: Finding['severity'], index: number): Finding {
  return { rule, severity, message: `${rule} on ${index}`, resource: { apiVersion: 'v1', kind: 'Pod', index } };
}

describe('capFindings', () => {
  it('keeps a report at or under the limit as it is', () => {
    const findings = [finding('a', 'error', 0), finding('b', 'warning', 1)];
    expect(capFindings(findings, 2)).toBe(findings);
  });

  it('lists the first findings and one finding per rule cut, within the limit, counting every finding', () => {
    const findings = [
      ...Array.from({ length: 6 }, (_, i) => finding('r.error', 'error', i)),
      ...Array.from({ length: 5 }, (_, i) => finding('r.warn', 'warning', i)),
      ...Array.from({ length: 4 }, (_, i) => finding('r.info', 'info', i)),
    ];
    const listed = capFindings(findings, 8);
    expect(listed).toHaveLength(8);
    // two rules are cut (r.warn partly, r.info wholly), so 6 findings are kept and 2 say what is left out
    expect(listed.slice(0, 6)).toEqual(findings.slice(0, 6));
    expect(listed.slice(6).map((f) => [f.rule, f.severity, f.message.split(',')[0]])).toEqual([
      ['r.warn', 'warning', 'and 5 more findings of r.warn in this bundle'],
      ['r.info', 'info', 'and 4 more findings of r.info in this bundle'],
    ]);
    expect(represented(listed)).toBe(findings.length);
    // the same findings in, the same listed out
    expect(capFindings([...findings], 8)).toEqual(listed);
  });

  it('counts a cut finding that stands for others as all of them', () => {
    const notice = { ...finding('r.many', 'error', 3), message: 'and 40 more findings of r.many on this object' };
    const findings = [finding('r.many', 'error', 0), finding('r.many', 'error', 1), notice];
    const listed = capFindings(findings, 2, new Map([[notice, 40]]));
    expect(listed).toHaveLength(2);
    expect(listed[1].message).toMatch(/^and 41 more findings of r\.many in this bundle/);
  });
});

describe('a report lists at most REPORT_LIMITS findings; the summary counts every one', () => {
  it(`at most ${REPORT_LIMITS.perRuleAndObject} of one rule on one object, then one finding for the rest`, () => {
    const keys = Array.from({ length: 250 }, () => '  team: a').join('\n');
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n${keys}\n`;
    const report = validateBundle({ yaml });
    const duplicates = report.findings.filter((f) => f.rule === 'parse.duplicate-key');
    expect(duplicates).toHaveLength(REPORT_LIMITS.perRuleAndObject + 1);
    // the listed ones are the first in the source, with their lines
    expect(duplicates.slice(0, 3).map((f) => f.line)).toEqual([7, 8, 9]);
    const rest = duplicates[REPORT_LIMITS.perRuleAndObject];
    expect(rest).toMatchObject({ severity: 'error', resource: { kind: 'ConfigMap', name: 'c', index: 0 } });
    expect(rest.message).toMatch(
      /^and 149 more findings of parse\.duplicate-key on this object, not listed .*fix these first, then validate again$/,
    );
    expect(rest.line).toBeUndefined();
    const { errors, warnings, info } = report.summary;
    expect(errors + warnings + info).toBe(represented(report.findings));
    expect(errors).toBeGreaterThanOrEqual(249);
    expect(report.valid).toBe(false);
  });

  it(`at most ${REPORT_LIMITS.findings} findings in one report, errors first`, () => {
    // 1000 Pods with a privileged container each: several findings per Pod, 5,000+ in all
    const manifests = Array.from({ length: 1000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}` },
      spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] },
    }));
    const report = validateBundle({ json: { manifests } });
    const { errors, warnings, info } = report.summary;
    expect(errors + warnings + info).toBeGreaterThan(REPORT_LIMITS.findings);
    expect(report.findings).toHaveLength(REPORT_LIMITS.findings);
    expect(represented(report.findings)).toBe(errors + warnings + info);
    const notices = report.findings.filter((f) => / in this bundle, not listed /.test(f.message));
    expect(notices.length).toBeGreaterThan(0);
    // errors first, then warnings, then info, the notices included
    const order = { error: 0, warning: 1, info: 2 };
    const severities = report.findings.map((f) => order[f.severity]);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    expect(validateBundle({ json: { manifests } })).toEqual(report);
  });
});
