// What kubernetes-models' validate() (schema only) accepts and the API server or the kubelet does
// not: for each gap named in rules.md, the model passes and the engine reports the rule at the field.
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../../test/support/k8s-models.js';
import { runRules } from './engine.js';

type Obj = Record<string, any>;

function deployment(mutate: (d: Obj) => void): Obj {
  const d: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: { labels: { app: 'orders' } },
        spec: {
          containers: [
            { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
          ],
        },
      },
    },
  };
  mutate(d);
  return d;
}

const pod = (d: Obj) => d.spec.template.spec;
const P = '/spec/template/spec';

const GAPS: { gap: string; object: Obj; rule: string; path: string }[] = [
  {
    gap: 'typo field imagePullpolicy',
    object: deployment((d) => (pod(d).containers[0].imagePullpolicy = 'Always')),
    rule: 'schema.unknown-field',
    path: `${P}/containers/0/imagePullpolicy`,
  },
  {
    gap: 'name My_Pod',
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'My_Pod' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    },
    rule: 'meta.name',
    path: '/metadata/name',
  },
  {
    gap: 'two containers named alike',
    object: deployment((d) => pod(d).containers.push({ name: 'orders', image: 'busybox:1.36' })),
    rule: 'container.name',
    path: `${P}/containers/1/name`,
  },
  {
    gap: 'containerPort 70000',
    object: deployment((d) => (pod(d).containers[0].ports[0].containerPort = 70000)),
    rule: 'container.ports',
    path: `${P}/containers/0/ports/0/containerPort`,
  },
  {
    gap: 'cpu: 500c',
    object: deployment((d) => (pod(d).containers[0].resources = { requests: { cpu: '500c' } })),
    rule: 'container.resources',
    path: `${P}/containers/0/resources/requests/cpu`,
  },
  {
    gap: 'requests above limits',
    object: deployment(
      (d) => (pod(d).containers[0].resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }),
    ),
    rule: 'container.resources',
    path: `${P}/containers/0/resources/requests/memory`,
  },
  {
    gap: 'mount of a missing volume',
    object: deployment((d) => (pod(d).containers[0].volumeMounts = [{ name: 'cache', mountPath: '/cache' }])),
    rule: 'container.volume-mount',
    path: `${P}/containers/0/volumeMounts/0/name`,
  },
  {
    gap: 'selector not matching labels',
    object: deployment((d) => (d.spec.template.metadata.labels = { app: 'order' })),
    rule: 'workload.selector',
    path: '/spec/selector',
  },
  {
    gap: 'init container restartPolicy: OnFailure',
    object: deployment(
      (d) =>
        (pod(d).initContainers = [{ name: 'migrate', image: 'ghcr.io/acme/orders:1.4.2', restartPolicy: 'OnFailure' }]),
    ),
    rule: 'pod.native-sidecar',
    path: `${P}/initContainers/0/restartPolicy`,
  },
];

describe('kubernetes-models gaps the engine closes', () => {
  for (const { gap, object, rule, path } of GAPS) {
    it(`${gap}: kubernetes-models accepts it, ${rule} reports it`, () => {
      expect(schemaErrors(object as { apiVersion: string; kind: string })).toEqual([]);
      const findings = runRules({
        documents: [{ index: 0, object: object as never }],
        minor: 33,
        podSecurity: 'baseline',
        mode: 'validate',
      });
      expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.path}`)).toEqual([
        `${rule} ${path}`,
      ]);
    });
  }
});
