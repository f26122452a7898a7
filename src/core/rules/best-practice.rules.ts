// Best-practice layer: what the API server accepts but production regrets. Warnings and info only.
import { podExample, webService } from './examples.js';
import { allContainerSites, asObj, containerSites, isLongRunning, objEntries, podSites } from './pod-spec.js';
import { podsBehindServices } from './service.rules.js';
import type { RawFinding, Rule } from './rule.js';

const webContainer = (lines: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
${lines}`);

export const resourcesSetRule: Rule = {
  id: 'bp.resources',
  layer: 'best-practice',
  severity: 'warning',
  title: 'Containers request CPU and memory and limit memory',
  rationale:
    'Without requests the scheduler packs pods blindly and the pod is the first evicted under ' +
    'pressure; without a memory limit one leak can starve the node.',
  seeAlso: [
    'kube-linter (unset-cpu-requirements, unset-memory-requirements)',
    'kube-score (container-resources)',
    'Polaris',
  ],
  examples: {
    failing: webContainer(''),
    passing: webContainer(
      '      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          memory: 256Mi\n',
    ),
    at: { path: '/spec/containers/0/resources', line: 7 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const site of allContainerSites(ctx).filter(isLongRunning)) {
      const r = asObj(site.container.resources) ?? {};
      const missing = [
        asObj(r.requests)?.cpu === undefined ? 'requests.cpu' : '',
        asObj(r.requests)?.memory === undefined ? 'requests.memory' : '',
        asObj(r.limits)?.memory === undefined ? 'limits.memory' : '',
      ].filter(Boolean);
      if (missing.length)
        out.push({
          document: site.pod.document,
          path: `${site.path}/resources`,
          message: `container "${site.name}" sets no ${missing.join(', ')}`,
        });
    }
    return out;
  },
};

/** A Service sending traffic to pods labelled app=web, and such a Pod, whose container declares no ports. */
const servedPod = (probes: string) => `${webService(8080)}---
${podExample(
  `  containers:
    - name: web
      image: nginx:1.27
      livenessProbe:
        tcpSocket:
          port: 8080
${probes}`,
  '    app: web\n',
)}`;

export const probesSetRule: Rule = {
  id: 'bp.probes',
  layer: 'best-practice',
  severity: 'warning',
  title: 'Containers that serve traffic have a readiness probe; containers have a liveness probe',
  rationale:
    'Without a readiness probe a Service sends traffic to a container that is still starting (warning): ' +
    'a container that declares ports needs one, and so does a pod a Service of the bundle selects, ' +
    'whether or not its containers declare their ports (declaring them is informational); there one ' +
    'probe on any container gates the whole pod. ' +
    'Without a liveness probe a hung process is never restarted (info).',
  seeAlso: ['kube-linter (no-readiness-probe, no-liveness-probe)', 'kube-score (container-probes)', 'Polaris'],
  examples: {
    failing: servedPod(''),
    passing: servedPod('      readinessProbe:\n        httpGet:\n          path: /\n          port: 8080\n'),
    at: { path: '/spec/containers/0/readinessProbe', line: 21 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const served = podsBehindServices(ctx);
    for (const pod of podSites(ctx)) {
      const sites = containerSites(pod).filter(isLongRunning);
      // a served pod is Ready when every container is: one readiness probe gates its traffic
      const gated = !served.has(pod) || sites.some((s) => asObj(s.container.readinessProbe));
      for (const site of sites) {
        const c = site.container;
        const document = pod.document;
        if (!asObj(c.readinessProbe)) {
          if (objEntries(c.ports).length)
            out.push({
              document,
              path: `${site.path}/readinessProbe`,
              message: `container "${site.name}" serves ports but has no readinessProbe`,
            });
          else if (!gated && site.list === 'containers')
            out.push({
              document,
              path: `${site.path}/readinessProbe`,
              message: `container "${site.name}" is in a pod a Service sends traffic to, and no container of the pod has a readinessProbe`,
            });
        }
        if (!asObj(c.livenessProbe))
          out.push({
            document,
            path: `${site.path}/livenessProbe`,
            severity: 'info',
            message: `container "${site.name}" has no livenessProbe`,
          });
      }
    }
    return out;
  },
};

/** The tag of an image reference, if any (a registry port is not a tag). */
export function imageTag(image: string): { tag?: string; digest: boolean } {
  const digest = image.includes('@');
  const name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return { ...(colon >= 0 ? { tag: name.slice(colon + 1) } : {}), digest };
}

export const imageTagRule: Rule = {
  id: 'bp.image-tag',
  layer: 'best-practice',
  severity: 'warning',
  title: 'Images are pinned to a tag other than latest, or to a digest',
  rationale:
    'An untagged or :latest image changes under the workload: two replicas can run different code, ' +
    'and a rollback does not roll back the image.',
  seeAlso: ['kube-linter (latest-tag)', 'kube-score (container-image-tag)', 'Polaris (tagNotSpecified)'],
  examples: {
    failing: podExample('  containers:\n    - name: web\n      image: nginx:latest\n'),
    passing: podExample('  containers:\n    - name: web\n      image: nginx:1.27.4\n'),
    at: { path: '/spec/containers/0/image', line: 8 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const site of allContainerSites(ctx)) {
      const image = site.container.image;
      if (typeof image !== 'string' || !image) continue;
      const { tag, digest } = imageTag(image);
      if (!digest && (tag === undefined || tag === 'latest')) {
        out.push({
          document: site.pod.document,
          path: `${site.path}/image`,
          message: `image "${image}" of container "${site.name}" is not pinned (${tag ? ':latest' : 'no tag'}); use a version tag or a digest`,
        });
      }
    }
    return out;
  },
};

export const readOnlyRootRule: Rule = {
  id: 'bp.read-only-root-fs',
  layer: 'best-practice',
  severity: 'info',
  title: 'Containers run with a read-only root file system',
  rationale:
    "A read-only root file system stops an attacker (or a bug) from changing the image's files; the " +
    'paths a program writes to get their own emptyDir volumes.',
  seeAlso: ['kube-linter (no-read-only-root-fs)', 'kube-score', 'Polaris (notReadOnlyRootFilesystem)'],
  examples: {
    failing: webContainer('      securityContext:\n        readOnlyRootFilesystem: false\n'),
    passing: webContainer('      securityContext:\n        readOnlyRootFilesystem: true\n'),
    at: { path: '/spec/containers/0/securityContext/readOnlyRootFilesystem', line: 10 },
  },
  check(ctx) {
    return allContainerSites(ctx)
      .filter((s) => isLongRunning(s) && asObj(s.container.securityContext)?.readOnlyRootFilesystem !== true)
      .map((s) => ({
        document: s.pod.document,
        path: `${s.path}/securityContext/readOnlyRootFilesystem`,
        message: `container "${s.name}" has a writable root file system`,
      }));
  },
};

export const BEST_PRACTICE_RULES: Rule[] = [resourcesSetRule, probesSetRule, imageTagRule, readOnlyRootRule];
