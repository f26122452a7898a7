// What GET /v1/rules and /v1/rules/{id} show of a rule: its page, with the examples the tests run.
import { DEFAULT_KUBERNETES_VERSION, type PodSecurityLevel } from '../model/request.js';
import type { Finding } from '../model/finding.js';
import type { Rule, RuleLayer } from './rule.js';

export interface RuleSummary {
  id: string;
  layer: RuleLayer;
  severity: Finding['severity'];
  title: string;
}

export interface RulePage extends RuleSummary {
  rationale: string;
  seeAlso: string[];
  examples: {
    failing: string;
    passing: string;
    /** the options the examples are checked with */
    kubernetesVersion: string;
    podSecurity: PodSecurityLevel;
    /** further pairs, for shapes the main one does not show */
    more: { about: string; failing: string; passing: string }[];
  };
}

export function ruleSummary(rule: Rule): RuleSummary {
  return { id: rule.id, layer: rule.layer, severity: rule.severity, title: rule.title };
}

export function rulePage(rule: Rule): RulePage {
  const ex = rule.examples;
  return {
    ...ruleSummary(rule),
    rationale: rule.rationale,
    seeAlso: rule.seeAlso ?? [],
    examples: {
      failing: ex?.failing ?? '',
      passing: ex?.passing ?? '',
      kubernetesVersion: ex?.minor ? `1.${ex.minor}` : DEFAULT_KUBERNETES_VERSION,
      podSecurity: ex?.podSecurity ?? 'baseline',
      more: (ex?.more ?? []).map(({ about, failing, passing }) => ({ about, failing, passing })),
    },
  };
}
