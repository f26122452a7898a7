// What the published schema accepts, every consumer accepts. Requests are drawn from the schemas
// of the service's own OpenAPI document (/docs/openapi.json: the app, the target and every preset),
// checked with ajv, made unique where a pod needs it (helper names, listening ports, mount paths,
// env var names), and sent to the service. Each answer must be a 200, or a 4xx for one of the few
// genuine conflicts listed in GENUINE_CONFLICTS. Of each 200: every object passes
// kubernetes-models, identical requests give identical bytes, and then, batched for speed, the
// real kubectl reads the YAML bundle back as the JSON bundle, every nginx / HAProxy / twemproxy
// config passes `nginx -t` / `haproxy -c` / `nutcracker -t`, and for a sample the chart lints clean
// and `helm template` renders the bundle.
//
// PROPERTY_RUNS (default 100) sets the number of requests, PROPERTY_SEED the seed (printed either
// way). The in-process checks shrink a failure to a minimal request; the batched program checks
// print the failing requests whole.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../src/core/model/bundle.js';
import { comparable, helm, writeChart } from './charts/helm-run.js';
import { ambassadorsOf, checkAmbassadorConfig } from './support/ambassador-checks.js';
import { startTestApp } from './support/app.js';
import { firstDiff, kubectlReadBack, readBackDifference, sortedJson } from './support/kubectl.js';
import { SpecSchemas, type OpenApiDocument } from './support/openapi-spec.js';
import { schemaProblems } from './support/pod-template.js';
import { propertySeed } from './support/property-seed.js';
import { arbitraryOf } from './support/schema-arbitrary.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
// A fixed seed by default, so that the suite's verdict is repeatable; PROPERTY_SEED explores new ground
// (seeds 4242 and 1044285074 still find the unquoted chart names listed in the README).
const SEED = propertySeed();
/** charts linted and rendered per run */
const CHART_SAMPLE = Math.max(3, Math.round(RUNS / 50));

/**
 * The 4xx answers a valid, unique request may still get: conflicts between fields that no
 * single-field schema can state (each is listed in the field's description in the document).
 */
const GENUINE_CONFLICTS: { why: string; detail: RegExp }[] = [
  {
    why: 'storage is for a StatefulSet only',
    detail: /^\/app\/storage: storage \(volumeClaimTemplates\) needs workload "StatefulSet"/,
  },
  {
    why: 'autoscaling: minReplicas <= maxReplicas',
    detail: /^\/app\/autoscaling\/minReplicas: minReplicas \(\d+\) is more than maxReplicas/,
  },
  {
    why: 'autoscaling: a utilisation target needs the matching app request',
    detail: /^\/app\/autoscaling\/target\w+: utilisation is use divided by request/,
  },
  {
    why: 'autoscaling: replicas within minReplicas..maxReplicas',
    detail: /^\/app\/replicas: with autoscaling the HPA keeps the count between/,
  },
  {
    why: 'an ipBlock except entry lies strictly inside its cidr',
    detail: /\/ipBlock\/except\/\d+: \S+ must be a smaller range inside/,
  },
  {
    why: "git-sync auth fits the repository URL's transport",
    detail: /^\/sidecars\/\d+\/auth\/(type: (basic|ssh) auth (needs|over)|\w+: \w+ does not apply to auth type)/,
  },
  {
    why: 'a field that belongs to another variant (log output type, exporter source) or that its variant requires',
    detail:
      /(takes no user or password|passwordSecret needs a user|does not apply to (source|output type|auth type)|is required for source \w+|\/regex: regex is required|\/output\/host: host is required)/,
  },
  {
    why: 'contents no schema keyword can judge: a regex must compile with a named group, a statsd mapping must be its YAML',
    detail:
      /\/(regex|mappingConfig): (not a valid regular expression|the regex needs at least one named group|the regex must be a single line|premature end of character class|empty character class|unterminated \(\?# comment|invalid pattern in look-behind|group name "|a numbered backreference|not valid YAML|must be a statsd_exporter mapping file)/,
  },
  {
    why: 'a matchExpressions operator decides whether values are given',
    detail: /\/matchExpressions\/\d+\/values: operator \w+ (takes no values|needs at least one value)/,
  },
  {
    why: 'nativeSidecars "always" needs a target of 1.29 or later',
    detail: /^\/target\/nativeSidecars: native sidecars .* need Kubernetes 1\.29 or later/,
  },
  {
    why: 'a request above the limit the user gave for the same resource',
    detail: /^container\.resources: requests\.[\w-]+ is above limits\.[\w-]+/,
  },
  {
    why: 'a probe names a port the container does not have',
    detail:
      /^container\.probe: \w+ of container "[^"]+" uses port "[^"]+", which is not a port name of that container|\/probes\/\w+\/\w+\/port: no port named "[^"]+" in this container's ports/,
  },
  {
    why: 'a pod has one set of prometheus.io scrape annotations: a second exporter must turn them off',
    detail: /^pattern\.metrics-port: adapter "[^"]+" would set prometheus\.io\/\w+=/,
  },
  {
    why: "app.metrics.port names a port on the app's Service",
    detail:
      /^\/app\/metrics\/port: the app has no Service port \S+; (the Service's ports are|the app exposes no ports on its Service)/,
  },
  {
    why: 'engine "fluentd" carries fewer output types and parsers than Fluent Bit',
    detail:
      /\/(output\/type|parser|regex): (engine "fluentd" has no \w+ (output|parser)|with engine "fluentd" the regex cannot contain "#")/,
  },
  {
    why: 'a read-only mount of an emptyDir needs a container of the pod that writes it',
    detail: /^pattern\.shared-volume: container "[^"]+" reads emptyDir "[^"]+", which no container of the pod writes/,
  },
  {
    why: 'runAsUser 0 (root) needs target.podSecurity "baseline" (refused at the request\'s own pointer)',
    detail: /\/securityContext\/runAsUser: runAsUser 0 \(root\) is not allowed at Pod Security level "restricted"/,
  },
  {
    why: 'redis-shards: each server its own address and name (a part of a string: no uniqueItems can say it)',
    detail: /\/servers\/\d+: "[^"]*" is already \/\S+\/servers\/\d+; each server needs its own address and name/,
  },
  {
    why: 'runAsUser 0 (root) needs target.podSecurity "baseline"',
    detail: /^pss\.run-as-user: container "[^"]+" must not run as user 0 \(Pod Security restricted/,
  },
  {
    why: 'a toleration: Exists takes no value, no key needs Exists, tolerationSeconds needs NoExecute',
    detail:
      /\/tolerations\/\d+\/(value|operator|tolerationSeconds): (operator "Exists" matches any value|a toleration without a key matches every taint|tolerationSeconds applies only to effect "NoExecute")/,
  },
  {
    why: 'a node selector requirement: Gt and Lt take one integer, matchFields only metadata.name with In or NotIn and one value',
    detail:
      /\/match(Expressions|Fields)\/\d+\/(values|key|operator): (operator \w+ (takes exactly one value, an integer|takes no values|needs at least one value)|matchFields takes only the key "metadata\.name"|matchFields takes operator In or NotIn)/,
  },
  {
    why: 'topology spread: minDomains only with DoNotSchedule, one constraint per topologyKey and whenUnsatisfiable',
    detail:
      /\/topologySpreadConstraints\/\d+\/(minDomains: minDomains applies only with whenUnsatisfiable "DoNotSchedule"|topologyKey: topologyKey "[^"]+" with whenUnsatisfiable "\w+" is already constrained by)/,
  },
  {
    why: 'matchLabelKeys (spread and pod affinity): beside a labelSelector, apart from its keys and from mismatchLabelKeys',
    detail:
      /\/(matchLabelKeys\/\d+: "[^"]+" is in both matchLabelKeys and (labelSelector|mismatchLabelKeys)|(mis)?matchLabelKeys: (mis)?matchLabelKeys is only allowed beside a labelSelector)/,
  },
  {
    why: 'app.volumes: names and mount paths are unique each (uniqueItems compares whole items)',
    detail: /^\/app\/volumes: (volume names|mountPaths) must be unique/,
  },
  {
    why: "app.volumes: a name or mount path the app (or a helper's mount in the app) already has",
    detail:
      /\/app\/volumes\/\d+\/(name|mountPath): ("[^"]+" is the volume of app\.storage|the pod already has a volume|the app already mounts volume)|\/appMountPath: the app already mounts volume "[^"]+" at/,
  },
  {
    why: 'dnsTo and extraEgress rules need egress "restricted"',
    detail: /^\/app\/networkPolicy\/(dnsTo|extraEgress): \w+ applies only with egress "restricted"/,
  },
  {
    why: "an Ingress path or HTTPRoute rule goes to a port of the app's Service",
    detail:
      /^\/app\/(ingress\/hosts\/\d+\/paths\/\d+|httpRoute\/rules\/\d+)\/port: (the Service has no port \S+|there is no Service port to route to);/,
  },
  {
    why: "an Ingress's TLS hosts are among its hosts",
    detail: /^\/app\/ingress\/tls\/\d+\/hosts\/\d+: TLS host "[^"]+" is not among the Ingress hosts/,
  },
];

type Json = Record<string, any>;

let app: NestFastifyApplication;
let spec: OpenApiDocument;
let schemas: SpecSchemas;

beforeAll(async () => {
  app = await startTestApp();
  spec = (await app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as OpenApiDocument;
  schemas = new SpecSchemas(spec);
});
afterAll(() => app?.close());

function requestArbitrary(): fc.Arbitrary<Json> {
  const all = spec.components.schemas;
  const options = { resolve: (ref: string) => all[ref.split('/').pop()!], maxItems: 2, maxKeys: 2, maxLength: 16 };
  const request = all.BundleRequest;
  const itemsOf = (field: string) =>
    (request.properties[field].items.oneOf as Json[]).map((s) => arbitraryOf(s, options));
  const helpers = [...itemsOf('sidecars'), ...itemsOf('ambassadors'), ...itemsOf('adapters')];
  return fc
    .record(
      {
        app: arbitraryOf(all.App, options),
        helpers: fc.array(fc.oneof(...helpers), { maxLength: 2 }),
        target: arbitraryOf(request.properties.target, options),
      },
      { requiredKeys: ['app', 'helpers'] },
    )
    .map(({ app, helpers, target }) =>
      unique({ app: app as Json, helpers: helpers as Json[], ...(target ? { target } : {}) }),
    );
}

const KIND_OF: Record<string, string> = {
  'log-forwarder': 'sidecars',
  'git-sync': 'sidecars',
  custom: 'sidecars',
  'http-egress': 'ambassadors',
  'tcp-egress': 'ambassadors',
  'redis-shards': 'ambassadors',
  'prometheus-exporter': 'adapters',
  'log-normalizer': 'adapters',
};

/**
 * Pod-level uniqueness, so that a clash is never why a request fails: helper names, every port a
 * container listens on, mount and log paths, env var names.
 */
function unique({ app, helpers, target }: { app: Json; helpers: Json[]; target?: Json }): Json {
  const a = coherent(structuredClone(app));
  if (target?.nativeSidecars === 'always' && Number(target.kubernetesVersion?.split('.')[1] ?? 33) < 29)
    target = { ...target, kubernetesVersion: '1.33' };
  const usedPorts = new Set<number>();
  let next = 20000;
  const freePort = (wanted: unknown): number => {
    if (typeof wanted === 'number' && !usedPorts.has(wanted)) return (usedPorts.add(wanted), wanted);
    while (usedPorts.has(next)) next++;
    usedPorts.add(next);
    return next;
  };
  // port names and Service ports are unique in the pod too
  const usedNames = new Set<string>();
  const freeName = (wanted: string): string => {
    let name = wanted;
    for (let n = 0; usedNames.has(name); n++) name = `p${n}x`;
    usedNames.add(name);
    return name;
  };
  const usedServicePorts = new Set<number>();
  for (const p of a.ports ?? []) {
    p.containerPort = freePort(p.containerPort);
    p.name = freeName(p.name);
    if (p.expose === false) continue;
    let servicePort = p.servicePort ?? p.containerPort;
    while (usedServicePorts.has(servicePort)) servicePort = servicePort >= 65535 ? 1 : servicePort + 1;
    usedServicePorts.add(servicePort);
    if (servicePort !== (p.servicePort ?? p.containerPort)) p.servicePort = servicePort;
  }
  // app.metrics.port names one of the Service's ports, by name or number (no Service port: no metrics)
  if (a.metrics) {
    const exposed = (a.ports ?? []).filter((p: Json) => p.expose !== false);
    if (!exposed.length) delete a.metrics;
    else if (
      !exposed.some((p: Json) => [p.name, p.containerPort, p.servicePort ?? p.containerPort].includes(a.metrics.port))
    )
      a.metrics.port = exposed[0].name;
  }
  if (a.storage) a.storage.mountPath = `/data${a.storage.mountPath}`;
  a.secretMounts?.forEach((m: Json, i: number) => (m.mountPath = `/s${i}${m.mountPath}`));
  a.env?.forEach(
    (e: Json, i: number) => a.env.findIndex((o: Json) => o.name === e.name) < i && (e.name = `${e.name}_E${i}`),
  );
  if (a.securityContext?.writablePaths)
    a.securityContext.writablePaths = a.securityContext.writablePaths.map((p: string, i: number) => `/w${i}${p}`);
  const names = new Set<string>([a.name]);
  const out: Json = { app: a, ...(target ? { target } : {}) };
  helpers.forEach((original, i) => {
    const h = structuredClone(original);
    if (names.has(h.name)) h.name = `${h.name.slice(0, 58)}-h${i}`;
    names.add(h.name);
    // every listening port of the preset: given, or the preset's default, unique in the pod
    const props = spec.components.schemas[presetSchemaName(h.preset)].properties as Json;
    for (const key of Object.keys(props)) {
      if (!/Port$/.test(key) || props[key].type !== 'integer') continue;
      // (statsdPort is read by the statsd source only)
      if (h[key] !== undefined || key !== 'statsdPort' || h.source === 'statsd')
        h[key] = freePort(h[key] ?? Math.max(props[key].minimum ?? 1024, 1024));
    }
    for (const port of h.ports ?? []) {
      port.containerPort = freePort(port.containerPort);
      if (port.name) port.name = freeName(port.name);
    }
    if (h.preset === 'prometheus-exporter') {
      const wanted = h.metricsPortName ?? 'metrics';
      const name = freeName(wanted);
      if (name !== wanted) h.metricsPortName = name;
      // (the metrics Service port is the metrics port: unique among the Service's ports)
      usedServicePorts.add(h.metricsPort);
    }
    for (const key of ['mountPath', 'logDir']) if (typeof h[key] === 'string') h[key] = `/h${i}${h[key]}`;
    // (each mount its own prefix: two mounts of one container at one path are refused)
    h.mounts?.forEach((m: Json, j: number) => {
      for (const key of ['mountPath', 'appMountPath']) if (typeof m[key] === 'string') m[key] = `/h${i}m${j}${m[key]}`;
    });
    h.writablePaths &&= h.writablePaths.map((p: string, j: number) => `/h${i}w${j}${p}`);
    if (typeof h.envName === 'string') h.envName = `${h.envName}_H${i}`;
    // http-egress header names are unique, compared as HTTP compares them (case-insensitively)
    const lower = (x: Json) => String(x.name).toLowerCase();
    h.headers?.forEach(
      (x: Json, j: number) =>
        h.headers.findIndex((o: Json) => lower(o) === lower(x)) < j && (x.name = `${x.name}-${j}`),
    );
    (out[KIND_OF[h.preset]] ??= []).push(h);
  });
  return out;
}

/**
 * Steers the app clear of the cross-field conflicts most drawn requests would hit (each one is
 * still in GENUINE_CONFLICTS for the rarer ways to reach it), so most requests reach the consumers.
 */
function coherent(a: Json): Json {
  if (a.storage) a.workload = 'StatefulSet';
  if (a.securityContext?.runAsUser === 0) a.securityContext.runAsUser = 1000;
  const hpa = a.autoscaling;
  if (hpa) {
    if (hpa.minReplicas > hpa.maxReplicas) [hpa.minReplicas, hpa.maxReplicas] = [hpa.maxReplicas, hpa.minReplicas];
    delete a.replicas;
    a.resources = { ...a.resources, requests: { cpu: '100m', memory: '128Mi', ...a.resources?.requests } };
    if (a.resources.limits) delete a.resources.limits;
  }
  // routes go to the Service's default port, and TLS covers the first host
  if (!(a.ports ?? []).some((p: Json) => p.expose !== false)) {
    delete a.ingress;
    delete a.httpRoute;
  }
  for (const host of a.ingress?.hosts ?? []) for (const path of host.paths ?? []) delete path.port;
  for (const tls of a.ingress?.tls ?? []) tls.hosts = [a.ingress.hosts[0].host];
  for (const rule of a.httpRoute?.rules ?? []) delete rule.port;
  const np = a.networkPolicy;
  if (np && (np.dnsTo?.length || np.extraEgress?.length)) np.egress = 'restricted';
  const peers = np
    ? [
        ...(np.ingressFrom ?? []),
        ...(np.metricsFrom ?? []),
        ...(np.dnsTo ?? []),
        ...(np.extraEgress ?? []).flatMap((e: Json) => e.to ?? []),
      ]
    : [];
  for (const peer of peers) {
    if (peer.ipBlock) delete peer.ipBlock.except;
    for (const selector of [peer.namespaceSelector, peer.podSelector]) {
      for (const e of selector?.matchExpressions ?? []) {
        if (e.operator === 'Exists' || e.operator === 'DoesNotExist') delete e.values;
        else if (!e.values?.length) e.values = ['a'];
      }
    }
  }
  return a;
}

function presetSchemaName(preset: string): string {
  const all = spec.components.schemas.BundleRequest.properties;
  for (const field of ['sidecars', 'ambassadors', 'adapters']) {
    const ref = all[field].items.discriminator.mapping[preset];
    if (ref) return ref.split('/').pop();
  }
  throw new Error(`no schema for preset ${preset}`);
}

interface Answer {
  status: number;
  body: string;
}

async function post(request: Json, accept: string): Promise<Answer> {
  const res = await app.inject({ method: 'POST', url: '/v1/bundles', payload: request, headers: { accept } });
  return { status: res.statusCode, body: res.body };
}

interface Accepted {
  request: Json;
  bundle: Bundle;
  yaml: string;
}

describe(`the published schema is the contract (seed ${SEED}, ${RUNS} requests)`, () => {
  it('every valid request gets a 200 whose output every consumer accepts, or a genuine conflict', async () => {
    console.log(
      `schema property test: seed ${SEED}, ${RUNS} runs (PROPERTY_SEED=${SEED} PROPERTY_RUNS=${RUNS} to repeat)`,
    );
    const requestSchema = spec.components.schemas.BundleRequest;
    const accepted: Accepted[] = [];
    const conflicts = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(), async (request) => {
        const problems = schemas.problems(requestSchema, request);
        fc.pre(problems.length === 0);
        const json = await post(request, 'application/json');
        if (json.status !== 200) {
          const body = JSON.parse(json.body) as Json;
          const details: string[] = [
            ...(body.errors ?? []).map((e: Json) => `${e.pointer}: ${e.detail}`),
            ...(body.findings ?? []).map((f: Json) => `${f.rule}: ${f.message}`),
          ];
          // every error is a genuine conflict
          const explained = details.map((d) => GENUINE_CONFLICTS.find((c) => c.detail.test(d)));
          const unexplained = details.filter((_, i) => !explained[i]);
          expect(
            details.length > 0 && unexplained.length === 0,
            `${json.status} for a valid request:\n${unexplained.join('\n') || json.body}`,
          ).toBe(true);
          expect(json.status).toBeGreaterThanOrEqual(400);
          expect(json.status).toBeLessThan(500);
          for (const c of new Set(explained)) conflicts.set(c!.why, (conflicts.get(c!.why) ?? 0) + 1);
          return;
        }
        const bundle = JSON.parse(json.body) as Bundle;
        expect(schemaProblems(bundle.manifests)).toEqual([]);
        const yaml = await post(request, 'application/yaml');
        expect(yaml.status).toBe(200);
        // identical requests, identical bytes
        expect((await post(request, 'application/json')).body).toBe(json.body);
        expect((await post(request, 'application/yaml')).body).toBe(yaml.body);
        accepted.push({ request, bundle, yaml: yaml.body });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(
      `schema property test: ${accepted.length} accepted, conflicts: ${JSON.stringify(Object.fromEntries(conflicts))}`,
    );
    // the consumers must see a good share of the requests, or the run proves little (a fifth: about a
    // quarter reach them at the default seed; requests above their own limits are the largest share)
    expect(accepted.length, 'too few requests reached the consumers').toBeGreaterThanOrEqual(Math.floor(RUNS / 5));

    const failures: string[] = [];
    // kubectl: one run for every bundle, each bundle alone only when the batch fails
    const batch = await kubectlReadBack(accepted.map((a) => a.yaml).join(''));
    if (batch.objects && batch.objects.length === accepted.reduce((n, a) => n + a.bundle.manifests.length, 0)) {
      let offset = 0;
      for (const a of accepted) {
        const objects = batch.objects.slice(offset, (offset += a.bundle.manifests.length));
        const difference = readBackDifference(a.bundle.manifests, { objects });
        if (difference) failures.push(`kubectl: ${difference}\nrequest: ${JSON.stringify(a.request)}`);
      }
    } else {
      for (const a of accepted) {
        const difference = readBackDifference(a.bundle.manifests, await kubectlReadBack(a.yaml));
        if (difference) failures.push(`kubectl: ${difference}\nrequest: ${JSON.stringify(a.request)}`);
      }
    }
    // the ambassadors' programs
    for (const a of accepted) {
      for (const { name, preset } of ambassadorsOf(a.bundle)) {
        const check = checkAmbassadorConfig(a.bundle, name, preset, secretsOf(a.request));
        if (check.status !== 0)
          failures.push(`${preset} config check failed: ${check.output}\nrequest: ${JSON.stringify(a.request)}`);
      }
    }
    // a sample of charts: helm lint --strict in one run, then helm template against the bundle
    const sample = accepted
      .filter((_, i) => i % Math.max(1, Math.floor(accepted.length / CHART_SAMPLE)) === 0)
      .slice(0, CHART_SAMPLE);
    // (every chart refusal of a request the bundle accepts is a failure: the chart escapes what Go's
    // YAML reader cannot read raw, and a lone surrogate is refused by both endpoints)
    const charts: Awaited<ReturnType<typeof writeChart>>[] = [];
    const charted: Accepted[] = [];
    // (one left out is replaced by the next accepted request, so the sample stays CHART_SAMPLE charts)
    const candidates = [...sample, ...accepted.filter((a) => !sample.includes(a))];
    for (const [i, a] of candidates.entries()) {
      if (charts.length >= CHART_SAMPLE) break;
      try {
        charts.push(await writeChart(a.request as never, `prop-${i}`));
        charted.push(a);
      } catch (error) {
        const errors = (error as { errors?: unknown[] }).errors;
        failures.push(
          `chart refused: ${String(error)} ${JSON.stringify(errors ?? [])}\nrequest: ${JSON.stringify(a.request)}`,
        );
      }
    }
    if (charts.length) {
      const lint = await helm(['lint', '--strict', ...charts.map((c) => c.path)]);
      if (lint.code !== 0)
        failures.push(
          `helm lint: ${lint.stdout}${lint.stderr}\nrequests: ${JSON.stringify(charted.map((a) => a.request))}`,
        );
    }
    for (const [i, chart] of charts.entries()) {
      const a = charted[i];
      // the release is named after the app (the first object may be a ServiceAccount of another name);
      // what helm renders is read the way the API server reads it: by kubectl (Go's YAML reader), as
      // the bundle's YAML is above (a JavaScript YAML 1.2 reader reads e.g. a plain .5e99999 differently)
      const out = await helm([
        'template',
        a.request.app.name,
        chart.path,
        '--namespace',
        a.request.app.namespace ?? 'default',
        '--skip-tests',
      ]);
      const read = out.code === 0 ? await kubectlReadBack(out.stdout) : { error: out.stderr };
      if (!read.objects) {
        failures.push(
          `helm template / kubectl could not read the chart: ${read.error}\nrequest: ${JSON.stringify(a.request)}`,
        );
        continue;
      }
      const rendered = { objects: read.objects };
      const strip = (o: Json) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } });
      // key order is no difference (Helm's toYaml sorts map keys; the chart tests compare with toEqual)
      const want = sortedJson(comparable(a.bundle.manifests.map(strip) as never));
      const got = sortedJson(comparable(rendered.objects.map(strip) as never));
      if (want !== got) {
        const [bundleSide, chartSide] = firstDiff(want, got);
        failures.push(
          `helm template differs from the bundle:\n  bundle: ${bundleSide}\n  chart:  ${chartSide}\nrequest: ${JSON.stringify(a.request)}`,
        );
      }
    }
    console.log(
      `schema property test: ${accepted.length} bundles read back by kubectl, ${accepted.reduce((n, a) => n + ambassadorsOf(a.bundle).length, 0)} ambassador configs checked, ${charts.length} charts linted and rendered; ${failures.length} failures`,
    );
    expect(failures, `seed ${SEED}`).toEqual([]);
  }, 600_000);
});

/** Values for the Secret keys header values come from (any printable value works for nginx -t). */
function secretsOf(request: Json): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const h of request.ambassadors ?? [])
    for (const header of h.headers ?? [])
      if (header.valueFrom) secrets[`${header.valueFrom.secretName}/${header.valueFrom.key}`] = 'secret-value';
  return secrets;
}
