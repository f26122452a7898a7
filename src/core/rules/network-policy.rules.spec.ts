import { describe, expect, it } from 'vitest';
import { runRules } from './engine.js';
import { NETWORK_POLICY_RULES } from './network-policy.rules.js';

type Obj = Record<string, any>;

const workload = (name: string, spec: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
});

const ids = (objects: Obj[]) =>
  runRules(
    {
      documents: objects.map((object, index) => ({ index, object: object as never })),
      minor: 33,
      podSecurity: 'baseline',
      mode: 'validate',
    },
    NETWORK_POLICY_RULES,
  ).map((f) => `${f.rule}:${f.severity}:${f.resource?.index}${f.path}`);

describe('netpol.dns', () => {
  const policy = (spec: Obj, namespace = 'shop'): Obj => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace },
    spec,
  });
  const web = workload('web', { containers: [{ name: 'a', image: 'x' }] });
  const check = (...objects: Obj[]) => ids(objects);
  const selectWeb = { podSelector: { matchLabels: { app: 'web' } } };

  it("warns when the policies that restrict a pod's egress allow no DNS", () => {
    expect(check(web, policy({ ...selectWeb, policyTypes: ['Egress'] }))).toEqual([
      'netpol.dns:warning:1/spec/policyTypes',
    ]);
    // without policyTypes, an egress section makes it an egress policy
    expect(check(web, policy({ ...selectWeb, egress: [{ ports: [{ port: 53 }] }] }))).toEqual([
      'netpol.dns:warning:1/spec/egress',
    ]);
  });

  it('DNS is allowed by a rule without ports, any UDP port, port 53, a range over it or the port name dns', () => {
    for (const ports of [
      undefined,
      [],
      [{ protocol: 'UDP' }],
      [{ port: 53, protocol: 'UDP' }],
      [{ port: 1, endPort: 1000, protocol: 'UDP' }],
      [{ port: 'dns', protocol: 'UDP' }],
    ]) {
      expect(
        check(web, policy({ ...selectWeb, egress: [{ ...(ports ? { ports } : {}) }] })),
        JSON.stringify(ports),
      ).toEqual([]);
    }
  });

  it('another policy selecting the pod may allow DNS; unselected pods, ingress-only policies and other namespaces do not count', () => {
    const dns = policy({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    expect(
      check(web, policy({ ...selectWeb, policyTypes: ['Egress'] }), {
        ...dns,
        metadata: { name: 'dns', namespace: 'shop' },
      }),
    ).toEqual([]);
    expect(check(web, policy({ podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'] }))).toEqual([]);
    expect(check(web, policy({ ...selectWeb, policyTypes: ['Ingress'] }))).toEqual([]);
    expect(check(web, policy({ ...selectWeb, policyTypes: ['Egress'] }, 'other'))).toEqual([]);
  });
});
