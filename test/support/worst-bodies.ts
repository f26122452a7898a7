// The most expensive request bodies we can design for each endpoint, each as large as the body limit
// allows: maximal arrays of every kind, deep nesting, many documents, long strings, many findings.
// Each generator takes a count and the test grows it until the body fills the limit.
import { stringify } from 'yaml';
import { LIMITS } from '../../src/core/model/limits.js';

export interface WorstBody {
  label: string;
  method: 'POST' | 'GET';
  url: string;
  contentType?: string;
  accept?: string;
  body?: string;
}

const APP = { name: 'worst', image: 'ghcr.io/acme/worst:1.0.0' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The largest body a generator makes within `limit` bytes: the count is extrapolated from a small
 * body, then scaled by how far the body misses the limit until it fills 99% of it. A generator that
 * caps its own count gives its largest body.
 */
export function fill(limit: number, make: (n: number) => string, start = 1): string {
  const size = (n: number) => Buffer.byteLength(make(n));
  let best = start;
  let n = start;
  let previous = 0;
  for (let step = 0; step < 12; step++) {
    const s = size(n);
    if (s === previous) break; // the generator caps its count
    previous = s;
    if (s <= limit) {
      best = Math.max(best, n);
      if (s > limit * 0.99) break;
    }
    const next = Math.max(start, Math.floor((n * limit * 0.995) / s));
    if (next === n) break;
    n = next;
  }
  return make(best);
}

const port = (i: number) => ({ name: `p${i}`, containerPort: (i % 65535) + 1 });
const env = (i: number) =>
  i % 2 ? { name: `E${i}`, value: 'v' } : { name: `E${i}`, valueFrom: { secretKeyRef: { name: 's', key: `k${i}` } } };
const customSidecar = (i: number) => ({
  preset: 'custom',
  name: `s${i}`,
  image: 'busybox:1.36',
  ports: range(32).map((j) => ({ name: `c${i}x${j}`.slice(0, 15), containerPort: 10000 + i * 32 + j })),
  env: range(256).map((j) => ({ name: `S${j}`, value: 'x' })),
  mounts: range(32).map((j) => ({ volume: `v${j}`, mountPath: `/m/${j}` })),
  writablePaths: range(32).map((j) => `/w/${j}`),
});
const httpEgress = (i: number) => ({
  preset: 'http-egress',
  name: `a${i}`,
  upstream: `https://api${i}.example.com`,
  listenPort: 9000 + i,
  headers: range(32).map((j) => ({ name: `X-H${j}`, value: 'v'.repeat(64) })),
  routes: range(32).map((j) => ({ pathPrefix: `/r${j}/`, upstream: `https://r${j}.example.com` })),
});

/** createBundle (and createChart) bodies: valid or not, each as large as the limit allows. */
export function appBodies(limit: number): { label: string; body: string }[] {
  const app = (extra: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
    JSON.stringify({ app: { ...APP, ...extra }, ...rest });
  const long = (n: number) => 'a'.repeat(n);
  const helpers = LIMITS.helpersPerKind;
  /** every array and map of the app at its cap; long annotation values fill the rest */
  const appAtCaps = (n: number) => ({
    ports: range(LIMITS.ports).map(port),
    // plain values: a valueFrom entry is three objects, and 1024 of them pass the object cap
    env: range(LIMITS.env).map((i) => ({ name: `E${i}`, value: 'v' })),
    command: range(LIMITS.commandItems).map(String),
    args: range(LIMITS.commandItems).map(String),
    labels: Object.fromEntries(range(LIMITS.labels).map((i) => [`l${i}`, 'v'])),
    annotations: Object.fromEntries(range(LIMITS.annotations).map((i) => [`a${i}`, long(n)])),
    podAnnotations: Object.fromEntries(range(LIMITS.annotations).map((i) => [`a${i}`, 'v'])),
    securityContext: { writablePaths: range(LIMITS.writablePaths).map((i) => `/w/${i}`) },
    probes: {
      readiness: {
        httpGet: {
          path: '/',
          port: 'p0',
          httpHeaders: range(LIMITS.probeHeaders).map((i) => ({ name: `X-${i}`, value: 'v' })),
        },
      },
      liveness: { exec: { command: range(LIMITS.execItems).map(String) } },
    },
  });
  /**
   * ... and every helper list at its cap, each helper with every array at its cap: far more objects
   * than a request may hold
   */
  const atCaps = (n: number) =>
    app(appAtCaps(n), {
      sidecars: range(helpers).map(customSidecar),
      ambassadors: range(helpers).map(httpEgress),
      adapters: range(helpers).map((i) => ({
        preset: 'prometheus-exporter',
        name: `x${i}`,
        source: 'statsd',
        metricsPort: 9300 + i,
        statsdPort: 9400 + i,
      })),
    });
  /** the body, the app and each helper are objects too: what is left of LIMITS.objects goes to env entries */
  const envPerSidecar = Math.floor((LIMITS.objects - 2 - helpers * (1 + 64)) / helpers);
  return [
    { label: 'every array and map at its cap', body: fill(limit, atCaps) },
    { label: 'the app with every array and map at its cap', body: fill(limit, (n) => app(appAtCaps(n))) },
    {
      label: 'custom sidecars holding as many objects as a request may',
      body: app(
        {},
        {
          sidecars: range(helpers).map((i) => ({
            ...customSidecar(i),
            env: range(envPerSidecar).map((j) => ({ name: `S${j}`, value: 'x' })),
          })),
        },
      ),
    },
    {
      label: 'many ports',
      body: fill(limit, (n) =>
        app({ ports: range(n).map(port), probes: { readiness: { tcpSocket: { port: `p${n - 1}` } } } }),
      ),
    },
    {
      label: 'many ports, duplicate names',
      body: fill(limit, (n) => app({ ports: range(n).map((i) => ({ ...port(i), name: 'http' })) })),
    },
    { label: 'many env entries', body: fill(limit, (n) => app({ env: range(n).map(env) })) },
    {
      label: 'many env entries, duplicate names',
      body: fill(limit, (n) => app({ env: range(n).map(() => ({ name: 'A', value: 'b' })) })),
    },
    {
      label: 'many command and args items',
      body: fill(limit, (n) => app({ command: range(n).map(String), args: range(n).map(String) })),
    },
    {
      label: 'many labels',
      body: fill(limit, (n) => app({ labels: Object.fromEntries(range(n).map((i) => [`l${i}`, 'v'])) })),
    },
    {
      label: 'many annotations',
      body: fill(limit, (n) =>
        app({
          annotations: Object.fromEntries(range(n).map((i) => [`a${i}`, 'v'])),
          podAnnotations: Object.fromEntries(range(n).map((i) => [`a${i}`, 'v'])),
        }),
      ),
    },
    {
      label: 'many writable paths',
      body: fill(limit, (n) => app({ securityContext: { writablePaths: range(n).map((i) => `/w/${i}`) } })),
    },
    {
      label: 'many probe headers and exec items',
      body: fill(limit, (n) =>
        app({
          probes: {
            readiness: {
              httpGet: { path: '/', port: 8080, httpHeaders: range(n).map((i) => ({ name: `X-${i}`, value: 'v' })) },
            },
            liveness: { exec: { command: range(n).map(String) } },
          },
        }),
      ),
    },
    {
      label: 'too many helpers',
      body: fill(limit, (n) =>
        app({}, { sidecars: range(n).map((i) => ({ preset: 'custom', name: `s${i}`, image: 'busybox' })) }),
      ),
    },
    {
      label: 'custom sidecars with every array at its cap',
      body: app({}, { sidecars: range(helpers).map(customSidecar) }),
    },
    {
      label: 'log forwarders with long regexes',
      body: app(
        {},
        {
          sidecars: range(helpers).map((i) => ({
            preset: 'log-forwarder',
            name: `l${i}`,
            logDir: `/var/log/l${i}`,
            parser: 'regex',
            regex: `^(?<m>${'a'.repeat(2000)})$`,
            output: { type: 'stdout' },
          })),
        },
      ),
    },
    {
      label: 'http-egress ambassadors with every array at its cap',
      body: app({}, { ambassadors: range(helpers).map(httpEgress) }),
    },
    {
      label: 'many invalid ports (one error each)',
      body: fill(limit, (n) => app({ ports: range(n).map((i) => ({ name: `P_${i}`, containerPort: 0 })) })),
    },
    {
      label: 'many unknown fields',
      body: fill(limit, (n) => app(Object.fromEntries(range(n).map((i) => [`imagePullPolicie${i}`, 1])))),
    },
    { label: 'one long unknown field name', body: fill(limit, (n) => app({ [`imagePullPolicy${long(n)}`]: 1 }), 1024) },
    {
      label: 'long strings in every field',
      body: fill(
        limit,
        (n) =>
          app({
            name: long(n),
            namespace: long(n),
            image: long(n),
            component: long(n),
            env: [{ name: long(n), value: long(n) }],
            labels: { [long(n)]: long(n) },
          }),
        1024,
      ),
    },
    {
      label: 'long invalid strings (grammar backtracking)',
      body: fill(
        limit,
        (n) =>
          app({
            name: `${'a-'.repeat(n)}!`,
            namespace: `${'a.'.repeat(n)}-`,
            storage: { mountPath: '/d', size: `${'1'.repeat(n)}x`, storageClassName: `${'a-'.repeat(n)}.` },
          }),
        1024,
      ),
    },
    { label: 'one long env value', body: fill(limit, (n) => app({ env: [{ name: 'BIG', value: long(n) }] }), 1024) },
    // written as text: JSON.stringify itself cannot go this deep
    {
      label: 'deeply nested unknown field',
      body: fill(limit, (n) => app({ extra: 0 }).replace('0', `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`), 1024),
    },
    {
      label: 'deeply nested arrays in a label',
      body: fill(limit, (n) => app({ labels: { a: 0 } }).replace('0', `${'['.repeat(n)}${']'.repeat(n)}`), 1024),
    },
    {
      label: 'deeply nested preset items',
      body: fill(limit, (n) => app({}, { sidecars: 0 }).replace('0', `${'['.repeat(n)}${']'.repeat(n)}`), 1024),
    },
  ];
}

/** A Deployment with n containers, each with ports, env and mounts, most of it breaking rules. */
function crowdedDeployment(n: number, perContainer = 4): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'crowded', labels: { app: 'crowded' } },
    spec: {
      selector: { matchLabels: { app: 'crowded' } },
      template: {
        metadata: { labels: { app: 'crowded' } },
        spec: {
          volumes: range(n).map((i) => ({ name: `v${i}`, emptyDir: {} })),
          containers: range(n).map((i) => ({
            name: `c${i}`,
            image: 'busybox',
            securityContext: { privileged: true },
            ports: range(perContainer).map((j) => ({ name: `p${j}`, containerPort: 1000 + j })),
            env: range(perContainer).map((j) => ({
              name: `E${j}`,
              valueFrom: { secretKeyRef: { name: `s${i}`, key: 'k' } },
            })),
            volumeMounts: [
              { name: `v${i}`, mountPath: '/v' },
              { name: `missing${i}`, mountPath: '/m' },
            ],
            readinessProbe: { httpGet: { port: `nope${i}` } },
          })),
        },
      },
    },
  };
}

const pod = (i: number, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${i}`, labels },
  spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: 80 }] }] },
});
const service = (i: number, selector: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `s${i}` },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
});
const networkPolicy = (i: number) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `n${i}` },
  spec: {
    podSelector: { matchLabels: { app: 'x' } },
    ingress: [{ ports: [{ port: 'web' }] }],
    egress: [{ ports: [{ port: 'dns' }] }],
  },
});

const yamlStream = (objects: unknown[]) => objects.map((o) => stringify(o)).join('---\n');

/** validateBundle bodies as YAML text (and a JSON form of some). */
export function manifestBodies(
  limit: number,
  yamlLimit: number,
): { label: string; contentType: string; body: string }[] {
  const yaml = (label: string, make: (n: number) => unknown[], start = 1) => ({
    label,
    contentType: 'application/yaml',
    body: fill(yamlLimit, (n) => yamlStream(make(n)), start),
  });
  const json = (label: string, make: (n: number) => unknown[], start = 1) => ({
    label: `${label} (JSON)`,
    contentType: 'application/json',
    body: fill(limit, (n) => JSON.stringify({ manifests: make(n) }), start),
  });
  const crowded = (n: number) => [crowdedDeployment(n)];
  const selecting = (n: number) =>
    range(Math.min(n, 500)).flatMap((i) => [pod(i, { app: 'x' }), service(i, { app: 'x' })]);
  const policies = (n: number) => range(Math.min(n, 500)).flatMap((i) => [pod(i, { app: 'x' }), networkPolicy(i)]);
  const manyKeys = (n: number) => [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: Object.fromEntries(range(n).map((i) => [`bad key ${i}`, 'v'])) },
      data: Object.fromEntries(range(n).map((i) => [`k${i}`, 'v'])),
    },
  ];
  // the same findings spread over many objects: each object's are listed up to the per-object cap, so
  // tens of thousands are listed before the report's cut (and the view of many small objects is paid)
  const keyed = (o: number, keys: number) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `c${o}`, labels: Object.fromEntries(range(keys).map((i) => [`bad key ${i}`, 'v'])) },
    data: Object.fromEntries(range(keys).map((i) => [`k${i}`, 'v'])),
  });
  return [
    yaml('one Deployment with many containers', crowded),
    json('one Deployment with many containers', crowded),
    yaml('Services and Pods that all select each other', selecting),
    yaml('NetworkPolicies and Pods that all select each other', policies),
    yaml('many keys with findings', manyKeys),
    json('many keys with findings', manyKeys),
    yaml('many objects with findings', (n) => range(Math.min(n, 1000)).map((o) => keyed(o, 8))),
    json('many objects with findings', (n) => range(1000).map((o) => keyed(o, n))),
    {
      label: 'many duplicate keys',
      contentType: 'application/yaml',
      body: fill(
        yamlLimit,
        (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${'  k: v\n'.repeat(n)}`,
      ),
    },
    { label: 'many empty documents', contentType: 'application/yaml', body: fill(yamlLimit, (n) => '---\n'.repeat(n)) },
    {
      label: 'too many documents',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => 'kind: Pod\n---\n'.repeat(n)),
    },
    {
      label: 'deep nesting',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `kind: Pod\nspec: ${'['.repeat(n)}${']'.repeat(n)}\n`, 64),
    },
    {
      label: 'deep nesting within the limit',
      contentType: 'application/yaml',
      body: fill(
        yamlLimit,
        (n) =>
          `kind: Pod\nspec:\n${range(n)
            .map(
              () =>
                `${range(60)
                  .map((d) => `${'  '.repeat(d + 1)}a${d}:`)
                  .join('\n')} 1\n`,
            )
            .join('')}`,
      ),
    },
    {
      label: 'one long string',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `kind: Pod\nmetadata:\n  name: ${'a'.repeat(n)}\n`, 1024),
    },
    {
      label: 'one long key',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `kind: Pod\nmetadata:\n  ${'a'.repeat(n)}: 1\n`, 1024),
    },
    {
      label: 'alias bomb',
      contentType: 'application/yaml',
      body: `a: &a [x, x, x, x, x, x, x, x, x, x]\n${range(20)
        .map(
          (i) =>
            `b${i}: &b${i} [${range(10)
              .map(() => (i ? `*b${i - 1}` : '*a'))
              .join(', ')}]`,
        )
        .join('\n')}\n`,
    },
    yaml('many Pods', (n) =>
      range(Math.min(n, 1000)).map((i) => ({
        ...pod(i, { app: `a${i}` }),
        spec: {
          containers: range(8).map((j) => ({ name: `c${j}`, image: 'busybox', securityContext: { privileged: true } })),
        },
      })),
    ),
  ];
}

/** createBundle (and createChart) bodies as one YAML document, and a JSON body that repeats a member. */
export function requestTextBodies(
  limit: number,
  yamlLimit: number,
): { label: string; contentType: string; body: string }[] {
  const head = `app:\n  name: ${APP.name}\n  image: ${APP.image}\n`;
  return [
    {
      label: 'YAML request: many env entries',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => stringify({ app: { ...APP, env: range(n).map(env) } })),
    },
    {
      label: 'YAML request: many labels',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) =>
        stringify({ app: { ...APP, labels: Object.fromEntries(range(n).map((i) => [`l${i}`, 'v'])) } }),
      ),
    },
    {
      label: 'YAML request: many duplicate keys',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `${head}  labels:\n${'    k: v\n'.repeat(n)}`),
    },
    {
      label: 'YAML request: deep nesting',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `${head}  labels: ${'['.repeat(n)}${']'.repeat(n)}\n`, 64),
    },
    {
      label: 'YAML request: many documents',
      contentType: 'application/yaml',
      body: fill(yamlLimit, (n) => `${head}---\n`.repeat(n)),
    },
    {
      label: 'YAML request: alias bomb',
      contentType: 'application/yaml',
      body: `${head}a: &a [x, x, x, x, x, x, x, x, x, x]\n${range(20)
        .map(
          (i) =>
            `b${i}: &b${i} [${range(10)
              .map(() => (i ? `*b${i - 1}` : '*a'))
              .join(', ')}]`,
        )
        .join('\n')}\n`,
    },
    {
      label: 'JSON request: many duplicate keys',
      contentType: 'application/json',
      body: fill(limit, (n) => `{"app":{"name":"worst","image":"x","labels":{${'"k":"v",'.repeat(n)}"k":"v"}}}`),
    },
    {
      label: 'JSON request: many distinct keys',
      contentType: 'application/json',
      body: fill(limit, (n) =>
        JSON.stringify({ app: { ...APP, extra: Object.fromEntries(range(n).map((i) => [`k${i}`, i])) } }),
      ),
    },
  ];
}

/** Every worst body of every endpoint, as requests. */
export function worstRequests(limit: number, yamlLimit: number): WorstBody[] {
  const json = 'application/json';
  return [
    ...appBodies(limit).flatMap(({ label, body }): WorstBody[] => [
      { label: `createBundle: ${label}`, method: 'POST', url: '/v1/bundles', contentType: json, body },
      {
        label: `createBundle (YAML): ${label}`,
        method: 'POST',
        url: '/v1/bundles',
        contentType: json,
        accept: 'application/yaml',
        body,
      },
      { label: `createChart: ${label}`, method: 'POST', url: '/v1/charts', contentType: json, body },
    ]),
    ...requestTextBodies(limit, yamlLimit).flatMap(({ label, contentType, body }): WorstBody[] => [
      { label: `createBundle: ${label}`, method: 'POST', url: '/v1/bundles', contentType, body },
      { label: `createChart: ${label}`, method: 'POST', url: '/v1/charts', contentType, body },
    ]),
    ...manifestBodies(limit, yamlLimit).flatMap(({ label, contentType, body }): WorstBody[] => [
      { label: `validateBundle: ${label}`, method: 'POST', url: '/v1/validations', contentType, body },
      {
        label: `validateBundle (SARIF): ${label}`,
        method: 'POST',
        url: '/v1/validations',
        contentType,
        accept: 'application/sarif+json',
        body,
      },
    ]),
    { label: 'listPatterns', method: 'GET', url: '/v1/patterns' },
    { label: 'listRules', method: 'GET', url: '/v1/rules' },
  ];
}
