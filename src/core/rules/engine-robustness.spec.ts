// Submitted manifests can have any shape: whatever JSON sits where a field is expected, every rule
// reports or stays silent, and none throws (a throw would be a 500 for something a client sent).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { runRules } from './engine.js';
import { propertyRun } from '../../../test/support/property-seed.js';

// the parsers only hand objects to the engine, so the fuzzing starts below the root
const PATHS = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'labels'],
  ['metadata', 'annotations'],
  ['spec'],
  ['spec', 'selector'],
  ['spec', 'template'],
  ['spec', 'template', 'metadata', 'annotations'],
  ['spec', 'template', 'spec'],
  ['spec', 'template', 'spec', 'containers'],
  ['spec', 'template', 'spec', 'containers', 0],
  ['spec', 'template', 'spec', 'containers', 0, 'ports'],
  ['spec', 'template', 'spec', 'containers', 0, 'ports', 0],
  ['spec', 'template', 'spec', 'containers', 0, 'env'],
  ['spec', 'template', 'spec', 'containers', 0, 'resources'],
  ['spec', 'template', 'spec', 'containers', 0, 'securityContext'],
  ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'],
  ['spec', 'template', 'spec', 'containers', 0, 'volumeMounts'],
  ['spec', 'template', 'spec', 'initContainers'],
  ['spec', 'template', 'spec', 'volumes'],
  ['spec', 'template', 'spec', 'securityContext'],
  ['spec', 'volumeClaimTemplates'],
] as const;

function workload(kind: string): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'orders', labels: { app: 'orders' } },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: { labels: { app: 'orders' }, annotations: { 'pod-patterns.io/roles': '{"orders":"main"}' } },
        spec: {
          containers: [
            {
              name: 'orders',
              image: 'ghcr.io/acme/orders:1.4.2',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'A', value: 'b' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'orders' },
  spec: { selector: { app: 'orders' }, ports: [{ port: 80, targetPort: 'http' }] },
};

function put(object: Record<string, any>, path: readonly (string | number)[], value: unknown): Record<string, any> {
  let node: any = object;
  for (const seg of path.slice(0, -1)) {
    if (typeof node[seg] !== 'object' || node[seg] === null) node[seg] = typeof seg === 'number' ? [] : {};
    node = node[seg];
  }
  node[path[path.length - 1]] = value;
  return object;
}

describe('the engine on manifests of any shape', () => {
  it('never throws, whatever JSON replaces a field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Deployment', 'StatefulSet', 'CronJob', 'Pod', 'Service', 'ServiceMonitor', 'List', 'Unknown'),
        fc.constantFrom(...PATHS),
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom<'restricted' | 'baseline'>('restricted', 'baseline'),
        fc.integer({ min: 27, max: 35 }),
        (kind, path, value, podSecurity, minor) => {
          const object = put(
            kind === 'Pod' ? { ...workload('Deployment'), kind: 'Pod', apiVersion: 'v1' } : workload(kind),
            path,
            value,
          );
          const documents = [object, service].map((o, index) => ({ index, object: o as K8sObject }));
          expect(() => runRules({ documents, minor, podSecurity, mode: 'validate' })).not.toThrow();
        },
      ),
      propertyRun('rules engine on any manifest shape', 1000),
    );
  });
});
