import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { runRules } from './engine.js';
import { WORKLOAD_RULES } from './workload.rules.js';

const template = (restartPolicy?: string) => ({
  metadata: { labels: { app: 'x' } },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'x', image: 'busybox:1.36' }] },
});
const selector = { matchLabels: { app: 'x' } };
const OBJECTS: Record<string, (policy?: string) => K8sObject> = {
  Job: (p) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { template: template(p) } }),
  CronJob: (p) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'x' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template(p) } } },
  }),
  Deployment: (p) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x' },
    spec: { selector, template: template(p) },
  }),
  DaemonSet: (p) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x' },
    spec: { selector, template: template(p) },
  }),
};

const restart = (object: K8sObject) =>
  runRules({ documents: [{ index: 0, object }], minor: 33, podSecurity: 'baseline', mode: 'validate' }, WORKLOAD_RULES)
    .filter((f) => f.rule === 'workload.restart-policy')
    .map((f) => (f.path ?? '').split('/').slice(-1)[0]);

describe('workload.restart-policy', () => {
  it('Jobs and CronJobs: OnFailure or Never, and not the default Always', () => {
    for (const kind of ['Job', 'CronJob']) {
      expect(restart(OBJECTS[kind]()), kind).toEqual(['restartPolicy']);
      expect(restart(OBJECTS[kind]('Always')), kind).toEqual(['restartPolicy']);
      expect(restart(OBJECTS[kind]('OnFailure')), kind).toEqual([]);
      expect(restart(OBJECTS[kind]('Never')), kind).toEqual([]);
    }
  });
  it('controllers that keep pods running: Always only', () => {
    for (const kind of ['Deployment', 'DaemonSet']) {
      expect(restart(OBJECTS[kind]()), kind).toEqual([]);
      expect(restart(OBJECTS[kind]('Always')), kind).toEqual([]);
      expect(restart(OBJECTS[kind]('Never')), kind).toEqual(['restartPolicy']);
    }
  });
});

describe('workload.shared-claim', () => {
  const claimed = (kind: string, spec: object = {}, mount: object = {}): K8sObject => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'x' },
    spec: {
      selector,
      ...spec,
      template: {
        metadata: { labels: { app: 'x' } },
        spec: {
          containers: [
            { name: 'x', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/d', ...mount }] },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'shared' } }],
        },
      },
    },
  });
  const claim = (...accessModes: string[]): K8sObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'shared' },
    spec: { accessModes, resources: { requests: { storage: '1Gi' } } },
  });
  const hpa = (maxReplicas: number): K8sObject => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'x-hpa' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, minReplicas: 1, maxReplicas },
  });
  const shared = (...objects: K8sObject[]) =>
    runRules(
      {
        documents: objects.map((object, index) => ({ index, object })),
        minor: 33,
        podSecurity: 'baseline',
        mode: 'validate',
      },
      WORKLOAD_RULES,
    )
      .filter((f) => f.rule === 'workload.shared-claim')
      .map((f) => `${f.severity} ${f.path}: ${f.message}`);
  const AT = 'warning /spec/template/spec/volumes/0/persistentVolumeClaim/claimName: claim "shared"';
  const ADVICE =
    'pods on other nodes wait for it (Multi-Attach error); give each replica its own claim (a StatefulSet: app.storage), use a ReadWriteMany claim, or run one replica with strategy Recreate';

  it('warns when several pods may run at once and the claim is not known to be ReadWriteMany', () => {
    expect(shared(claimed('Deployment', { replicas: 3 }))).toEqual([
      `${AT} is not in the bundle, so its access mode is unknown and is shared by 3 replicas: unless it is ReadWriteMany, ${ADVICE}`,
    ]);
    expect(shared(claimed('Deployment', { replicas: 3 }), claim('ReadWriteOnce'))).toEqual([
      `${AT} is ReadWriteOnce and is shared by 3 replicas: unless it is ReadWriteMany, ${ADVICE}`,
    ]);
    // one replica: the rolling update still starts a second pod, unless the strategy is Recreate
    expect(shared(claimed('Deployment'))).toEqual([
      `${AT} is not in the bundle, so its access mode is unknown and is shared by a rolling update (the new pod starts before the old one stops): unless it is ReadWriteMany, ${ADVICE}`,
    ]);
    expect(shared(claimed('Deployment', { strategy: { type: 'Recreate' } }), hpa(4))).toEqual([
      `${AT} is not in the bundle, so its access mode is unknown and is shared by HorizontalPodAutoscaler "x-hpa" (up to 4 replicas): unless it is ReadWriteMany, ${ADVICE}`,
    ]);
    expect(shared(claimed('DaemonSet'))).toHaveLength(1);
    expect(shared(claimed('StatefulSet', { replicas: 2 }))).toHaveLength(1);
  });

  it('is quiet for one pod at a time, a ReadWriteMany claim, and a ReadOnlyMany claim mounted read-only', () => {
    expect(shared(claimed('Deployment', { strategy: { type: 'Recreate' } }))).toEqual([]);
    expect(shared(claimed('Deployment', { strategy: { type: 'Recreate' } }), hpa(1))).toEqual([]);
    expect(shared(claimed('StatefulSet'))).toEqual([]);
    expect(shared(claimed('Deployment', { replicas: 3 }), claim('ReadWriteOnce', 'ReadWriteMany'))).toEqual([]);
    expect(shared(claimed('Deployment', { replicas: 3 }, { readOnly: true }), claim('ReadOnlyMany'))).toEqual([]);
    // read-write mount of a ReadOnlyMany claim: no pod can write it, and the warning says so much
    expect(shared(claimed('Deployment', { replicas: 3 }), claim('ReadOnlyMany'))).toEqual([
      `${AT} is ReadOnlyMany and is shared by 3 replicas: unless it is ReadWriteMany, ${ADVICE}`,
    ]);
  });
});
