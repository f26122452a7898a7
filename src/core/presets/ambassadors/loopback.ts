// What every ambassador shares: it listens on 127.0.0.1 only, declares every port it listens on
// (so a clash with the app or another helper is caught while composing), probes itself from
// inside the container (the kubelet's httpGet/tcpSocket probes dial the pod IP, which a
// loopback-only listener never answers) and tells the app its local address through one env var.
import type { IIoK8sApiCoreV1ContainerPort as ContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { HelperSpec, PodBuilder } from '../../compose/pod-builder.js';
import { InvalidRequestError } from '../../model/errors.js';
import { HOST, HOSTNAME, PORT_NUMBER } from '../../model/grammars.js';
import { assertPortFree } from '../port-check.js';

export const LOOPBACK = '127.0.0.1';

/**
 * A duration nginx and HAProxy both read (and twemproxy gets in milliseconds), e.g. 500ms, 5s, 1m,
 * below 2^31 milliseconds (about 24.8 days): HAProxy's timers and twemproxy's settings are 32-bit
 * milliseconds. So at most 999999ms, 999999s, 35791m or 596h.
 */
export const DURATION =
  /^([0-9]{1,6}(ms|s)|([0-9]{1,4}|[1-2][0-9]{4}|3[0-4][0-9]{3}|35[0-6][0-9]{2}|357[0-8][0-9]|3579[01])m|([0-9]{1,2}|[1-4][0-9]{2}|5[0-8][0-9]|59[0-6])h)$/;
export const DURATION_MESSAGE =
  '$property must be a duration such as 500ms, 5s, 1m or 1h, below 24.8 days (at most 999999s, 35791m or 596h)';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function durationMs(duration: string): number {
  const m = /^([0-9]+)(ms|s|m|h)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/**
 * The default name of the app's env var: the item name in upper snake case plus a suffix, with a
 * leading "_" when the name starts with a digit (an env var name may not, before Kubernetes 1.32).
 */
export function defaultEnvName(itemName: string, suffix: 'URL' | 'ADDR' | 'PATH'): string {
  const name = `${itemName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${suffix}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** "host:port" with a host name or IPv4 address and a port 1-65535. */
export const HOST_PORT = new RegExp(`^${HOST}:${PORT_NUMBER}$`);

export function parseHostPort(value: string, pointer: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  const host = value.slice(0, colon);
  const port = Number(value.slice(colon + 1));
  if (colon < 0 || !HOST_PORT.test(value) || !HOSTNAME.test(host)) {
    throw new InvalidRequestError([
      { pointer, detail: `"${value}" is not host:port (a host name or IPv4 address, then a port 1-65535)` },
    ]);
  }
  return { host, port };
}

/**
 * Checks that each port this ambassador listens on is free in the pod (every container shares
 * one network namespace) and distinct from its other ports; returns them as containerPorts.
 */
export function claimPorts(pod: PodBuilder, ports: { port: number; pointer: string }[]): ContainerPort[] {
  ports.forEach(({ port, pointer }, i) => {
    const own = ports.slice(0, i).find((o) => o.port === port);
    if (own) {
      throw new InvalidRequestError([
        {
          pointer,
          detail: `port ${port} is already this ambassador's ${own.pointer.split('/').pop()}; choose another port`,
        },
      ]);
    }
    assertPortFree(pod, port, 'TCP', pointer);
  });
  return ports.map(({ port }) => ({ containerPort: port, protocol: 'TCP' }));
}

/** Startup, readiness and liveness probes that run `command` inside the ambassador's container. */
export function loopbackProbes(
  command: string[],
): Pick<HelperSpec, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  const exec = { command };
  return {
    // The startup probe is what a native sidecar's successors wait for: the app starts only once
    // the ambassador answers.
    startupProbe: { exec, periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 60 },
    readinessProbe: { exec, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: { exec, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
  };
}

/** Tells the app where the ambassador listens; an env var the app already sets is a 400. */
export function injectLocalAddress(pod: PodBuilder, envName: string, value: string, pointer: string): void {
  pod.addMainEnv({ name: envName, value }, pointer);
}
