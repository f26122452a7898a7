import type { K8sObject } from '../model/bundle.js';
import { SEVERITY_ORDER, type Finding } from '../model/finding.js';
import type { BundleDocument, Rule, RuleContext } from './rule.js';
import { ALL_RULES } from './index.js';

/** JSON Pointer "/spec/template/spec/containers/1/ports/0" -> "spec.template.spec.containers[1].ports[0]" */
export function pointerToField(path: string): string {
  if (!path) return '';
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

export function runRules(ctx: RuleContext, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const raw of rule.check(ctx)) {
      const o = raw.document.object;
      const pos = raw.position ?? raw.document.locate?.(raw.path);
      findings.push({
        rule: rule.id,
        severity: raw.severity ?? rule.severity,
        message: raw.message,
        resource: {
          apiVersion: typeof o?.apiVersion === 'string' ? o.apiVersion : '',
          kind: typeof o?.kind === 'string' ? o.kind : '',
          ...(typeof o?.metadata?.namespace === 'string' && o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
          ...(typeof o?.metadata?.name === 'string' && o.metadata.name ? { name: o.metadata.name } : {}),
          index: raw.document.index,
        },
        path: raw.path,
        field: pointerToField(raw.path),
        ...(pos ? { line: pos.line, column: pos.column } : {}),
      });
    }
  }
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
        (a.f.resource?.index ?? -1) - (b.f.resource?.index ?? -1) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}

/** Checks generated objects: the same engine that validates submitted bundles. */
export function checkGenerated(objects: K8sObject[], minor: number, podSecurity: 'restricted' | 'baseline'): Finding[] {
  const documents: BundleDocument[] = objects.map((object, index) => ({ index, object }));
  return runRules({ documents, minor, podSecurity, mode: 'generate' });
}
