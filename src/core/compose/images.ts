// Default helper images: the one place where tags are pinned. Each entry also states the numeric
// user the image runs as, because runAsNonRoot cannot be verified for a named USER.

export interface ImageDefault {
  image: string;
  /** uid/gid the container runs as; images that default to root get a non-root uid that still works. */
  runAsUser: number;
  runAsGroup: number;
}

export const DEFAULT_IMAGES = {
  fluentBit: { image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.10', runAsUser: 65534, runAsGroup: 65534 },
  // USER fluent: `useradd -r` / `groupadd -r` on ruby:3.2-slim-bookworm allocate the first system id, 999
  fluentd: { image: 'docker.io/fluent/fluentd:v1.17.1-debian-1.0', runAsUser: 999, runAsGroup: 999 },
  gitSync: { image: 'registry.k8s.io/git-sync/git-sync:v4.4.0', runAsUser: 65533, runAsGroup: 65533 },
  nginx: { image: 'docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine', runAsUser: 101, runAsGroup: 101 },
  haproxy: { image: 'docker.io/library/haproxy:3.0.9-alpine', runAsUser: 99, runAsGroup: 99 },
  // twemproxy has no official image; Bitnami's (uid 1001, nutcracker and bash on PATH) is no longer
  // updated under bitnamilegacy: callers should set `image` to a build of their own with the same.
  twemproxy: { image: 'docker.io/bitnamilegacy/twemproxy:0.5.0-debian-12-r12', runAsUser: 1001, runAsGroup: 1001 },
  // USER 1001:1001 in the image (it writes nothing, so any non-root uid would do)
  nginxExporter: { image: 'docker.io/nginx/nginx-prometheus-exporter:1.4.1', runAsUser: 1001, runAsGroup: 1001 },
  redisExporter: { image: 'docker.io/oliver006/redis_exporter:v1.67.0', runAsUser: 59000, runAsGroup: 59000 },
  // USER 65535:65535 in percona's image. Debian's prometheus-mongodb-exporter is another program
  // (dcu/mongodb_exporter, which refuses --collect-all), not an older build of this one.
  mongodbExporter: { image: 'docker.io/percona/mongodb_exporter:0.43.1', runAsUser: 65535, runAsGroup: 65535 },
  postgresExporter: {
    image: 'quay.io/prometheuscommunity/postgres-exporter:v0.16.0',
    runAsUser: 65534,
    runAsGroup: 65534,
  },
  statsdExporter: { image: 'docker.io/prom/statsd-exporter:v0.28.0', runAsUser: 65534, runAsGroup: 65534 },
  jsonExporter: { image: 'quay.io/prometheuscommunity/json-exporter:v0.6.0', runAsUser: 65534, runAsGroup: 65534 },
  /** the `helm test` pod of generated charts (nc -z against each Service port) */
  busybox: { image: 'docker.io/library/busybox:1.37.0', runAsUser: 65534, runAsGroup: 65534 },
} as const satisfies Record<string, ImageDefault>;

export type ImageKey = keyof typeof DEFAULT_IMAGES;

/**
 * Rewrites an image reference's registry to `mirror` (e.g. "mirror.corp:5000" or
 * "mirror.corp/dockerhub"). References without a registry host are docker.io ones.
 */
export function mirrorImage(image: string, mirror: string | undefined): string {
  if (!mirror) return image;
  const m = mirror.replace(/\/+$/, '');
  const { registry, path: rest } = splitRegistry(image);
  const path = !registry && !rest.includes('/') ? `library/${rest}` : rest;
  return `${m}/${path}`;
}

/**
 * The registry host of an image reference ("" when it names none: a docker.io image) and the rest.
 * The first path segment is a registry when it has a "." or ":" or is "localhost", as Docker reads it.
 */
export function splitRegistry(image: string): { registry: string; path: string } {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? { registry: first, path: image.slice(first.length + 1) } : { registry: '', path: image };
}
