// Bundles as users bring them, made by other projects (sources in test/fixtures/third-party/README.md
// and ../shared/conformance/peers): the findings a careful reviewer would give, and no others.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBundle, type ValidationReport } from '../../src/core/validate/validate-bundle.js';
import { SHARED_DIR } from '../support/programs.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'third-party');
const PROMETHEUS_CRD = join(
  SHARED_DIR,
  'conformance',
  'peers',
  'kubeconform',
  'scripts',
  'fixtures',
  'prometheus-operator-0prometheusCustomResourceDefinition.yaml',
);
const CERT_MANAGER_CRD = join(FIXTURES, 'cert-manager-certificaterequests-crd.yaml');

function report(yaml: string, podSecurity = 'restricted', kubernetesVersion = '1.33'): ValidationReport {
  return validateBundle({ yaml }, { kubernetesVersion, podSecurity });
}

const findings = (r: ValidationReport) =>
  r.findings.map((f) => `${f.severity} ${f.rule} ${f.resource?.kind}/${f.resource?.name} ${f.path}`);

describe('custom resource definitions', () => {
  for (const [name, file] of [
    ['prometheus-operator Prometheus (313 descriptions, printer columns, x-kubernetes-* extensions)', PROMETHEUS_CRD],
    ['cert-manager CertificateRequest', CERT_MANAGER_CRD],
  ]) {
    it(`${name}: valid, with no finding at all, at every supported version from 1.27`, () => {
      for (const version of ['1.27', '1.30', '1.33', '1.35']) {
        const r = report(readFileSync(file, 'utf8'), 'restricted', version);
        expect(findings(r), version).toEqual([]);
        expect(r.valid).toBe(true);
      }
    });
  }

  const crd = readFileSync(CERT_MANAGER_CRD, 'utf8');
  it('a misspelt openAPIV3Schema is an unknown field, and the version has no schema', () => {
    const r = report(crd.replace('openAPIV3Schema:', 'openAPIv3Schema:'));
    expect(r.valid).toBe(false);
    expect(findings(r)).toEqual([
      'error schema.unknown-field CustomResourceDefinition/certificaterequests.cert-manager.io /spec/versions/0/schema/openAPIv3Schema',
      'error crd.schema CustomResourceDefinition/certificaterequests.cert-manager.io /spec/versions/0/schema',
    ]);
  });
  it('a schema type the API server does not know, and a field of the wrong type, are errors', () => {
    const r = report(
      crd
        .replace(
          '                format: byte\n                type: string\n              uid:',
          '                format: byte\n                type: str\n              uid:',
        )
        .replace('served: true', 'served: "true"'),
    );
    expect(findings(r)).toEqual([
      'error schema.type CustomResourceDefinition/certificaterequests.cert-manager.io /spec/versions/0/served',
      'error crd.schema CustomResourceDefinition/certificaterequests.cert-manager.io /spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/request/type',
    ]);
  });
  it('a misspelt description is still an unknown field', () => {
    const r = report(crd.replace('- description: CreationTimestamp', '- descripton: CreationTimestamp'));
    expect(findings(r)).toEqual([
      'error schema.unknown-field CustomResourceDefinition/certificaterequests.cert-manager.io /spec/versions/0/additionalPrinterColumns/6/descripton',
    ]);
  });
});

describe("an operator's webhook: cert-manager v1.12.3 as rendered for release", () => {
  const yaml = readFileSync(join(FIXTURES, 'cert-manager-webhook.yaml'), 'utf8');
  it('passes restricted Pod Security; only hygiene remains (no resources, writable root file system)', () => {
    const r = report(yaml);
    expect(r.valid).toBe(true);
    expect(findings(r)).toEqual([
      'warning bp.resources Deployment/cert-manager-webhook /spec/template/spec/containers/0/resources',
      'info bp.read-only-root-fs Deployment/cert-manager-webhook /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem',
    ]);
  });
  it('a webhook Service whose named targetPort the pods do not declare is reported', () => {
    const r = report(yaml.replace('targetPort: https', 'targetPort: webhook'));
    expect(findings(r)).toContain('warning service.target-port Service/cert-manager-webhook /spec/ports/0/targetPort');
  });
});

describe("a Bitnami chart's rendered output: redis 14.1.1, master", () => {
  const yaml = readFileSync(join(FIXTURES, 'bitnami-redis-master.yaml'), 'utf8');
  it('baseline: valid, rendered nulls (nodePort: null, an empty subPath, empty affinities) are accepted', () => {
    const r = report(yaml, 'baseline');
    expect(r.valid).toBe(true);
    expect(findings(r)).toEqual([
      'warning bp.resources StatefulSet/my-release-redis-master /spec/template/spec/containers/0/resources',
      'info bp.read-only-root-fs StatefulSet/my-release-redis-master /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem',
    ]);
  });
  it('restricted: the container lacks the restricted security settings', () => {
    const r = report(yaml, 'restricted');
    const container = 'StatefulSet/my-release-redis-master /spec/template/spec/containers/0/securityContext';
    expect(findings(r).filter((f) => f.startsWith('error'))).toEqual([
      `error pss.allow-privilege-escalation ${container}/allowPrivilegeEscalation`,
      `error pss.run-as-non-root ${container}/runAsNonRoot`,
      `error pss.seccomp-restricted ${container}/seccompProfile/type`,
      `error pss.capabilities-restricted ${container}/capabilities/drop`,
    ]);
  });
});
