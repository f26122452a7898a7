// Pod layer: containers, their names, ports, mounts and probes, checked in every pod spec
// (Pods and the templates of workloads).
import { pointer } from '../model/errors.js';
import { DNS1123_LABEL, ENV_VAR_NAME, isPortName } from '../model/grammars.js';
import { parseQuantity } from './quantity.js';
import {
  allContainerSites,
  asObj,
  containerSites,
  isLongRunning,
  objEntries,
  podSites,
  portNames,
  show,
  type ContainerSite,
} from './pod-spec.js';
import { podExample } from './examples.js';
import { labelKeyConflicts } from './scheduling.rules.js';
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
          out.push({
            document: pod.document,
            path,
            message: `container name "${name}" must be a DNS-1123 label (lower-case letters, digits and "-", at most 63)`,
          });
        }
        const first = seen.get(name);
        if (first)
          out.push({ document: pod.document, path, message: `container name "${name}" is already used at ${first}` });
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
      // the first use of each port, by who declared it (maps, so many ports cost linear time)
      const sidecarPorts = new Map<string, PortUse>();
      const mainPorts = new Map<string, PortUse>();
      const sites = containerSites(pod, ['initContainers', 'containers']);
      for (const site of sites) {
        const uses = objEntries(site.container.ports)
          .filter(([p]) => typeof p.containerPort === 'number')
          .map(([p, i]) => ({
            site,
            path: `${site.path}/ports/${i}/containerPort`,
            key: `${p.containerPort}/${show(p.protocol ?? 'TCP')}`,
          }));
        for (const use of uses) {
          // a site's own uses join the maps after it, so any use found is another container's
          const clash = sidecarPorts.get(use.key) ?? (site.list === 'containers' ? mainPorts.get(use.key) : undefined);
          if (clash) {
            out.push({
              document: pod.document,
              path: use.path,
              severity,
              message: `port ${use.key} of container "${site.name ?? site.index}" is already declared by container "${clash.site.name ?? clash.site.index}" in the same pod`,
            });
          }
        }
        const own = site.nativeSidecar ? sidecarPorts : site.list === 'containers' ? mainPorts : undefined;
        for (const use of uses) if (own && !own.has(use.key)) own.set(use.key, use);
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
            out.push({
              document: pod.document,
              path: `${at}/name`,
              message: `container "${site.name}" mounts volume "${show(mount.name)}", which the pod does not define`,
            });
          }
          if (typeof mount.mountPath === 'string') {
            const first = paths.get(mount.mountPath);
            if (first !== undefined) {
              out.push({
                document: pod.document,
                path: `${at}/mountPath`,
                message: `mountPath ${mount.mountPath} is already used by volumeMounts[${first}] of container "${site.name}"`,
              });
            } else paths.set(mount.mountPath, i);
          }
          for (const field of ['subPath', 'subPathExpr'] as const) {
            const sub = mount[field];
            if (typeof sub !== 'string' || !sub) continue;
            if (sub.startsWith('/') || sub.split('/').includes('..')) {
              out.push({
                document: pod.document,
                path: `${at}/${field}`,
                message: `${field} "${sub}" must be a relative path without ".." segments`,
              });
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
          out.push({
            document,
            path,
            message: `${probeField} is not allowed on ${site.list === 'initContainers' ? 'a one-shot init container' : 'an ephemeral container'} "${site.name}"`,
          });
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
            out.push({
              document,
              path: `${path}/${h}/port`,
              message: `${probeField} of container "${site.name}" uses port "${port}", which is not a port name of that container`,
            });
          }
        }
      }
    }
    return out;
  },
};

const oneContainer = (extra: string) =>
  podExample(`  containers:
    - name: web
${extra}`);

export const podContainersRule: Rule = {
  id: 'pod.containers',
  layer: 'pod',
  severity: 'error',
  title: 'A pod has at least one container, and every container an image',
  rationale:
    'The API server rejects a pod spec without containers or a container without an image (the ' +
    'schema leaves image optional for higher-level tooling, but pods and templates need it).',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: oneContainer(''),
    passing: oneContainer('      image: nginx:1.27\n'),
    at: { path: '/spec/containers/0/image', line: 7 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      if (pod.noSpec) {
        // point at what holds the missing spec: the template, or the Pod itself
        out.push({
          document: pod.document,
          path: pod.specPath.replace(/\/spec$/, ''),
          message: `the ${pod.kind === 'Pod' ? 'Pod' : 'pod template'} has no spec; a pod needs at least one container`,
        });
      } else if (!objEntries(pod.spec.containers).length)
        out.push({
          document: pod.document,
          path: `${pod.specPath}/containers`,
          message: 'a pod needs at least one container',
        });
      for (const site of containerSites(pod)) {
        const image = site.container.image;
        if (typeof image !== 'string' || !image.trim()) {
          out.push({
            document: pod.document,
            path: `${site.path}/image`,
            message: `container "${site.name ?? site.index}" has no image`,
          });
        }
      }
    }
    return out;
  },
};

const portOf = (containerPort: number) =>
  oneContainer(`      image: nginx:1.27
      ports:
        - name: http
          containerPort: ${containerPort}
`);

export const containerPortsRule: Rule = {
  id: 'container.ports',
  layer: 'pod',
  severity: 'error',
  title: 'Container ports are in range, port names are valid and unique per container, host ports unique per pod',
  rationale:
    'containerPort must be 1-65535 and hostPort 0-65535 (the schema only says int32); a port name is ' +
    'an IANA service name (at most 15 lower-case letters, digits and "-", with a letter, no "--") so ' +
    'Services and probes can refer to it, and unique in its container. Two containers cannot bind the ' +
    'same hostPort, protocol and hostIP.',
  seeAlso: ['kubectl --dry-run=server', 'kube-linter (privileged-ports)'],
  examples: {
    failing: portOf(70000),
    passing: portOf(8080),
    at: { path: '/spec/containers/0/ports/0/containerPort', line: 11 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const hostPorts = new Map<string, string>();
      for (const site of containerSites(pod)) {
        const names = new Map<string, number>();
        for (const [port, i] of objEntries(site.container.ports)) {
          const at = `${site.path}/ports/${i}`;
          const push = (field: string, message: string) =>
            out.push({ document: pod.document, path: `${at}/${field}`, message });
          if (typeof port.containerPort === 'number' && (port.containerPort < 1 || port.containerPort > 65535)) {
            push('containerPort', `containerPort ${port.containerPort} must be between 1 and 65535`);
          }
          if (typeof port.hostPort === 'number') {
            if (port.hostPort < 0 || port.hostPort > 65535)
              push('hostPort', `hostPort ${port.hostPort} must be between 0 (none) and 65535`);
            else if (port.hostPort > 0) {
              const key = `${port.hostPort}/${show(port.protocol ?? 'TCP')}/${show(port.hostIP ?? '')}`;
              const first = hostPorts.get(key);
              if (first) push('hostPort', `hostPort ${key} is already used by ${first}`);
              else hostPorts.set(key, `container "${site.name}"`);
            }
          }
          if (typeof port.name === 'string') {
            if (!isPortName(port.name))
              push(
                'name',
                `port name "${port.name}" must be an IANA service name: at most 15 lower-case letters, digits and "-", with at least one letter, no "--"`,
              );
            const first = names.get(port.name);
            if (first !== undefined)
              push('name', `port name "${port.name}" is already used by ports[${first}] of container "${site.name}"`);
            else names.set(port.name, i);
          }
        }
      }
    }
    return out;
  },
};

/** A pod with the volume "cache" (its source lines given) and "scratch", which has none: an emptyDir. */
const withVolume = (volume: string) =>
  oneContainer(`      image: nginx:1.27
  volumes:
    - name: cache
${volume}    - name: scratch
`);

export const podVolumesRule: Rule = {
  id: 'pod.volumes',
  layer: 'pod',
  severity: 'error',
  title: 'Volume names are valid and unique; each volume has at most one source',
  rationale:
    'Volume names are DNS-1123 labels, unique in the pod, so mounts can refer to them; a volume with ' +
    'two sources (emptyDir and configMap) is rejected by the API server. A volume with only a name ' +
    'is accepted: the API server defaults it to an emptyDir (SetDefaults_Volume).',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: withVolume('      emptyDir: {}\n      configMap:\n        name: cache\n'),
    passing: withVolume('      emptyDir: {}\n'),
    at: { path: '/spec/volumes/0', line: 10 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const seen = new Map<string, number>();
      for (const [volume, i] of objEntries(pod.spec.volumes)) {
        const at = `${pod.specPath}/volumes/${i}`;
        if (typeof volume.name === 'string') {
          if (!DNS1123_LABEL.test(volume.name) || volume.name.length > 63) {
            out.push({
              document: pod.document,
              path: `${at}/name`,
              message: `volume name "${volume.name}" must be a DNS-1123 label`,
            });
          }
          const first = seen.get(volume.name);
          if (first !== undefined)
            out.push({
              document: pod.document,
              path: `${at}/name`,
              message: `volume name "${volume.name}" is already used by volumes[${first}]`,
            });
          else seen.set(volume.name, i);
        }
        const sources = Object.keys(volume).filter(
          (k) => k !== 'name' && volume[k] !== null && volume[k] !== undefined,
        );
        // none at all is accepted: the API server defaults it to an emptyDir (SetDefaults_Volume)
        if (sources.length > 1) {
          out.push({
            document: pod.document,
            path: at,
            message: `volume "${show(volume.name)}" has ${sources.length} sources (${sources.join(', ')}); one is allowed`,
          });
        }
      }
    }
    return out;
  },
};

/** Before 1.32 env names were C-identifier-like; since then any printable ASCII but "=". */
const RELAXED_ENV_NAMES_MINOR = 32;
const PRINTABLE_NO_EQUALS = /^[\x20-\x3c\x3e-\x7e]+$/;
const VALUE_FROM = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef', 'fileKeyRef'];

const envOf = (entry: string) =>
  oneContainer(`      image: nginx:1.27
      env:
        - name: POD_NAME
${entry}`);

export const containerEnvRule: Rule = {
  id: 'container.env',
  layer: 'pod',
  severity: 'error',
  title: 'Env var names are valid, each has a value or one valueFrom source, and names are not repeated',
  rationale:
    'The API server rejects an env var with both value and valueFrom, a valueFrom with zero or several ' +
    'sources, and (before 1.32) names that are not C-identifier-like; since 1.32 any printable ASCII ' +
    'but "=" is allowed. A repeated name is accepted with a warning: the last one wins, which hides ' +
    'the first.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: envOf(
      '          value: web\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.name\n',
    ),
    passing: envOf('          valueFrom:\n            fieldRef:\n              fieldPath: metadata.name\n'),
    at: { path: '/spec/containers/0/env/0/valueFrom', line: 12 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const nameOk = (n: string) =>
      ctx.minor >= RELAXED_ENV_NAMES_MINOR ? PRINTABLE_NO_EQUALS.test(n) : ENV_VAR_NAME.test(n);
    for (const site of allContainerSites(ctx)) {
      const document = site.pod.document;
      const seen = new Map<string, number>();
      for (const [env, i] of objEntries(site.container.env)) {
        const at = `${site.path}/env/${i}`;
        if (typeof env.name === 'string') {
          if (!nameOk(env.name))
            out.push({
              document,
              path: `${at}/name`,
              message: `env var name "${env.name}" is not valid at Kubernetes 1.${ctx.minor}`,
            });
          const first = seen.get(env.name);
          if (first !== undefined)
            out.push({
              document,
              path: `${at}/name`,
              severity: 'warning',
              message: `env var ${env.name} is already set by env[${first}]; the last one wins`,
            });
          else seen.set(env.name, i);
        }
        const from = asObj(env.valueFrom);
        if (from) {
          if (env.value !== undefined && env.value !== null && env.value !== '') {
            out.push({
              document,
              path: `${at}/valueFrom`,
              message: `env var ${show(env.name)} sets both value and valueFrom`,
            });
          }
          const sources = VALUE_FROM.filter((k) => from[k] !== undefined && from[k] !== null);
          if (sources.length !== 1)
            out.push({
              document,
              path: `${at}/valueFrom`,
              message: `valueFrom of ${show(env.name)} must have exactly one source (${VALUE_FROM.join(', ')})`,
            });
        }
      }
      for (const [source, i] of objEntries(site.container.envFrom)) {
        const count = ['configMapRef', 'secretRef'].filter((k) => source[k] !== undefined && source[k] !== null).length;
        if (count !== 1)
          out.push({
            document,
            path: `${site.path}/envFrom/${i}`,
            message: 'envFrom entries need exactly one of configMapRef and secretRef',
          });
      }
    }
    return out;
  },
};

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const resourcesOf = (cpu: string) =>
  oneContainer(`      image: nginx:1.27
      resources:
        requests:
          cpu: ${cpu}
          memory: 128Mi
        limits:
          memory: 256Mi
`);

export const containerResourcesRule: Rule = {
  id: 'container.resources',
  layer: 'pod',
  severity: 'error',
  title: 'Resource quantities follow the quantity grammar, are not negative, and requests do not exceed limits',
  rationale:
    'The API server rejects "500c" or "1.5 Gi", negative amounts, requests above limits, and ' +
    'hugepages or extended resources whose request differs from the limit. A memory amount in ' +
    'millibytes ("512m") is accepted but almost always meant "512Mi".',
  seeAlso: ['kubectl --dry-run=server', 'kube-linter (unset-cpu-requirements)'],
  examples: {
    failing: resourcesOf('500c'),
    passing: resourcesOf('500m'),
    at: { path: '/spec/containers/0/resources/requests/cpu', line: 11 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const site of allContainerSites(ctx)) {
      const document = site.pod.document;
      const resources = asObj(site.container.resources);
      if (!resources) continue;
      const parsed: Record<'requests' | 'limits', Map<string, number>> = { requests: new Map(), limits: new Map() };
      for (const kind of ['requests', 'limits'] as const) {
        for (const [name, raw] of Object.entries(asObj(resources[kind]) ?? {})) {
          const path = `${site.path}/resources/${kind}${pointer(name)}`;
          if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-') && !name.includes('/')) {
            out.push({
              document,
              path,
              message: `"${name}" is not a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) nor a domain-qualified extended resource`,
            });
          }
          const q = parseQuantity(raw);
          if (!q) {
            out.push({
              document,
              path,
              message: `${kind}.${name} "${show(raw)}" is not a quantity (e.g. 250m, 0.5, 128Mi, 1G)`,
            });
            continue;
          }
          if (q.value < 0) out.push({ document, path, message: `${kind}.${name} must not be negative` });
          if (name === 'memory' && q.suffix === 'm')
            out.push({
              document,
              path,
              severity: 'warning',
              message: `${kind}.memory "${show(raw)}" is in millibytes; did you mean ${show(raw).slice(0, -1)}Mi?`,
            });
          parsed[kind].set(name, q.value);
        }
      }
      for (const [name, request] of parsed.requests) {
        const limit = parsed.limits.get(name);
        if (limit === undefined) continue;
        const path = `${site.path}/resources/requests${pointer(name)}`;
        const mustEqual = name.startsWith('hugepages-') || (name.includes('/') && !name.startsWith('kubernetes.io/'));
        if (mustEqual && request !== limit)
          out.push({ document, path, message: `${name} cannot be overcommitted: its request must equal its limit` });
        else if (request > limit) out.push({ document, path, message: `requests.${name} is above limits.${name}` });
      }
    }
    return out;
  },
};

/** First minor where native sidecars (SidecarContainers) are on by default. */
const NATIVE_SIDECARS_MINOR = 29;

const sidecarWith = (policy: string) =>
  podExample(`  initContainers:
    - name: logs
      image: fluent/fluent-bit:3.1.9
      restartPolicy: ${policy}
  containers:
    - name: web
      image: nginx:1.27
`);

export const nativeSidecarRule: Rule = {
  id: 'pod.native-sidecar',
  layer: 'pod',
  severity: 'error',
  title: 'restartPolicy on a container only as "Always" on an init container (native sidecar), from Kubernetes 1.29',
  rationale:
    'An init container may set restartPolicy only to Always, which makes it a native sidecar that ' +
    'runs for the life of the pod; other values, and restartPolicy on regular or ephemeral ' +
    'containers, are rejected. Before 1.29 the feature is off: the API server drops the field and the ' +
    'sidecar becomes an init container that never finishes, so the pod never starts.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: sidecarWith('OnFailure'),
    passing: sidecarWith('Always'),
    at: { path: '/spec/initContainers/0/restartPolicy', line: 9 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const site of allContainerSites(ctx)) {
      const policy = site.container.restartPolicy;
      if (policy === undefined || policy === null) continue;
      const path = `${site.path}/restartPolicy`;
      const document = site.pod.document;
      if (site.list !== 'initContainers') {
        out.push({
          document,
          path,
          message: `restartPolicy is only allowed on init containers; container "${site.name}" is in ${site.list}`,
        });
      } else if (policy !== 'Always') {
        out.push({
          document,
          path,
          message: `init container "${site.name}" may only set restartPolicy: Always (a native sidecar), not ${JSON.stringify(policy)}`,
        });
      } else if (ctx.minor < NATIVE_SIDECARS_MINOR) {
        out.push({
          document,
          path,
          message: `native sidecars need Kubernetes 1.${NATIVE_SIDECARS_MINOR}+; at 1.${ctx.minor} "${site.name}" would block the pod from starting`,
        });
      }
    }
    return out;
  },
};

const spreadPod = (maxSkew: number) =>
  podExample(
    `  topologySpreadConstraints:
    - maxSkew: ${maxSkew}
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      minDomains: ${maxSkew === 0 ? 0 : 2}
      labelSelector:
        matchLabels:
          app: web
  containers:
    - name: web
      image: nginx:1.27
`,
    '    app: web\n',
  );

export const topologySpreadRule: Rule = {
  id: 'pod.topology-spread',
  layer: 'pod',
  severity: 'error',
  title: 'Topology spread constraints are ones the API server accepts',
  rationale:
    'The API server refuses a constraint whose maxSkew is not positive, whose minDomains is set but ' +
    'not positive or set with whenUnsatisfiable other than DoNotSchedule, whose topologyKey is empty, ' +
    'or that repeats the topologyKey and whenUnsatisfiable of another constraint, and a matchLabelKeys ' +
    'entry that the labelSelector already uses or that has no labelSelector beside it. The schema only ' +
    'says these are integers and strings.',
  seeAlso: ['kubectl --dry-run=server', 'kube-score (pod-topology-spread-constraints)'],
  examples: {
    failing: spreadPod(0),
    passing: spreadPod(1),
    at: { path: '/spec/topologySpreadConstraints/0/maxSkew', line: 9 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const seen = new Map<string, number>();
      for (const [c, i] of objEntries(pod.spec.topologySpreadConstraints)) {
        const at = `${pod.specPath}/topologySpreadConstraints/${i}`;
        const push = (field: string, message: string) =>
          out.push({ document: pod.document, path: `${at}/${field}`, message });
        if (typeof c.maxSkew === 'number' && c.maxSkew <= 0)
          push('maxSkew', `maxSkew ${c.maxSkew} must be greater than zero`);
        if (typeof c.minDomains === 'number') {
          if (c.minDomains <= 0) push('minDomains', `minDomains ${c.minDomains} must be greater than zero`);
          if (c.whenUnsatisfiable !== 'DoNotSchedule')
            push(
              'minDomains',
              `minDomains can only be used with whenUnsatisfiable: DoNotSchedule, not ${show(c.whenUnsatisfiable)}`,
            );
        }
        if (c.topologyKey === '') push('topologyKey', 'topologyKey must not be empty');
        const pair = `${show(c.topologyKey)}/${show(c.whenUnsatisfiable)}`;
        const first = seen.get(pair);
        if (first !== undefined)
          push(
            'topologyKey',
            `topologyKey ${show(c.topologyKey)} with whenUnsatisfiable ${show(c.whenUnsatisfiable)} is already constrained by topologySpreadConstraints[${first}]`,
          );
        else seen.set(pair, i);
        for (const { field, message } of labelKeyConflicts(c)) push(field, message);
      }
    }
    return out;
  },
};

export const POD_RULES: Rule[] = [
  podContainersRule,
  containerNameRule,
  containerPortsRule,
  portCollisionRule,
  podVolumesRule,
  volumeMountRule,
  containerEnvRule,
  containerResourcesRule,
  probeRule,
  nativeSidecarRule,
  topologySpreadRule,
];
