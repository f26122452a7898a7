import { describe, expect, it } from 'vitest';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import { PodBuilder } from '../compose/pod-builder.js';
import { resolveTarget } from '../compose/target.js';
import { assertPortFree } from './port-check.js';

function podWithAppPorts(ports: { containerPort: number; protocol?: 'TCP' | 'UDP' }[]): PodBuilder {
  return new PodBuilder('shop', undefined, resolveTarget(undefined), { name: 'shop', image: 'shop:1', ports });
}

describe('assertPortFree', () => {
  it('refuses a port the app holds, a port without a protocol being TCP, at the given pointer', () => {
    const pod = podWithAppPorts([{ containerPort: 8080 }]);
    const e = invalidRequestOf(() => assertPortFree(pod, 8080, 'TCP', '/ambassadors/0/listenPort'));
    expect(e.errors).toEqual([
      {
        pointer: '/ambassadors/0/listenPort',
        detail:
          'port 8080/TCP is already used by container "shop"; all containers of a pod share one network namespace, so choose another port',
      },
    ]);
  });

  it('lets the same number through for the other protocol: TCP and UDP ports are separate', () => {
    const pod = podWithAppPorts([{ containerPort: 8125, protocol: 'UDP' }, { containerPort: 9102 }]);
    expect(() => assertPortFree(pod, 8125, 'TCP', '/adapters/0/port')).not.toThrow();
    expect(() => assertPortFree(pod, 9102, 'UDP', '/adapters/0/port')).not.toThrow();
    expect(() => assertPortFree(pod, 8125, 'UDP', '/adapters/0/port')).toThrow(/port 8125\/UDP is already used/);
    expect(() => assertPortFree(pod, 9103, 'TCP', '/adapters/0/port')).not.toThrow();
  });
});
