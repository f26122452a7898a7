// Rules whose verdict depends on the target Kubernetes version.
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { runRules } from './engine.js';

function check(object: K8sObject, minor: number): string[] {
  return (
    runRules({ documents: [{ index: 0, object }], minor, podSecurity: 'baseline', mode: 'validate' })
      // errors, plus the lower-severity findings of the version-dependent rules
      .filter((f) => f.severity === 'error' || f.rule.startsWith('api.') || f.rule === 'schema.kind')
      .map((f) => `${f.rule}:${f.severity}`)
  );
}

const pod = (container: object, extra: object = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }], ...extra },
});

describe('by Kubernetes version', () => {
  it('env var names: C-identifier-like before 1.32, any printable ASCII but "=" since', () => {
    const p = pod({ env: [{ name: 'my var:1', value: 'x' }] });
    expect(check(p, 31)).toEqual(['container.env:error']);
    expect(check(p, 32)).toEqual([]);
    expect(check(pod({ env: [{ name: 'A=B', value: 'x' }] }), 35)).toEqual(['container.env:error']);
  });

  it('fields a release added are unknown to older targets (where definitions of those releases can be had)', () => {
    const appArmor = pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } });
    expect(check(appArmor, 29)).toEqual(['schema.unknown-field:error']);
    expect(check(appArmor, 30)).toEqual([]);
    const hostname = pod({}, { hostnameOverride: 'web-0' });
    expect(check(hostname, 30)).toEqual(['schema.unknown-field:error']);
    expect(check(hostname, 31)).toEqual([]);
    const [finding] = runRules({
      documents: [{ index: 0, object: hostname }],
      minor: 28,
      podSecurity: 'baseline',
      mode: 'validate',
    }).filter((f) => f.rule === 'schema.unknown-field');
    expect(finding).toMatchObject({
      path: '/spec/hostnameOverride',
      message: 'unknown field "hostnameOverride" at Kubernetes 1.28: it came after Kubernetes 1.30',
    });
  });

  it('native sidecars from 1.29', () => {
    const p = pod({}, { initContainers: [{ name: 'logs', image: 'fluent-bit:3', restartPolicy: 'Always' }] });
    expect(check(p, 28)).toEqual(['pod.native-sidecar:error']);
    expect(check(p, 29)).toEqual([]);
  });

  it('API lifecycle: deprecated, then removed', () => {
    const fs: K8sObject = {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
      kind: 'FlowSchema',
      metadata: { name: 'f' },
      spec: { priorityLevelConfiguration: { name: 'global-default' } },
    };
    expect(check(fs, 28)).toEqual([]);
    expect(check(fs, 29)).toEqual(['api.deprecated:warning']);
    expect(check(fs, 32)).toEqual(['api.removed:error']);
  });

  it('kinds not served yet at the target are schema.kind errors; custom resources are info', () => {
    const dc: K8sObject = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'DeviceClass',
      metadata: { name: 'gpu' },
      spec: {},
    };
    expect(check(dc, 33)).toEqual(['schema.kind:error']);
    expect(check(dc, 34)).toEqual([]);
    expect(check({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' } }, 33)).toEqual([
      'schema.kind:info',
    ]);
    expect(check({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'd' } }, 33)).toEqual([
      'schema.kind:error',
    ]);
    expect(check({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'd' } }, 33)).toEqual(['schema.kind:error']);
  });

  it('Pod Security: the probe host check starts at 1.34, the safe sysctl set grows', () => {
    const probe = pod({ readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } } });
    expect(check(probe, 33)).toEqual([]);
    expect(check(probe, 34)).toEqual(['pss.host-probes:error']);
    const sysctl = pod(
      {},
      { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }] } },
    );
    expect(check(sysctl, 31)).toEqual(['pss.sysctls:error']);
    expect(check(sysctl, 32)).toEqual([]);
  });
});
