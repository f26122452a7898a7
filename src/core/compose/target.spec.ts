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
});
