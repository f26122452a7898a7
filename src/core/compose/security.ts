// Pod Security Standards "restricted" defaults. Helpers run as the numeric user of their image
// (a named USER cannot be verified by the kubelet), never as root, with a read-only root.
import type { IIoK8sApiCoreV1SecurityContext as SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IIoK8sApiCoreV1PodSecurityContext as PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { AppDto } from '../request/app.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';

/** Group that owns shared volumes, so every container of the pod can read what another wrote. */
export const DEFAULT_FS_GROUP = 2000;

export function helperSecurityContext(runAsUser: number, runAsGroup: number): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser,
    runAsGroup,
  };
}

export function appSecurityContext(app: AppDto): SecurityContext {
  const sc = app.securityContext ?? {};
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? REQUEST_DEFAULTS.readOnlyRootFilesystem,
    // root only at podSecurity "baseline" (composeBundle refuses it otherwise); the kubelet would
    // refuse to start a container with runAsUser 0 under runAsNonRoot true, the pod's default
    runAsNonRoot: sc.runAsUser !== 0,
    ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
    ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
  };
}

export function podSecurityContext(app: AppDto): PodSecurityContext {
  const sc = app.securityContext ?? {};
  return {
    runAsNonRoot: true,
    fsGroup: sc.fsGroup ?? sc.runAsGroup ?? DEFAULT_FS_GROUP,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
