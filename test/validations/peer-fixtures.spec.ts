// The validator over other checkers' own test fixtures (../shared/conformance/peers, copied
// unchanged from kube-score and kube-linter), where a peer's check and one of our rules decide the
// same question: the findings the peer's tests expect, and none that the API server would not give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBundle } from '../../src/core/validate/validate-bundle.js';
import { SHARED_DIR } from '../support/programs.js';

const PEERS = join(SHARED_DIR, 'conformance', 'peers');
const KUBE_SCORE = 'kube-score/score/testdata';
const KUBE_LINTER = 'kube-linter/tests/checks';

function findings(file: string, rule: string): string[] {
  const report = validateBundle(
    { yaml: readFileSync(join(PEERS, file), 'utf8') },
    { kubernetesVersion: '1.33', podSecurity: 'baseline' },
  );
  return report.findings
    .filter((f) => f.rule === rule)
    .map((f) => `${f.severity} ${f.resource?.kind}/${f.resource?.name} ${f.path}`);
}

describe('peer fixtures: a pod a Service sends traffic to needs a readiness probe (kube-score container-probes)', () => {
  const readiness = (file: string) =>
    findings(`${KUBE_SCORE}/${file}`, 'bp.probes').filter((f) => f.endsWith('/readinessProbe'));
  // kube-score expects "missing readinessProbe" on these: the pod is selected, no container declares ports
  for (const file of [
    'pod-probes-targeted-by-service.yaml',
    'pod-probes-targeted-by-service-same-namespace.yaml',
    'pod-probes-targeted-by-service-same-namespace-multi-labels.yaml',
    'pod-probes-missing-ready.yaml',
    'pod-probes-all-missing.yaml',
  ]) {
    it(`${file}: a readiness warning on the served container`, () => {
      expect(readiness(file)).toEqual(['warning Pod/pod-test-1 /spec/containers/0/readinessProbe']);
    });
  }
  // and none here: no Service selects the pod, or another namespace's does, or one container's probe gates the pod
  for (const file of [
    'pod-probes-not-targeted-by-service.yaml',
    'pod-probes-not-targeted-by-service-multi-labels.yaml',
    'pod-probes-targeted-by-service-different-namespace.yaml',
    'pod-probes-on-different-containers.yaml',
  ]) {
    it(`${file}: no readiness warning`, () => {
      expect(readiness(file)).toEqual([]);
    });
  }
});

describe('peer fixtures: a workload whose template has labels but no spec is still a workload (kube-linter dangling-*)', () => {
  it('dangling-service.yml: the Services that select nothing are reported, the one that matches is not', () => {
    expect(findings(`${KUBE_LINTER}/dangling-service.yml`, 'service.selects-pods')).toEqual([
      'warning Service/app1 /spec/selector',
      'warning Service/app2 /spec/selector',
    ]);
    // the API server refuses those templates: they have no containers
    expect(findings(`${KUBE_LINTER}/dangling-service.yml`, 'pod.containers')).toEqual([
      'error Deployment/dont-fire /spec/template',
      'error Deployment/app1 /spec/template',
    ]);
  });
  it('dangling-hpa.yml: the HPA whose target is not in the bundle is reported, the other is not', () => {
    expect(findings(`${KUBE_LINTER}/dangling-hpa.yml`, 'hpa.target')).toEqual([
      'warning HorizontalPodAutoscaler/hpa1 /spec/scaleTargetRef/name',
    ]);
  });
  it('a missing selector is reported once, by the schema', () => {
    expect(findings(`${KUBE_LINTER}/dangling-service.yml`, 'workload.selector')).toEqual([]);
    expect(findings(`${KUBE_LINTER}/dangling-service.yml`, 'schema.type')).toEqual([
      'error Deployment/dont-fire /spec/selector',
      'error Deployment/app1 /spec/selector',
    ]);
  });
});

describe('peer fixtures: what the API server refuses', () => {
  it('a CronJob whose pod template leaves restartPolicy to the default (Always) is refused', () => {
    expect(findings(`${KUBE_SCORE}/cronjob-batchv1.yaml`, 'workload.restart-policy')).toEqual([
      'error CronJob/cronjob-test /spec/jobTemplate/spec/template/spec/restartPolicy',
    ]);
    expect(findings(`${KUBE_SCORE}/job-batchv1.yaml`, 'workload.restart-policy')).toEqual([]);
  });
  it('valid topology spread constraints raise nothing; the schema refuses an unknown whenUnsatisfiable', () => {
    for (const file of [
      'pod-topology-spread-constraints-one-constraint.yaml',
      'pod-topology-spread-constraints-two-constraints.yaml',
    ]) {
      expect(findings(`${KUBE_SCORE}/${file}`, 'pod.topology-spread'), file).toEqual([]);
    }
    expect(
      findings(`${KUBE_SCORE}/pod-topology-spread-constraints-invalid-whenunsatisfiable.yaml`, 'schema.type'),
    ).toEqual(['error Pod/mypod /spec/topologySpreadConstraints/0/whenUnsatisfiable']);
  });
});

describe('peer fixtures: one finding per problem', () => {
  it("invalid-target-ports.yaml: Service ports without port are the schema's finding, not also a repeated port/protocol", () => {
    const ports = findings(`${KUBE_LINTER}/invalid-target-ports.yaml`, 'service.ports');
    expect(ports.filter((f) => f.endsWith('/port'))).toEqual([]);
    expect(
      findings(`${KUBE_LINTER}/invalid-target-ports.yaml`, 'schema.type').filter((f) => f.startsWith('error Service/')),
    ).toEqual([0, 1, 2, 3].map((i) => `error Service/invalid-target-ports /spec/ports/${i}/port`));
  });
});
