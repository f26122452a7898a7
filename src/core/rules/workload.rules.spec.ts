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
