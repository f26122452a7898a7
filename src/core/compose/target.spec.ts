import { describe, expect, it } from 'vitest';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import { resolveTarget } from './target.js';

describe('resolveTarget', () => {
  it('refuses a version outside the supported ones, at /target/kubernetesVersion', () => {
    for (const version of ['1.26', '1.36', '2.0', '']) {
      const e = invalidRequestOf(() => resolveTarget({ kubernetesVersion: version }));
      expect(e.errors.map((x) => x.pointer)).toEqual(['/target/kubernetesVersion']);
      expect(e.errors[0]!.detail).toContain(`unsupported Kubernetes version "${version}"`);
    }
    expect(resolveTarget({ kubernetesVersion: '1.33' }).kubernetesVersion).toBe('1.33');
  });

  it('lists the supported versions in the refusal', () => {
    const e = invalidRequestOf(() => resolveTarget({ kubernetesVersion: '1.99' }));
    expect(e.errors[0]!.detail).toBe(
      'unsupported Kubernetes version "1.99"; supported: 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35',
    );
  });

  it('defaults to 1.33, restricted, native sidecars where the version has them, and no mirror', () => {
    expect(resolveTarget(undefined)).toEqual({
      kubernetesVersion: '1.33',
      minor: 33,
      podSecurity: 'restricted',
      nativeSidecars: 'auto',
      useNativeSidecars: true,
    });
    expect(resolveTarget({ kubernetesVersion: '1.28' })).toMatchObject({ minor: 28, useNativeSidecars: false });
    expect(resolveTarget({ kubernetesVersion: '1.29' })).toMatchObject({ minor: 29, useNativeSidecars: true });
    expect(resolveTarget({ nativeSidecars: 'never' }).useNativeSidecars).toBe(false);
    expect(resolveTarget({ podSecurity: 'baseline', registryMirror: 'mirror.corp' })).toMatchObject({
      podSecurity: 'baseline',
      registryMirror: 'mirror.corp',
    });
  });

  it('refuses nativeSidecars always before 1.29, at /target/nativeSidecars, and takes it from 1.29 on', () => {
    const e = invalidRequestOf(() => resolveTarget({ kubernetesVersion: '1.28', nativeSidecars: 'always' }));
    expect(e.errors.map((x) => x.pointer)).toEqual(['/target/nativeSidecars']);
    expect(e.errors[0]!.detail).toBe(
      'native sidecars (initContainers with restartPolicy: Always) need Kubernetes 1.29 or later, where they are on by default; 1.28 has them only as an alpha feature gate (SidecarContainers). Use "auto" or "never", or target 1.29+',
    );
    expect(resolveTarget({ kubernetesVersion: '1.29', nativeSidecars: 'always' }).useNativeSidecars).toBe(true);
  });
});
