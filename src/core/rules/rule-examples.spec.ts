// Every rule's page examples are fixtures: the failing one raises that rule (where given, at the
// stated path and line) and no other error; the passing one raises nothing of it and no error.
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../model/errors.js';
import { parseYamlManifests } from '../validate/parse-manifests.js';
import { runRules } from './engine.js';
import { ALL_RULES } from './index.js';
import type { Rule, RuleCase } from './rule.js';

function run(rule: Rule, yaml: string) {
  const ex = rule.examples!;
  const documents = parseYamlManifests(yaml);
  return runRules({ documents, minor: ex.minor ?? 33, podSecurity: ex.podSecurity ?? 'baseline', mode: 'validate' });
}

describe('rule examples', () => {
  it('every rule has a page with both examples, and ids are unique', () => {
    expect(ALL_RULES.filter((r) => !r.examples?.failing || !r.examples?.passing).map((r) => r.id)).toEqual([]);
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });

  it('parse.yaml: the failing example is refused with its line, the passing one parses', () => {
    const rule = ALL_RULES.find((r) => r.id === 'parse.yaml')!;
    expect(() => parseYamlManifests(rule.examples!.failing)).toThrow(InvalidRequestError);
    expect(() => parseYamlManifests(rule.examples!.failing)).toThrow(/parse\.yaml: document 1, line 6/);
    expect(run(rule, rule.examples!.passing).filter((f) => f.severity === 'error')).toEqual([]);
  });

  for (const rule of ALL_RULES.filter((r) => r.id !== 'parse.yaml')) {
    it(`${rule.id}: failing example raises it and no other error`, () => {
      const findings = run(rule, rule.examples!.failing);
      const own = findings.filter((f) => f.rule === rule.id);
      expect(own.length, JSON.stringify(findings, null, 1)).toBeGreaterThan(0);
      expect(findings.filter((f) => f.rule !== rule.id && f.severity === 'error')).toEqual([]);
      if (rule.examples!.at) {
        expect({ path: own[0].path, line: own[0].line }).toEqual(rule.examples!.at);
      }
    });
    it(`${rule.id}: passing example raises nothing of it and no error`, () => {
      const findings = run(rule, rule.examples!.passing);
      expect(findings.filter((f) => f.rule === rule.id || f.severity === 'error')).toEqual([]);
    });
    for (const more of rule.examples!.more ?? []) checkCase(rule, more);
  }
});

/** A further pair: as the main one, except that both may raise the errors it names (and must). */
function checkCase(rule: Rule, c: RuleCase) {
  const others = (yaml: string) =>
    [
      ...new Set(
        run(rule, yaml)
          .filter((f) => f.rule !== rule.id && f.severity === 'error')
          .map((f) => f.rule),
      ),
    ].sort();
  const expected = [...(c.otherErrors ?? [])].sort();
  it(`${rule.id} (${c.about}): failing example raises it and only the errors named`, () => {
    const findings = run(rule, c.failing);
    const own = findings.filter((f) => f.rule === rule.id);
    expect(own.length, JSON.stringify(findings, null, 1)).toBeGreaterThan(0);
    expect(others(c.failing)).toEqual(expected);
    if (c.at) expect({ path: own[0].path, line: own[0].line }).toEqual(c.at);
  });
  it(`${rule.id} (${c.about}): passing example raises nothing of it and only the errors named`, () => {
    expect(run(rule, c.passing).filter((f) => f.rule === rule.id)).toEqual([]);
    expect(others(c.passing)).toEqual(expected);
  });
}
