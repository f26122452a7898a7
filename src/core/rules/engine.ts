import type { K8sObject } from '../model/bundle.js';
import { SEVERITY_ORDER, type Finding, type Severity } from '../model/finding.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';
import { ALL_RULES } from './index.js';

/** JSON Pointer "/spec/template/spec/containers/1/ports/0" -> "spec.template.spec.containers[1].ports[0]" */
export function pointerToField(path: string): string {
  if (!path) return '';
  // one pass per finding: reports can hold tens of thousands
  let field = '';
  for (let start = 1; ;) {
    const end = path.indexOf('/', start);
    let seg = end < 0 ? path.slice(start) : path.slice(start, end);
    if (seg.includes('~')) seg = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    field = isIndex(seg) ? `${field}[${seg}]` : field ? `${field}.${seg}` : seg;
    if (end < 0) return field;
    start = end + 1;
  }
}

/** Whether a segment is all ASCII digits (/^\d+$/). */
function isIndex(seg: string): boolean {
  if (!seg.length) return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function runRules(ctx: RuleContext, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const run = collect(ctx, rules, Infinity);
  return run.complete(run.findings);
}

/** What a capped run found: the findings it lists, and how many there are of each severity in all. */
export interface CappedFindings {
  /** in report order, without field and position yet: `complete` adds them to those a report lists */
  findings: Finding[];
  counts: Record<Severity, number>;
  /** the findings that stand for others not listed, with how many they stand for */
  unlisted: Map<Finding, number>;
  /**
   * The findings with their field and source position. Apart so that only the findings a report lists
   * pay for them: a 1 MB bundle can hold 40,000 findings, and a report lists 5,000.
   */
  complete(findings: Finding[]): Finding[];
}

/**
 * Every rule, listing at most `perRuleAndObject` findings of one rule on one object: the rest are
 * counted (in `counts`, which count every finding) and answered by one finding that says how many
 * more there are. They are not built: a finding's position and field cost more than the check.
 */
export function runRulesCapped(
  ctx: RuleContext,
  perRuleAndObject: number,
  rules: readonly Rule[] = ALL_RULES,
): CappedFindings {
  return collect(ctx, rules, perRuleAndObject);
}

/**
 * A finding as a run collects it: rule, severity and resource, what sorting and cutting a report read;
 * its message and path are the rule's, read only when a report lists it (a 1 MB bundle can hold 35,000
 * findings, a report lists 5,000, and a rule can build message and path on reading).
 */
class Draft implements Finding {
  constructor(
    readonly rule: string,
    readonly severity: Severity,
    readonly resource: NonNullable<Finding['resource']>,
    readonly raw: RawFinding,
  ) {}
  get message(): string {
    return this.raw.message;
  }
  get path(): string {
    return this.raw.path;
  }
}

function collect(ctx: RuleContext, rules: readonly Rule[], cap: number): CappedFindings {
  const findings: Finding[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const unlisted = new Map<Finding, number>();
  // the findings of one object share its resource (read-only)
  const resources = new Map<BundleDocument, NonNullable<Finding['resource']>>();
  const resourceOf = (document: BundleDocument) => {
    let resource = resources.get(document);
    if (!resource) {
      const o = document.object;
      resource = {
        apiVersion: typeof o?.apiVersion === 'string' ? o.apiVersion : '',
        kind: typeof o?.kind === 'string' ? o.kind : '',
        ...(typeof o?.metadata?.namespace === 'string' && o.metadata.namespace
          ? { namespace: o.metadata.namespace }
          : {}),
        ...(typeof o?.metadata?.name === 'string' && o.metadata.name ? { name: o.metadata.name } : {}),
        index: document.index,
      };
      resources.set(document, resource);
    }
    return resource;
  };
  for (const rule of rules) {
    // per object: how many findings of this rule it has, and of those not listed, the most severe
    const seen = new Map<BundleDocument, { count: number; severity?: Severity }>();
    for (const raw of rule.check(ctx)) {
      const severity = raw.severity ?? rule.severity;
      counts[severity]++;
      let tally = seen.get(raw.document);
      if (!tally) seen.set(raw.document, (tally = { count: 0 }));
      if (++tally.count > cap) {
        if (!tally.severity || SEVERITY_ORDER[severity] < SEVERITY_ORDER[tally.severity]) tally.severity = severity;
        continue;
      }
      findings.push(new Draft(rule.id, severity, resourceOf(raw.document), raw));
    }
    for (const [document, { count, severity }] of seen) {
      if (!severity) continue;
      const notice: Finding = {
        rule: rule.id,
        severity,
        message: `and ${count - cap} more findings of ${rule.id} on this object, not listed (a report lists at most ${cap} of one rule on one object): fix these first, then validate again`,
        resource: resourceOf(document),
      };
      findings.push(notice);
      unlisted.set(notice, count - cap);
    }
  }
  const complete = (listed: Finding[]): Finding[] =>
    listed.map((f) => {
      if (!(f instanceof Draft)) return f; // a notice: no field
      const { raw } = f;
      const path = raw.path;
      const pos = raw.position ?? raw.document.locate?.(path);
      return {
        rule: f.rule,
        severity: f.severity,
        message: raw.message,
        resource: f.resource,
        path,
        field: pointerToField(path),
        ...(pos ? { line: pos.line, column: pos.column } : {}),
      };
    });
  return { findings: sortFindings(findings), counts, unlisted, complete };
}

/** By severity, then by document; in the order found where both are the same (the sort is stable). */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return findings
    .slice()
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.resource?.index ?? -1) - (b.resource?.index ?? -1),
    );
}

/** Checks generated objects: the same engine that validates submitted bundles. */
export function checkGenerated(objects: K8sObject[], minor: number, podSecurity: 'restricted' | 'baseline'): Finding[] {
  const documents: BundleDocument[] = objects.map((object, index) => ({ index, object }));
  return runRules({ documents, minor, podSecurity, mode: 'generate' });
}
