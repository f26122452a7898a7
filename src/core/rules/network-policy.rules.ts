// NetworkPolicies: pods whose egress is restricted still need DNS, or no name resolves.
import {
  asObj,
  labelSelectorMatches,
  objEntries,
  podSites,
  sameNamespace,
  show,
  stringMap,
  type Obj,
} from './pod-spec.js';
import { deploymentExample } from './examples.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

interface Policy {
  document: BundleDocument;
  spec: Obj;
  podSelector: Obj;
  /** whether the policy restricts the selected pods' egress */
  restrictsEgress: boolean;
  allowsDns: boolean;
}

/** A port entry that lets UDP port 53 through: any UDP port, 53 itself, a range over it, or CoreDNS's port name. */
function isDnsPort(port: Obj): boolean {
  if ((port.protocol ?? 'TCP') !== 'UDP') return false;
  const p = port.port;
  if (p === undefined || p === 53 || p === 'dns') return true;
  return typeof p === 'number' && typeof port.endPort === 'number' && p <= 53 && port.endPort >= 53;
}

/** A rule without ports allows every port. */
const allowsDns = (rule: Obj) =>
  !Array.isArray(rule.ports) || rule.ports.length === 0 || objEntries(rule.ports).some(([p]) => isDnsPort(p));

function policies(ctx: RuleContext): Policy[] {
  return ctx.documents.flatMap((document) => {
    const o = document.object;
    const spec = asObj(o?.spec);
    const podSelector = asObj(spec?.podSelector);
    if (o?.kind !== 'NetworkPolicy' || o.apiVersion !== 'networking.k8s.io/v1' || !spec || !podSelector) return [];
    // Without policyTypes, a policy restricts egress exactly when it has an egress section.
    const types = Array.isArray(spec.policyTypes)
      ? spec.policyTypes
      : spec.egress !== undefined
        ? ['Ingress', 'Egress']
        : ['Ingress'];
    return [
      {
        document,
        spec,
        podSelector,
        restrictsEgress: types.includes('Egress'),
        allowsDns: objEntries(spec.egress).some(([rule]) => allowsDns(rule)),
      },
    ];
  });
}

const policyAndDeployment = (egress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  egress:
    - ports:
        - port: 443
          protocol: TCP
${egress}---
${deploymentExample()}`;

export const networkPolicyDnsRule: Rule = {
  id: 'netpol.dns',
  layer: 'best-practice',
  severity: 'warning',
  title: 'Pods whose egress NetworkPolicies restrict may still reach DNS',
  rationale:
    'Once a NetworkPolicy with policyTypes Egress selects a pod, the pod may only open the connections ' +
    'some such policy allows. If none allows UDP port 53, no host name resolves: every call to a ' +
    'Service or an outside API fails, often as a timeout far from the cause. Allow port 53 (UDP and ' +
    'TCP) to kube-dns.',
  seeAlso: ['Kubernetes docs (Network Policies: default deny egress)', 'Cilium and Calico guides (allow DNS egress)'],
  examples: {
    failing: policyAndDeployment(''),
    passing: policyAndDeployment(
      '    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n      ports:\n        - port: 53\n          protocol: UDP\n        - port: 53\n          protocol: TCP\n',
    ),
    at: { path: '/spec/egress', line: 11 },
  },
  check(ctx) {
    const all = policies(ctx).filter((p) => p.restrictsEgress);
    if (!all.length) return [];
    const out: RawFinding[] = [];
    const reported = new Set<Policy>();
    for (const pod of podSites(ctx)) {
      // a policy is reported once: when all are, no later pod can add a finding
      if (reported.size === all.length) break;
      const labels = stringMap(pod.metadata.labels);
      const selecting = all.filter(
        (p) => sameNamespace(p.document, pod.document) && labelSelectorMatches(p.podSelector, labels),
      );
      if (!selecting.length || selecting.some((p) => p.allowsDns)) continue;
      const name = show(pod.document.object.metadata?.name);
      for (const policy of selecting.filter((p) => !reported.has(p))) {
        reported.add(policy);
        out.push({
          document: policy.document,
          path: policy.spec.egress !== undefined ? '/spec/egress' : '/spec/policyTypes',
          message: `the pods of ${pod.kind} "${name}" may only open the connections their NetworkPolicies allow, and none allows DNS (UDP port 53): no host name resolves`,
        });
      }
    }
    return out;
  },
};

export const NETWORK_POLICY_RULES: Rule[] = [networkPolicyDnsRule];
