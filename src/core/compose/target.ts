import { InvalidRequestError } from '../model/errors.js';
import {
  DEFAULT_KUBERNETES_VERSION,
  NATIVE_SIDECARS_MINOR,
  SUPPORTED_VERSIONS,
  type ResolvedTarget,
} from '../model/request.js';
import type { TargetDto } from '../request/target.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';

/** Applies defaults and checks that the target can do what is asked of it. */
export function resolveTarget(target: TargetDto | undefined): ResolvedTarget {
  const kubernetesVersion = target?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(kubernetesVersion)) {
    throw new InvalidRequestError([
      {
        pointer: '/target/kubernetesVersion',
        detail: `unsupported Kubernetes version "${kubernetesVersion}"; supported: ${SUPPORTED_VERSIONS.join(', ')}`,
      },
    ]);
  }
  const minor = Number(kubernetesVersion.split('.')[1]);
  const nativeSidecars = target?.nativeSidecars ?? REQUEST_DEFAULTS.nativeSidecars;
  if (nativeSidecars === 'always' && minor < NATIVE_SIDECARS_MINOR) {
    throw new InvalidRequestError([
      {
        pointer: '/target/nativeSidecars',
        detail: `native sidecars (initContainers with restartPolicy: Always) need Kubernetes 1.${NATIVE_SIDECARS_MINOR} or later, where they are on by default; ${kubernetesVersion} has them only as an alpha feature gate (SidecarContainers). Use "auto" or "never", or target 1.${NATIVE_SIDECARS_MINOR}+`,
      },
    ]);
  }
  return {
    kubernetesVersion,
    minor,
    podSecurity: target?.podSecurity ?? REQUEST_DEFAULTS.podSecurity,
    nativeSidecars,
    useNativeSidecars: nativeSidecars === 'always' || (nativeSidecars === 'auto' && minor >= NATIVE_SIDECARS_MINOR),
    ...(target?.registryMirror ? { registryMirror: target.registryMirror } : {}),
  };
}
