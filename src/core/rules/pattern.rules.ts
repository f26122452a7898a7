// Pattern layer: whether each helper does its part. Roles come from the pod-patterns.io/roles
// annotation or from evidence (roles.ts). A sidecar extends the app through a volume it shares;
// an ambassador is the app's local proxy on loopback, which the app's env points at; an adapter
// publishes the app's metrics on the port that the scrape annotations, the Service and any
// ServiceMonitor name.
import { podExample } from './examples.js';
import {
  asObj,
  containerSites,
  isLongRunning,
  mapSelectorMatches,
  objEntries,
  podSites,
  portNames,
  servicesSelecting,
  show,
  stringMap,
  type PodSite,
} from './pod-spec.js';
import { containerPorts, containerText, INBOUND_AMBASSADOR_PRESETS, loopbackPorts, podRoles } from './roles.js';
import type { RawFinding, Rule, RuleContext } from './rule.js';

/** Volumes that carry data between containers (not configuration). */
const CONFIG_SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI'];

function dataVolumes(pod: PodSite): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const [v] of objEntries(pod.spec.volumes)) {
    const source = Object.keys(v).find((k) => k !== 'name');
    if (typeof v.name === 'string' && source && !CONFIG_SOURCES.includes(source)) kinds.set(v.name, source);
  }
  return kinds;
}

const logShipper = (mainMount: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: ${mainMount}
          mountPath: /var/log/nginx
    - name: logs
      image: fluent/fluent-bit:3.1.9
      volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
          readOnly: true
  volumes:
    - name: logs
      emptyDir: {}
    - name: scratch
      emptyDir: {}
`);

export const sharedVolumeRule: Rule = {
  id: 'pattern.shared-volume',
  layer: 'pattern',
  severity: 'error',
  title: 'A helper that reads a volume reads one another container writes; a sidecar shares a volume with the app',
  rationale:
    'A container that mounts an emptyDir read-only, which no other container of the pod mounts ' +
    'writable, reads a directory that stays empty forever (a log shipper pointed at the wrong ' +
    'volume). A sidecar extends the app through a shared volume; one that shares none with the app ' +
    'is more likely an independent service that belongs in its own pod (warning).',
  seeAlso: ['Kubernetes patterns: Sidecar'],
  examples: {
    failing: logShipper('scratch'),
    passing: logShipper('logs'),
    at: { path: '/spec/containers/1/volumeMounts/0/name', line: 15 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const data = dataVolumes(pod);
      const sites = containerSites(pod);
      const writers = new Set(
        sites.flatMap((s) =>
          objEntries(s.container.volumeMounts)
            .filter(([m]) => m.readOnly !== true)
            .map(([m]) => m.name),
        ),
      );
      for (const s of sites) {
        for (const [m, i] of objEntries(s.container.volumeMounts)) {
          if (m.readOnly === true && data.get(m.name) === 'emptyDir' && !writers.has(m.name)) {
            out.push({
              document: pod.document,
              path: `${s.path}/volumeMounts/${i}/name`,
              message: `container "${s.name}" reads emptyDir "${show(m.name)}", which no container of the pod writes: it stays empty`,
            });
          }
        }
      }
      const roles = podRoles(pod);
      const main = roles.find((r) => r.role === 'main');
      const mainVolumes = new Set(objEntries(main?.site.container.volumeMounts).map(([m]) => m.name));
      for (const r of roles.filter((x) => x.role === 'sidecar')) {
        const shares = objEntries(r.site.container.volumeMounts).some(
          ([m]) => data.has(m.name) && mainVolumes.has(m.name),
        );
        if (!shares) {
          out.push({
            document: pod.document,
            path: r.site.path,
            severity: r.source === 'annotation' ? 'warning' : 'info',
            message: `sidecar "${r.site.name}" shares no volume with the app "${main?.site.name}"`,
          });
        }
      }
    }
    return out;
  },
};

const ambassadorPod = (appEnv: string) =>
  podExample(
    `  initContainers:
    - name: payments
      image: nginxinc/nginx-unprivileged:1.27
      restartPolicy: Always
      ports:
        - containerPort: 9000
  containers:
    - name: orders
      image: ghcr.io/acme/orders:1.4.2
      env:
        - name: PAYMENTS_URL
          value: ${appEnv}
`,
    '',
    '    pod-patterns.io/roles: \'{"orders":"main","payments":"ambassador"}\'\n',
  );

export const ambassadorLoopbackRule: Rule = {
  id: 'pattern.ambassador-loopback',
  layer: 'pattern',
  severity: 'error',
  title: "An ambassador listens on loopback, the app's env points at it, and nothing outside reaches for it",
  rationale:
    "An ambassador is the app's local proxy: the app must be told its address (an env var with " +
    '127.0.0.1:<port>), a Service must not publish its port (it listens on loopback only, so the ' +
    'Service would have no working endpoint), and its probes must run inside the container, since ' +
    "the kubelet's httpGet and tcpSocket probes dial the pod IP, which a loopback listener never answers. " +
    'An inbound ambassador (the reverse-proxy preset, in front of the app) is the exception: it listens on the pod IP for the Service.',
  seeAlso: ['Kubernetes patterns: Ambassador'],
  examples: {
    failing: ambassadorPod('https://api.payments.example.com'),
    passing: ambassadorPod('http://127.0.0.1:9000'),
    at: { path: '/spec/initContainers/0/ports/0/containerPort', line: 13 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const roles = podRoles(pod);
      const main = roles.find((r) => r.role === 'main');
      const targets = new Set(main ? loopbackPorts(containerText(main.site.container)) : []);
      // A reverse proxy is the inbound half: it listens on the pod IP for the Service, by design.
      for (const r of roles.filter(
        (x) => x.role === 'ambassador' && !INBOUND_AMBASSADOR_PRESETS.includes(x.preset ?? ''),
      )) {
        const ports = containerPorts(r.site.container);
        const document = pod.document;
        if (ports.length && !ports.some((p) => targets.has(p.port))) {
          out.push({
            document,
            path: `${r.site.path}/ports/${ports[0].index}/containerPort`,
            severity: 'warning',
            message: `no env var, command or arg of the app "${main?.site.name}" points at ambassador "${r.site.name}" (127.0.0.1:${ports.map((p) => p.port).join('|')})`,
          });
        }
        for (const service of servicesSelecting(ctx, pod)) {
          for (const [sp, i] of objEntries(asObj(service.object.spec)?.ports)) {
            const hit = ports.find(
              (p) => sp.targetPort === p.port || (p.name !== undefined && sp.targetPort === p.name),
            );
            if (hit)
              out.push({
                document: service,
                path: `/spec/ports/${i}/targetPort`,
                message: `Service port ${show(sp.port)} targets ambassador "${r.site.name}" port ${hit.port}, which listens on loopback only`,
              });
          }
        }
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          for (const kind of ['httpGet', 'tcpSocket']) {
            if (asObj(asObj(r.site.container[probe])?.[kind])) {
              out.push({
                document,
                path: `${r.site.path}/${probe}/${kind}`,
                severity: r.source === 'annotation' ? 'error' : 'warning',
                message: `${probe} of ambassador "${r.site.name}" uses ${kind}, which dials the pod IP; a loopback listener never answers it (use an exec probe)`,
              });
            }
          }
        }
      }
    }
    return out;
  },
};

/** The app "web" on port 8080 (http) and an exporter "metrics" with the given lines. */
const webAndExporter = (exporter: string, annotations = '') =>
  podExample(
    `  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 8080
    - name: metrics
      image: nginx/nginx-prometheus-exporter:1.3.0
${exporter}`,
    '',
    annotations,
  );

const scrapePod = (port: string) =>
  webAndExporter(
    '      args: [--nginx.scrape-uri=http://127.0.0.1:8080/stub_status]\n      ports:\n        - name: metrics\n          containerPort: 9113\n',
    `    prometheus.io/scrape: "true"\n    prometheus.io/port: "${port}"\n`,
  );

function scrapePortFindings(ctx: RuleContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const pod of podSites(ctx)) {
    const annotations = asObj(pod.metadata.annotations) ?? {};
    const port = annotations['prometheus.io/port'];
    if (port === undefined) continue;
    const declared = containerSites(pod)
      .filter(isLongRunning)
      .flatMap((s) => containerPorts(s.container).map((p) => p.port));
    if (!declared.includes(Number(show(port)))) {
      out.push({
        document: pod.document,
        path: `${pod.metaPath}/annotations/prometheus.io~1port`,
        message: `prometheus.io/port ${show(port)} is not a port of any container of the pod`,
      });
    }
  }
  for (const service of ctx.documents.filter((d) => d.object.kind === 'Service')) {
    const port = asObj(service.object.metadata?.annotations)?.['prometheus.io/port'];
    if (port === undefined) continue;
    const ports = objEntries(asObj(service.object.spec)?.ports).flatMap(([p]) => [p.port, p.targetPort]);
    if (!ports.some((p) => show(p) === show(port))) {
      out.push({
        document: service,
        path: '/metadata/annotations/prometheus.io~1port',
        message: `prometheus.io/port ${show(port)} is not a port of the Service`,
      });
    }
  }
  return out;
}

function monitorFindings(ctx: RuleContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const monitor of ctx.documents.filter(
    (d) => d.object.kind === 'ServiceMonitor' || d.object.kind === 'PodMonitor',
  )) {
    const spec = asObj(monitor.object.spec) ?? {};
    const selector = stringMap(asObj(spec.selector)?.matchLabels);
    if (!Object.keys(selector).length) continue;
    const isService = monitor.object.kind === 'ServiceMonitor';
    const field = isService ? 'endpoints' : 'podMetricsEndpoints';
    const names = new Set<string>();
    let targets = 0;
    for (const d of ctx.documents) {
      if (
        isService &&
        d.object.kind === 'Service' &&
        mapSelectorMatches(selector, stringMap(d.object.metadata?.labels))
      ) {
        targets += 1;
        for (const [p] of objEntries(asObj(d.object.spec)?.ports)) if (typeof p.name === 'string') names.add(p.name);
      }
    }
    if (!isService) {
      for (const pod of podSites(ctx).filter((p) => mapSelectorMatches(selector, stringMap(p.metadata.labels)))) {
        targets += 1;
        for (const s of containerSites(pod)) for (const n of portNames(s.container)) names.add(n);
      }
    }
    if (!targets) continue; // what it selects is not in the bundle
    for (const [endpoint, i] of objEntries(spec[field])) {
      if (typeof endpoint.port === 'string' && !names.has(endpoint.port)) {
        out.push({
          document: monitor,
          path: `/spec/${field}/${i}/port`,
          message: `${monitor.object.kind} scrapes port "${endpoint.port}", which no ${isService ? 'Service' : 'pod'} it selects names`,
        });
      }
    }
  }
  return out;
}

export const metricsPortRule: Rule = {
  id: 'pattern.metrics-port',
  layer: 'pattern',
  severity: 'error',
  title: 'The metrics port named by scrape annotations, the Service and ServiceMonitors is one a container has',
  rationale:
    'Prometheus scrapes the port the prometheus.io/port annotation (or a ServiceMonitor endpoint) ' +
    "names; if no container listens there, metrics silently go missing. The adapter's metrics port " +
    'must be the one every one of these names.',
  seeAlso: ['Kubernetes patterns: Adapter', 'prometheus-operator'],
  examples: {
    failing: scrapePod('9102'),
    passing: scrapePod('9113'),
    at: { path: '/metadata/annotations/prometheus.io~1port', line: 7 },
  },
  check(ctx) {
    return [...scrapePortFindings(ctx), ...monitorFindings(ctx)];
  },
};

export const adapterScrapeTargetRule: Rule = {
  id: 'pattern.adapter-scrape-target',
  layer: 'pattern',
  severity: 'warning',
  title: 'An adapter reads from a port some container of the pod declares',
  rationale:
    'An adapter (an exporter) reads the app over 127.0.0.1; a loopback address in its command, args ' +
    'or env whose port no container of the pod declares points at nothing, and the exporter reports ' +
    'the app as down. Generated bundles must not have it (error); for submitted ones the app may ' +
    'simply not declare the port (warning).',
  seeAlso: ['Kubernetes patterns: Adapter'],
  examples: {
    failing: scrapePod('9113').replace('127.0.0.1:8080', '127.0.0.1:8081'),
    passing: scrapePod('9113'),
    at: { path: '/spec/containers/1', line: 15 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const severity = ctx.mode === 'generate' ? 'error' : 'warning';
    for (const pod of podSites(ctx)) {
      const declared = new Set(
        containerSites(pod)
          .filter(isLongRunning)
          .flatMap((s) => containerPorts(s.container).map((p) => p.port)),
      );
      for (const r of podRoles(pod).filter((x) => x.role === 'adapter')) {
        const missing = [...new Set(loopbackPorts(containerText(r.site.container)))].filter((p) => !declared.has(p));
        if (missing.length) {
          out.push({
            document: pod.document,
            path: r.site.path,
            severity,
            message: `adapter "${r.site.name}" reads 127.0.0.1:${missing.join(', 127.0.0.1:')}, which no container of the pod declares`,
          });
        }
      }
    }
    return out;
  },
};

const twoNamed = (second: string) =>
  webAndExporter(`      ports:\n        - name: ${second}\n          containerPort: 9113\n`);

export const portUniqueRule: Rule = {
  id: 'pattern.port-unique',
  layer: 'pattern',
  severity: 'warning',
  title: 'A port name is used by one container of the pod only',
  rationale:
    'A Service targetPort, a ServiceMonitor or a probe that names a port resolves the name in the pod; ' +
    'two containers with the same port name make it ambiguous, and the first one wins. Generated ' +
    'bundles must not have it (error).',
  seeAlso: ['kubectl describe endpoints'],
  examples: {
    failing: twoNamed('http'),
    passing: twoNamed('metrics'),
    at: { path: '/spec/containers/1/ports/0/name', line: 15 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const severity = ctx.mode === 'generate' ? 'error' : 'warning';
    for (const pod of podSites(ctx)) {
      const owner = new Map<string, string | undefined>();
      for (const s of containerSites(pod).filter(isLongRunning)) {
        for (const p of containerPorts(s.container)) {
          if (p.name === undefined) continue;
          if (owner.has(p.name)) {
            out.push({
              document: pod.document,
              path: `${s.path}/ports/${p.index}/name`,
              severity,
              message: `port name "${p.name}" of container "${s.name}" is also used by container "${owner.get(p.name)}"`,
            });
          } else owner.set(p.name, s.name);
        }
      }
    }
    return out;
  },
};

export const PATTERN_RULES: Rule[] = [
  sharedVolumeRule,
  ambassadorLoopbackRule,
  metricsPortRule,
  adapterScrapeTargetRule,
  portUniqueRule,
];
