import type { PodBuilder } from '../compose/pod-builder.js';
import { InvalidRequestError } from '../model/errors.js';

/**
 * Containers share the pod's network namespace, so a helper's port must not be taken by the app or
 * an earlier helper. Checked while composing so the error points at the request field.
 */
export function assertPortFree(pod: PodBuilder, containerPort: number, protocol: string, pointer: string): void {
  const taken = pod
    .allPorts()
    .find((p) => p.port.containerPort === containerPort && (p.port.protocol ?? 'TCP') === protocol);
  if (taken) {
    throw new InvalidRequestError([
      {
        pointer,
        detail: `port ${containerPort}/${protocol} is already used by container "${taken.container}"; all containers of a pod share one network namespace, so choose another port`,
      },
    ]);
  }
}
