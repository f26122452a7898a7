import { describe, expect, it } from 'vitest';
import { appSecurityContext, DEFAULT_FS_GROUP, podSecurityContext } from './security.js';

const app = (securityContext?: Record<string, unknown>) =>
  ({ name: 'orders', image: 'ghcr.io/acme/orders:1', securityContext }) as never;

describe('security contexts', () => {
  it('gives the app the user and group it asks for, and none when it asks for none', () => {
    expect(appSecurityContext(app({ runAsUser: 1234, runAsGroup: 4321 }))).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1234,
      runAsGroup: 4321,
    });
    const bare = appSecurityContext(app());
    expect(Object.keys(bare)).not.toContain('runAsUser');
    expect(Object.keys(bare)).not.toContain('runAsGroup');
    expect(appSecurityContext(app({ readOnlyRootFilesystem: false })).readOnlyRootFilesystem).toBe(false);
  });

  it('lets the app run as root (uid 0, allowed at baseline only) by turning runAsNonRoot off, and only then', () => {
    expect(appSecurityContext(app({ runAsUser: 0 }))).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(appSecurityContext(app()).runAsNonRoot).toBe(true);
  });

  it('takes fsGroup from fsGroup, else runAsGroup, else the default', () => {
    expect(podSecurityContext(app({ fsGroup: 7, runAsGroup: 8 })).fsGroup).toBe(7);
    expect(podSecurityContext(app({ runAsGroup: 8 })).fsGroup).toBe(8);
    expect(podSecurityContext(app()).fsGroup).toBe(DEFAULT_FS_GROUP);
    expect(DEFAULT_FS_GROUP).toBe(2000);
  });
});
