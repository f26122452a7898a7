// Which part of a pattern each container plays: main, sidecar, ambassador or adapter. Generated
// bundles say it in the pod annotation pod-patterns.io/roles ({"<container>": "<role>[/<preset>]"});
// for other bundles it is inferred from evidence: an ambassador is a helper the app reaches on
// loopback (its env or args name 127.0.0.1:<port of the helper>), an adapter exposes metrics (a
// metrics/exporter port, the scrape annotation's port, an exporter image), anything else beside
// the app is a sidecar. One-shot init containers play no part.
import { ROLES_ANNOTATION } from '../model/labels.js';
import type { Role } from '../model/bundle.js';
import {
  asObj,
  containerSites,
  isLongRunning,
  objEntries,
  show,
  type ContainerSite,
  type Obj,
  type PodSite,
} from './pod-spec.js';

export interface RoleInfo {
  site: ContainerSite;
  role: Role;
  preset?: string;
  /** where the role comes from: the annotation generation writes, or evidence */
  source: 'annotation' | 'evidence';
}

const ROLES: Role[] = ['main', 'sidecar', 'ambassador', 'adapter'];
/** Ambassador presets that face the app's clients (listening on the pod IP) instead of the app. */
export const INBOUND_AMBASSADOR_PRESETS: readonly string[] = ['reverse-proxy'];

function annotatedRoles(pod: PodSite): Map<string, { role: Role; preset?: string }> {
  const raw = asObj(pod.metadata.annotations)?.[ROLES_ANNOTATION];
  const out = new Map<string, { role: Role; preset?: string }>();
  if (typeof raw !== 'string') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return out;
  }
  for (const [name, value] of Object.entries(asObj(parsed) ?? {})) {
    if (typeof value !== 'string') continue;
    const [role, preset] = value.split('/', 2);
    if ((ROLES as string[]).includes(role)) out.set(name, { role: role as Role, ...(preset ? { preset } : {}) });
  }
  return out;
}

/** Loopback addresses ("127.0.0.1:9000", "localhost:9000", "[::1]:9000") named in a text: their ports. */
export function loopbackPorts(text: string): number[] {
  return [...text.matchAll(/(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\b/g)].map((m) => Number(m[1]));
}

/** Everything a container says to its program: command, args and env values. */
export function containerText(container: Obj): string {
  const env = objEntries(container.env).map(([e]) => (typeof e.value === 'string' ? e.value : ''));
  return [
    ...(Array.isArray(container.command) ? container.command : []),
    ...(Array.isArray(container.args) ? container.args : []),
    ...env,
  ]
    .map(show)
    .join('\n');
}

export function containerPorts(container: Obj): { port: number; name?: string; index: number }[] {
  return objEntries(container.ports)
    .filter(([p]) => typeof p.containerPort === 'number')
    .map(([p, index]) => ({
      port: p.containerPort as number,
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      index,
    }));
}

const METRICS_PORT_NAME = /metrics|exporter|prom/;

function mainOf(
  pod: PodSite,
  annotated: Map<string, { role: Role }>,
  sites: ContainerSite[],
): ContainerSite | undefined {
  const regular = sites.filter((s) => s.list === 'containers');
  const byAnnotation = regular.find((s) => s.name !== undefined && annotated.get(s.name)?.role === 'main');
  if (byAnnotation) return byAnnotation;
  const appName = asObj(pod.metadata.labels)?.['app.kubernetes.io/name'] ?? pod.document.object.metadata?.name;
  return regular.find((s) => s.name === appName) ?? regular[0];
}

// Several pattern rules ask for the roles of the same pod: worked out once per pod (as its container walk is).
const rolesCache = new WeakMap<PodSite, RoleInfo[]>();

/** The role of every long-running container of a pod (the same array for every caller: read it, do not change it). */
export function podRoles(pod: PodSite): RoleInfo[] {
  let roles = rolesCache.get(pod);
  if (!roles) {
    roles = inferRoles(pod);
    rolesCache.set(pod, roles);
  }
  return roles;
}

function inferRoles(pod: PodSite): RoleInfo[] {
  const annotated = annotatedRoles(pod);
  const sites = containerSites(pod, ['initContainers', 'containers']).filter(isLongRunning);
  const main = mainOf(pod, annotated, sites);
  const mainTargets = new Set(main ? loopbackPorts(containerText(main.container)) : []);
  const scrapePort = Number(show(asObj(pod.metadata.annotations)?.['prometheus.io/port']));
  return sites.map((site): RoleInfo => {
    const given = site.name !== undefined ? annotated.get(site.name) : undefined;
    if (given) return { site, ...given, source: 'annotation' };
    if (site === main) return { site, role: 'main', source: 'evidence' };
    const ports = containerPorts(site.container);
    if (ports.some((p) => mainTargets.has(p.port))) return { site, role: 'ambassador', source: 'evidence' };
    const image = typeof site.container.image === 'string' ? site.container.image : '';
    if (
      ports.some((p) => (p.name && METRICS_PORT_NAME.test(p.name)) || p.port === scrapePort) ||
      /exporter/.test(image)
    ) {
      return { site, role: 'adapter', source: 'evidence' };
    }
    return { site, role: 'sidecar', source: 'evidence' };
  });
}
