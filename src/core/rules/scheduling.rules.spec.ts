import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runRules } from './engine.js';
import { SCHEDULING_RULES } from './scheduling.rules.js';
import type { RuleContext } from './rule.js';

function ctx(yaml: string): RuleContext {
  const documents = parseAllDocuments(yaml).map((d, index) => ({ index, object: d.toJS() }));
  return { documents, minor: 33, podSecurity: 'baseline', mode: 'validate' };
}

const pod = (spec: object, labels: Record<string, string> = { app: 'web' }) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels }, spec });
const containers = [{ name: 'web', image: 'nginx:1.27' }];
const ids = (yaml: string) => runRules(ctx(yaml), SCHEDULING_RULES).map((f) => `${f.rule}:${f.severity}:${f.path}`);

describe('pod.toleration', () => {
  it('refuses a value with Exists, no key without Exists, tolerationSeconds without NoExecute', () => {
    const y = pod({
      containers,
      tolerations: [
        { key: 'a', operator: 'Exists', value: 'x' },
        { operator: 'Equal', value: 'x' },
        { key: 'b', effect: 'NoSchedule', tolerationSeconds: 30 },
        { operator: 'Exists' },
        { key: 'c', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 0 },
      ],
    });
    expect(ids(y)).toEqual([
      'pod.toleration:error:/spec/tolerations/0/value',
      'pod.toleration:error:/spec/tolerations/1/operator',
      'pod.toleration:error:/spec/tolerations/2/effect',
    ]);
  });
});

describe('pod.node-affinity', () => {
  it('checks operators against their values, in required and preferred terms, and matchFields keys', () => {
    const term = (matchExpressions: object[], matchFields: object[] = []) => ({ matchExpressions, matchFields });
    const y = pod({
      containers,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              term([
                { key: 'a', operator: 'In', values: ['x'] },
                { key: 'b', operator: 'Gt', values: ['3.5'] },
                { key: 'c', operator: 'Exists', values: ['x'] },
              ]),
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              preference: term(
                [{ key: 'd', operator: 'Lt', values: ['10'] }],
                [{ key: 'metadata.labels', operator: 'In', values: ['n'] }],
              ),
            },
          ],
        },
      },
    });
    const base = '/spec/affinity/nodeAffinity';
    expect(ids(y)).toEqual([
      `pod.node-affinity:error:${base}/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/1/values`,
      `pod.node-affinity:error:${base}/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/2/values`,
      `pod.node-affinity:error:${base}/preferredDuringSchedulingIgnoredDuringExecution/0/preference/matchFields/0/key`,
    ]);
  });
});

describe('container.mount-shadow', () => {
  const mounts = (...paths: string[]) =>
    pod({
      containers: [{ ...containers[0], volumeMounts: paths.map((p, i) => ({ name: `v${i}`, mountPath: p })) }],
      volumes: paths.map((_, i) => ({ name: `v${i}`, emptyDir: {} })),
    });

  it('warns of a mount inside another, in either order, not of a sibling with a common prefix', () => {
    expect(ids(mounts('/etc/app', '/etc/app/tls', '/etc/apptls'))).toEqual([
      'container.mount-shadow:warning:/spec/containers/0/volumeMounts/1/mountPath',
    ]);
    expect(ids(mounts('/data/cache', '/data'))).toEqual([
      'container.mount-shadow:warning:/spec/containers/0/volumeMounts/0/mountPath',
    ]);
    expect(ids(mounts('/', '/tmp'))).toEqual([
      'container.mount-shadow:warning:/spec/containers/0/volumeMounts/1/mountPath',
    ]);
    expect(ids(mounts('/tmp', '/var/cache/app', '/etc/app/keys'))).toEqual([]);
  });
});

describe('pod.topology-spread-selector', () => {
  const spread = (labelSelector?: object) =>
    pod({
      containers,
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          ...(labelSelector ? { labelSelector } : {}),
        },
      ],
    });

  it("warns when the constraint counts no pods or other pods, not when it selects the pod's own labels", () => {
    expect(ids(spread())).toEqual(['pod.topology-spread-selector:warning:/spec/topologySpreadConstraints/0']);
    expect(ids(spread({ matchLabels: { app: 'api' } }))).toEqual([
      'pod.topology-spread-selector:warning:/spec/topologySpreadConstraints/0/labelSelector',
    ]);
    expect(ids(spread({ matchLabels: { app: 'web' } }))).toEqual([]);
    expect(ids(spread({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }))).toEqual([]);
    expect(ids(spread({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }))).toHaveLength(1);
  });
});

describe('pod.affinity-label-keys', () => {
  const selector = { matchLabels: { app: 'web' } };
  it('refuses a key in both matchLabelKeys and the selector or mismatchLabelKeys, and either list without a selector', () => {
    const y = pod({
      containers,
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              topologyKey: 'zone',
              labelSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
              matchLabelKeys: ['tier'],
            },
          ],
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'h', matchLabelKeys: ['app'] }],
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              podAffinityTerm: {
                topologyKey: 'h',
                labelSelector: selector,
                matchLabelKeys: ['t'],
                mismatchLabelKeys: ['t'],
              },
            },
          ],
        },
      },
    });
    expect(ids(y)).toEqual([
      'pod.affinity-label-keys:error:/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys/0',
      'pod.affinity-label-keys:error:/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys',
      'pod.affinity-label-keys:error:/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/matchLabelKeys/0',
    ]);
  });

  it('accepts keys apart from the selector, in the pod template of a Deployment too', () => {
    const y = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers,
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    topologyKey: 'h',
                    labelSelector: selector,
                    matchLabelKeys: ['pod-template-hash'],
                    mismatchLabelKeys: ['tenant'],
                  },
                ],
              },
            },
          },
        },
      },
    });
    expect(ids(y).filter((id) => id.startsWith('pod.affinity-label-keys'))).toEqual([]);
    const bad = y.replace('"pod-template-hash"', '"app"');
    expect(ids(bad).filter((id) => id.startsWith('pod.affinity-label-keys'))).toEqual([
      'pod.affinity-label-keys:error:/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys/0',
    ]);
  });
});
