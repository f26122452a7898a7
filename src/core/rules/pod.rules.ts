// Pod layer: containers, their names, ports, mounts and probes, checked in every pod spec
// (Pods and the templates of workloads).
import { DNS1123_LABEL } from '../model/names.js';
import { allContainerSites, asObj, containerSites, isLongRunning, objEntries, podSites, portNames, type ContainerSite } from './pod-spec.js';
import { podExample } from './examples.js';
import type { RawFinding, Rule } from './rule.js';

const twoContainers = (second: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
    - name: ${second}
      image: busybox:1.36
`);

const webAndProxy = (proxyPort: number) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      ports:
        - containerPort: ${proxyPort}
`);

const cacheMount = (volumes: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: cache
          mountPath: /var/cache/nginx
${volumes}`);

const probedPod = (probePort: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /ready
          port: ${probePort}
`);

export const containerNameRule: Rule = {
  id: 'container.name',
  layer: 'pod',
  severity: 'error',
  title: 'Container names are DNS-1123 labels, unique across containers and initContainers',
  rationale:
    'The API server rejects a pod whose container names are not DNS-1123 labels (at most 63 lower-case ' +
    'letters, digits and "-") or repeat a name among containers, initContainers and ephemeralContainers. ' +
    'Logs, exec and the kubelet address containers by name.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: twoContainers('web'),
    passing: twoContainers('logs'),
    at: { path: '/spec/containers/1/name', line: 9 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const seen = new Map<string, string>();
      for (const site of containerSites(pod)) {
        const { name } = site;
        if (name === undefined) continue;
        const path = `${site.path}/name`;
        if (!DNS1123_LABEL.test(name) || name.length > 63) {
          out.push({ document: pod.document, path, message: `container name "${name}" must be a DNS-1123 label (lower-case letters, digits and "-", at most 63)` });
        }
        const first = seen.get(name);
        if (first) out.push({ document: pod.document, path, message: `container name "${name}" is already used at ${first}` });
        else seen.set(name, site.path);
      }
    }
    return out;
  },
};

interface PortUse {
  site: ContainerSite;
  path: string;
  key: string;
}

export const portCollisionRule: Rule = {
  id: 'pod.port-collision',
  layer: 'pod',
  severity: 'warning',
  title: 'No two containers of a pod declare the same containerPort and protocol',
  rationale:
    'Containers of a pod share one network namespace: two processes cannot bind the same port and ' +
    'protocol, so one of them crashes at start. Regular containers and native sidecars run together; ' +
    'a one-shot init container runs alongside the native sidecars started before it. The API server ' +
    'only warns, so submitted bundles get a warning; the generator treats it as an error.',
  seeAlso: ['kubectl (duplicate port warning)'],
  examples: {
    failing: webAndProxy(8080),
    passing: webAndProxy(9000),
    at: { path: '/spec/containers/1/ports/0/containerPort', line: 14 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const severity = ctx.mode === 'generate' ? 'error' : 'warning';
    for (const pod of podSites(ctx)) {
      // Ports bound by what is running when each container starts: native sidecars stay, one-shot
      // init containers come and go, regular containers start last.
      const sidecarPorts: PortUse[] = [];
      const mainPorts: PortUse[] = [];
      const sites = containerSites(pod, ['initContainers', 'containers']);
      for (const site of sites) {
        const uses = objEntries(site.container.ports)
          .filter(([p]) => typeof p.containerPort === 'number')
          .map(([p, i]) => ({ site, path: `${site.path}/ports/${i}/containerPort`, key: `${p.containerPort}/${p.protocol ?? 'TCP'}` }));
        const running = site.list === 'containers' ? [...sidecarPorts, ...mainPorts] : sidecarPorts;
        for (const use of uses) {
          const clash = running.find((r) => r.key === use.key && r.site !== site);
          if (clash) {
            out.push({
              document: pod.document,
              path: use.path,
              severity,
              message: `port ${use.key} of container "${site.name ?? site.index}" is already declared by container "${clash.site.name ?? clash.site.index}" in the same pod`,
            });
          }
        }
        if (site.nativeSidecar) sidecarPorts.push(...uses);
        else if (site.list === 'containers') mainPorts.push(...uses);
      }
    }
    return out;
  },
};

export const volumeMountRule: Rule = {
  id: 'container.volume-mount',
  layer: 'pod',
  severity: 'error',
  title: 'Every volumeMount names a volume of the pod, mountPaths are unique, subPaths stay inside the volume',
  rationale:
    'The API server rejects a mount of a volume the pod does not define (for a StatefulSet, its ' +
    'volumeClaimTemplates count as volumes), two mounts at one path in a container, and a subPath ' +
    'that is absolute or climbs out with "..".',
  seeAlso: ['kubectl --dry-run=server', 'kube-linter (dangling volume mounts)'],
  examples: {
    failing: cacheMount(''),
    passing: cacheMount('  volumes:\n    - name: cache\n      emptyDir: {}\n'),
    at: { path: '/spec/containers/0/volumeMounts/0/name', line: 10 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const volumes = new Set(objEntries(pod.spec.volumes).map(([v]) => v.name));
      if (pod.kind === 'StatefulSet') {
        const claims = asObj(asObj(pod.document.object)?.spec)?.volumeClaimTemplates;
        for (const [claim] of objEntries(claims)) volumes.add(asObj(claim.metadata)?.name);
      }
      for (const site of containerSites(pod)) {
        const paths = new Map<string, number>();
        for (const [mount, i] of objEntries(site.container.volumeMounts)) {
          const at = `${site.path}/volumeMounts/${i}`;
          if (typeof mount.name === 'string' && !volumes.has(mount.name)) {
            out.push({ document: pod.document, path: `${at}/name`, message: `container "${site.name}" mounts volume "${mount.name}", which the pod does not define` });
          }
          if (typeof mount.mountPath === 'string') {
            const first = paths.get(mount.mountPath);
            if (first !== undefined) {
              out.push({ document: pod.document, path: `${at}/mountPath`, message: `mountPath ${mount.mountPath} is already used by volumeMounts[${first}] of container "${site.name}"` });
            } else paths.set(mount.mountPath, i);
          }
          for (const field of ['subPath', 'subPathExpr'] as const) {
            const sub = mount[field];
            if (typeof sub !== 'string' || !sub) continue;
            if (sub.startsWith('/') || sub.split('/').includes('..')) {
              out.push({ document: pod.document, path: `${at}/${field}`, message: `${field} "${sub}" must be a relative path without ".." segments` });
            }
          }
        }
      }
    }
    return out;
  },
};

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

export const probeRule: Rule = {
  id: 'container.probe',
  layer: 'pod',
  severity: 'error',
  title: 'Each probe has exactly one handler; a named probe port exists in the container',
  rationale:
    'The API server rejects a probe with no handler or with more than one (exec, httpGet, tcpSocket, ' +
    'grpc), and probes on one-shot init containers. A probe port given by name must be a port name ' +
    'of the same container; otherwise the kubelet cannot resolve it and the probe always fails.',
  seeAlso: ['kubectl --dry-run=server', 'kube-linter (liveness-port, readiness-port)'],
  examples: {
    failing: probedPod('metrics'),
    passing: probedPod('http'),
    at: { path: '/spec/containers/0/readinessProbe/httpGet/port', line: 15 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const site of allContainerSites(ctx)) {
      const names = portNames(site.container);
      for (const probeField of PROBES) {
        const probe = asObj(site.container[probeField]);
        if (!probe) continue;
        const path = `${site.path}/${probeField}`;
        const document = site.pod.document;
        if (!isLongRunning(site)) {
          out.push({ document, path, message: `${probeField} is not allowed on ${site.list === 'initContainers' ? 'a one-shot init container' : 'an ephemeral container'} "${site.name}"` });
          continue;
        }
        const handlers = HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
        if (handlers.length !== 1) {
          out.push({
            document,
            path,
            message: handlers.length
              ? `${probeField} of container "${site.name}" has ${handlers.length} handlers (${handlers.join(', ')}); exactly one is allowed`
              : `${probeField} of container "${site.name}" has no handler (exec, httpGet, tcpSocket or grpc)`,
          });
        }
        for (const h of ['httpGet', 'tcpSocket'] as const) {
          const port = asObj(probe[h])?.port;
          if (typeof port === 'string' && !/^\d+$/.test(port) && !names.has(port)) {
            out.push({ document, path: `${path}/${h}/port`, message: `${probeField} of container "${site.name}" uses port "${port}", which is not a port name of that container` });
          }
        }
      }
    }
    return out;
  },
};

export const POD_RULES: Rule[] = [containerNameRule, portCollisionRule, volumeMountRule, probeRule];
