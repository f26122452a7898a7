import { describe, expect, it } from 'vitest';
import type { BundleRequest } from '../../request/bundle.js';
import { buildValuesSchema, valuesDefinitions } from './values-schema.js';
import { findPreset } from '../../presets/registry.js';
import { HELPER_GROUPS, buildValues } from './values.js';
import { K8S_DEFINITIONS } from './k8s-value-schemas.js';
import { bundleParts } from '../../../../test/support/validated.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const request = (): BundleRequest => ({
  app: {
    name: 'db',
    image: 'mongo:7.0.14',
    workload: 'StatefulSet',
    replicas: 3,
    ports: [{ name: 'mongo', containerPort: 27017 }],
    storage: { mountPath: '/data/db', size: '20Gi' },
  },
  sidecars: [{ preset: 'git-sync', name: 'content', repo: 'https://github.com/acme/docs.git', mountPath: '/srv/docs' }],
  target: { kubernetesVersion: '1.28' },
});

/** A Deployment whose app publishes its own metrics, with a ServiceMonitor. */
const appMetricsRequest = (): BundleRequest => ({
  app: {
    name: 'api',
    image: 'api:1',
    ports: [{ name: 'http', containerPort: 8080 }],
    metrics: { port: 'http', serviceMonitor: { enabled: true, interval: '30s' } },
  },
});

// Built inside each test (not at load), so the mutation run knows which tests cover the schema.
const built = (req: BundleRequest = request()) => {
  const parts = bundleParts(req);
  const values = buildValues(parts) as Record<string, any>;
  return { parts, values, schema: buildValuesSchema(values, parts) as Record<string, any> };
};
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'examples');
const example = (name: string): BundleRequest => JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'));
/** Checks values as Helm does at install (draft-07). Unoptimised code: it compiles faster, checks the same. */
const validatorOf = (schema: Record<string, any>) =>
  new Ajv({ strict: false, code: { optimize: false } }).compile(schema);
const HELPER_REQUIRED = ['enabled', 'image', 'resources', 'initContainers', 'containers', 'roles'];

function walk(node: unknown, visit: (n: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

describe('buildValuesSchema', () => {
  it('is closed at the top and in every helper group, requiring the keys values.yaml has', () => {
    const { values, schema } = built();
    // Helm picks the JSON Schema draft from $schema
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Values');
    expect(schema.additionalProperties).toBe(false);
    // global is open and optional (parent charts share it); every other key is required
    expect([...schema.required, 'global'].sort()).toEqual(Object.keys(values).sort());
    for (const group of ['sidecars', 'ambassadors', 'adapters'])
      expect(schema.properties[group].additionalProperties).toBe(false);
    expect(schema.properties.sidecars.required).toEqual(['content']);
    expect(schema.properties.sidecars.properties.content.required).toEqual([
      'enabled',
      'image',
      'resources',
      'initContainers',
      'containers',
      'roles',
    ]);
  });

  it('types replicaCount as a whole number from 0, so --set replicaCount=abc or -1 fails at install', () => {
    const { schema } = built();
    expect(schema.properties.replicaCount).toMatchObject({ type: 'integer', minimum: 0 });
    expect(built().values.replicaCount).toBe(3);
  });

  it('has the StatefulSet keys only for a StatefulSet', () => {
    const { schema } = built();
    expect(schema.properties.persistence.required).toContain('size');
    expect(schema.properties.podManagementPolicy.enum).toEqual(['OrderedReady', 'Parallel']);
    // a StatefulSet without storage has no claim template: no persistence block, its own values accepted
    const { app } = request();
    const noStorage = built({ ...request(), app: { ...app, storage: undefined } });
    expect(Object.keys(noStorage.schema.properties)).toContain('podManagementPolicy');
    expect(Object.keys(noStorage.schema.properties)).not.toContain('persistence');
    expect(validatorOf(noStorage.schema)(noStorage.values)).toBe(true);
  });

  it('has no empty schemas, every $ref resolves, and every pattern reads the same in Go (no lookaround)', () => {
    const { schema } = built();
    walk(schema, (node) => {
      if (typeof node.$ref === 'string')
        expect(schema.definitions[node.$ref.split('/').pop()!], node.$ref).toBeDefined();
      if (typeof node.pattern === 'string') {
        expect(() => new RegExp(node.pattern)).not.toThrow();
        expect(node.pattern).not.toMatch(/\(\?[=!<]/);
      }
      for (const key of ['items', 'additionalProperties'])
        if (node[key] && typeof node[key] === 'object') expect(Object.keys(node[key]).length, key).toBeGreaterThan(0);
    });
  });

  it('checks helper resources with the same schema as a request item', () => {
    const { schema } = built();
    expect(schema.properties.sidecars.properties.content.properties.resources).toEqual({
      $ref: '#/definitions/helperResources',
      description: expect.any(String),
    });
    expect(schema.definitions.helperQuantities.properties.cpu.pattern).toBeDefined();
  });
});

describe('values.schema.json: helper blocks and their resources', () => {
  it("describes a helper's block by its kind, name and the preset's title", () => {
    const { schema } = built();
    const title = findPreset('sidecar', 'git-sync')!.title;
    expect(title).not.toBe('git-sync');
    expect(schema.properties.sidecars.properties.content.description).toBe(`sidecar "content": ${title}`);
  });

  it("moves the preset's helper resources schema under #/definitions, its quantities referenced there", () => {
    const definitions = valuesDefinitions(findPreset('sidecar', 'git-sync')) as Record<string, any>;
    expect(Object.keys(definitions).filter((k) => !(k in K8S_DEFINITIONS))).toEqual([
      'helperResources',
      'helperQuantities',
    ]);
    expect(JSON.stringify(definitions.helperResources)).toContain('"$ref":"#/definitions/helperQuantities"');
    expect(JSON.stringify(definitions.helperResources)).not.toMatch(/"\$ref":"#\/\$defs/);
    expect(definitions.helperQuantities.properties.cpu.pattern).toEqual(expect.any(String));
    expect(Object.keys(valuesDefinitions(undefined))).toEqual(Object.keys(K8S_DEFINITIONS));
  });
});

describe('values.schema.json definitions, made once per preset', () => {
  const variants: [string, BundleRequest][] = [
    ['no helper', { app: { name: 'web', image: 'nginx:1.27' } }],
    ['git-sync first', request()],
    [
      'redis-shards first',
      {
        app: { name: 'shop', image: 'shop:1.0', ports: [{ name: 'http', containerPort: 8080 }] },
        ambassadors: [
          { preset: 'redis-shards', name: 'cache', servers: ['redis-0.redis:6379:1', 'redis-1.redis:6379:1'] },
        ] as BundleRequest['ambassadors'],
      },
    ],
  ];

  it.each(variants)('%s: the same definitions as made afresh, shared and frozen', (_, req) => {
    const p = bundleParts(req);
    const first = p.helpers.map((h) => findPreset(h.kind, h.preset)).find(Boolean);
    const once = buildValuesSchema(buildValues(p), p).definitions as Record<string, unknown>;
    const again = buildValuesSchema(buildValues(bundleParts(req)), bundleParts(req)).definitions;
    expect(once).toEqual(valuesDefinitions(first));
    expect(again).toBe(once);
    expect(Object.isFrozen(once)).toBe(true);
    expect(Object.isFrozen(once.helperResources ?? once.container)).toBe(true);
    expect('helperResources' in once).toBe(Boolean(first));
  });
});

type Obj = Record<string, any>;
const copy = (values: Obj, change: (v: Obj) => void): Obj => {
  const v = structuredClone(values);
  change(v);
  return v;
};
const at = (values: Obj, path: string[]): Obj => path.reduce((o, k) => o[k], values);

describe('values.schema.json: every key described', () => {
  it('every key at every depth, the definitions included, has a description (helm show values and the README show them)', () => {
    for (const req of [request(), example('orders-logging-egress'), appMetricsRequest()]) {
      const { schema } = built(req);
      const missing: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (!node || typeof node !== 'object') return;
        const n = node as Obj;
        for (const [key, child] of Object.entries((n.properties ?? {}) as Obj)) {
          if (typeof child.description !== 'string' || child.description === '') missing.push(`${path}.${key}`);
          walk(child, `${path}.${key}`);
        }
        if (n.items) walk(n.items, `${path}[]`);
        for (const [i, x] of ((n.oneOf ?? []) as unknown[]).entries()) walk(x, `${path}|${i}`);
        if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}{}`);
      };
      walk(schema, '');
      for (const [name, definition] of Object.entries(schema.definitions as Obj)) walk(definition, `#${name}`);
      expect(missing).toEqual([]);
    }
  });
});

describe('values.schema.json checks values as Helm does (draft-07)', () => {
  it("accepts the examples' own values", () => {
    // (orders-logging-egress and mongodb-statefulset: in the tests below)
    for (const name of ['storefront-reverse-proxy', 'static-site-git-sync']) {
      const { values, schema } = built(example(name));
      const validate = validatorOf(schema);
      expect({ name, ok: validate(values), errors: validate.errors }).toEqual({ name, ok: true, errors: null });
    }
  });

  it('refuses a missing key, an unknown key, and a boolean or number of the wrong type, in every block values.yaml writes whole', () => {
    const { values, schema } = built(example('orders-logging-egress'));
    const validate = validatorOf(schema);
    expect(validate(values)).toBe(true);
    const whole = [
      [],
      ['image'],
      ['probes'],
      ['serviceAccount'],
      ['service'],
      ['podDisruptionBudget'],
      ['autoscaling'],
      ['networkPolicy'],
      ['tests'],
      ['tests', 'image'],
      ['ingress'],
      ['httpRoute'],
      ['sidecars'],
      ['ambassadors'],
      ['adapters'],
      ...['sidecars', 'ambassadors', 'adapters'].flatMap((g) =>
        Object.keys(values[g]).flatMap((h) => [
          [g, h],
          [g, h, 'image'],
        ]),
      ),
    ];
    const accepted: string[] = [];
    const check = (what: string, v: Obj) => {
      if (validate(v)) accepted.push(what);
    };
    for (const path of whole) {
      const block = at(values, path);
      // a helper block needs only these; values.yaml leaves its other keys out when empty
      const helperBlock = path.length === 2 && HELPER_GROUPS.includes(path[0] as (typeof HELPER_GROUPS)[number]);
      for (const key of Object.keys(block)) {
        if (path.length === 0 && key === 'global') continue;
        if (helperBlock && !HELPER_REQUIRED.includes(key)) continue;
        check(
          `${[...path, key].join('.')} missing`,
          copy(values, (v) => delete at(v, path)[key]),
        );
        const value = block[key];
        if (typeof value === 'boolean')
          check(
            `${[...path, key].join('.')} a string`,
            copy(values, (v) => (at(v, path)[key] = String(value))),
          );
        if (typeof value === 'number')
          check(
            `${[...path, key].join('.')} a string`,
            copy(values, (v) => (at(v, path)[key] = 'x')),
          );
      }
      check(
        `${path.join('.')} with an unknown key`,
        copy(values, (v) => (at(v, path).unknownKey = {})),
      );
    }
    expect(accepted).toEqual([]);
    // global is optional (parent charts share it); the helper block keys values.yaml leaves out are optional
    expect(validate(copy(values, (v) => delete v.global))).toBe(true);
    expect(validate(copy(values, (v) => delete v.sidecars.logs.volumes))).toBe(true);
    expect(validate(copy(values, (v) => delete v.ambassadors.payments.networkPolicy))).toBe(true);
  });

  it('refuses values the objects could not carry, key by key', () => {
    const { values, schema } = built(example('orders-logging-egress'));
    const validate = validatorOf(schema);
    const ok = (change: (v: Obj) => void) => validate(copy(values, change));
    const cases: [string, (v: Obj) => void, boolean][] = [
      ['replicaCount 0', (v) => (v.replicaCount = 0), true],
      ['replicaCount -1', (v) => (v.replicaCount = -1), false],
      ['replicaCount 1.5', (v) => (v.replicaCount = 1.5), false],
      ['nameOverride 63', (v) => (v.nameOverride = 'a'.repeat(63)), true],
      ['nameOverride 64', (v) => (v.nameOverride = 'a'.repeat(64)), false],
      ['nameOverride Bad_Name', (v) => (v.nameOverride = 'Bad_Name'), false],
      ['fullnameOverride 64', (v) => (v.fullnameOverride = 'a'.repeat(64)), false],
      ['fullnameOverride Bad_Name', (v) => (v.fullnameOverride = 'Bad_Name'), false],
      ['component with a space', (v) => (v.component = 'bad value'), false],
      ['partOf with a space', (v) => (v.partOf = 'bad value'), false],
      ['image.registry with a space', (v) => (v.image.registry = 'bad registry'), false],
      ['image.registry a mirror path', (v) => (v.image.registry = 'mirror.example:5000/hub'), true],
      ['image.repository empty', (v) => (v.image.repository = ''), false],
      ['image.tag with a space', (v) => (v.image.tag = 'bad tag'), false],
      ['image.digest not a digest', (v) => (v.image.digest = 'sha256:xyz'), false],
      ['image.pullPolicy Sometimes', (v) => (v.image.pullPolicy = 'Sometimes'), false],
      ['image.pullPolicy Always', (v) => (v.image.pullPolicy = 'Always'), true],
      ['priorityClassName Bad_Name', (v) => (v.priorityClassName = 'Bad_Name'), false],
      ['priorityClassName 254', (v) => (v.priorityClassName = 'a'.repeat(254)), false],
      ['priorityClassName 253', (v) => (v.priorityClassName = 'a'.repeat(253)), true],
      ['serviceAccount.name Bad_Name', (v) => (v.serviceAccount.name = 'Bad_Name'), false],
      ['serviceAccount.name 254', (v) => (v.serviceAccount.name = 'a'.repeat(254)), false],
      ['serviceAccount.name runner', (v) => (v.serviceAccount.name = 'runner'), true],
      ['service.type External', (v) => (v.service.type = 'External'), false],
      ['service.type LoadBalancer', (v) => (v.service.type = 'LoadBalancer'), true],
      ['maxUnavailable 50%', (v) => (v.podDisruptionBudget.maxUnavailable = '50%'), true],
      ['maxUnavailable "50"', (v) => (v.podDisruptionBudget.maxUnavailable = '50'), false],
      ['maxUnavailable -1', (v) => (v.podDisruptionBudget.maxUnavailable = -1), false],
      ['maxUnavailable 0', (v) => (v.podDisruptionBudget.maxUnavailable = 0), true],
      ['autoscaling.minReplicas 0', (v) => (v.autoscaling.minReplicas = 0), false],
      ['autoscaling.maxReplicas 0', (v) => (v.autoscaling.maxReplicas = 0), false],
      ['autoscaling.metrics []', (v) => (v.autoscaling.metrics = []), false],
      ['autoscaling.behavior other', (v) => (v.autoscaling.behavior = { other: {} }), false],
      ['a window of 3600 s', (v) => (v.autoscaling.behavior = { scaleUp: { stabilizationWindowSeconds: 3600 } }), true],
      [
        'a window of 3601 s',
        (v) => (v.autoscaling.behavior = { scaleUp: { stabilizationWindowSeconds: 3601 } }),
        false,
      ],
      ['containerPort 65535', (v) => (v.ports = [{ name: 'http', containerPort: 65535 }]), true],
      ['containerPort 65536', (v) => (v.ports = [{ name: 'http', containerPort: 65536 }]), false],
      ['containerPort 0', (v) => (v.ports = [{ name: 'http', containerPort: 0 }]), false],
      [
        'autoscaling.behavior scaleDown',
        (v) => (v.autoscaling.behavior = { scaleDown: { stabilizationWindowSeconds: 60 } }),
        true,
      ],
      ['networkPolicy.egress deny', (v) => (v.networkPolicy.egress = 'deny'), false],
      ['networkPolicy.egress restricted', (v) => (v.networkPolicy.egress = 'restricted'), true],
      ['extraEgress without ports', (v) => (v.networkPolicy.extraEgress = [{ to: [] }]), false],
      ['extraEgress other key', (v) => (v.networkPolicy.extraEgress = [{ ports: [], other: 1 }]), false],
      ['extraEgress ports only', (v) => (v.networkPolicy.extraEgress = [{ ports: [] }]), true],
      ['tests.runAsUser 0', (v) => (v.tests.runAsUser = 0), false],
      ['tests.runAsUser 1', (v) => (v.tests.runAsUser = 1), true],
      ['global.imageRegistry with a space', (v) => (v.global.imageRegistry = 'bad registry'), false],
      ['global.imageRegistry a mirror', (v) => (v.global.imageRegistry = 'mirror.example:5000/hub'), true],
      ['global.imagePullSecrets names', (v) => (v.global.imagePullSecrets = ['ok', { name: 'ok2' }]), true],
      ['global.imagePullSecrets Bad_Secret', (v) => (v.global.imagePullSecrets = ['Bad_Secret']), false],
      ['global.imagePullSecrets other key', (v) => (v.global.imagePullSecrets = [{ name: 'ok', x: 1 }]), false],
      ['global.imagePullSecrets {}', (v) => (v.global.imagePullSecrets = [{}]), false],
      ['global other key', (v) => (v.global.other = 1), true],
      ['imagePullSecrets a name', (v) => (v.imagePullSecrets = ['ok']), false],
      ['imagePullSecrets Bad_Secret', (v) => (v.imagePullSecrets = [{ name: 'Bad_Secret' }]), false],
      ['imagePullSecrets {name}', (v) => (v.imagePullSecrets = [{ name: 'regcred' }]), true],
      ['helperOrder unknown helper', (v) => (v.helperOrder = ['sidecars/unknown']), false],
      ['helperOrder twice', (v) => (v.helperOrder = ['sidecars/logs', 'sidecars/logs']), false],
      ['helperOrder []', (v) => (v.helperOrder = []), true],
      [
        'helperOrder reversed',
        (v) => (v.helperOrder = ['adapters/metrics', 'ambassadors/payments', 'sidecars/logs']),
        true,
      ],
      ['role of another pattern', (v) => (v.sidecars.logs.roles = [{ container: 'logs', role: 'helper/x' }]), false],
      ['role Bad_Preset', (v) => (v.sidecars.logs.roles = [{ container: 'logs', role: 'sidecar/Bad_Preset' }]), false],
      [
        'role container Bad_Name',
        (v) => (v.sidecars.logs.roles = [{ container: 'Bad_Name', role: 'sidecar/x' }]),
        false,
      ],
      ['role without container', (v) => (v.sidecars.logs.roles = [{ role: 'sidecar/x' }]), false],
      ['role without role', (v) => (v.sidecars.logs.roles = [{ container: 'logs' }]), false],
      ['role other key', (v) => (v.sidecars.logs.roles = [{ container: 'logs', role: 'sidecar/x', x: 1 }]), false],
      ['config owner missing', (v) => (v.sidecars.logs.config = {}), false],
      ['config other owner', (v) => (v.sidecars.logs.config.other = {}), false],
      ['config file name with a space', (v) => (v.sidecars.logs.config.logs['bad name'] = 'x'), false],
      ['config file content a number', (v) => (v.sidecars.logs.config.logs['extra.conf'] = 5), false],
      ['config file added', (v) => (v.sidecars.logs.config.logs['extra.conf'] = 'x'), true],
      ['replacesServicePorts Bad_Port', (v) => (v.sidecars.logs.replacesServicePorts = ['Bad_Port']), false],
      ['replacesServicePorts http', (v) => (v.sidecars.logs.replacesServicePorts = ['http']), true],
      ['helper networkPolicy other key', (v) => (v.ambassadors.payments.networkPolicy = { other: [] }), false],
      ['helper networkPolicy {}', (v) => (v.ambassadors.payments.networkPolicy = {}), true],
      ['helper egressPurposes a number', (v) => (v.ambassadors.payments.networkPolicy.egressPurposes = [5]), false],
      ['helper enabled off', (v) => (v.ambassadors.payments.enabled = false), true],
    ];
    const object = { apiVersion: 'v1', kind: 'ConfigMap', nameSuffix: '-extra' };
    const objects: [string, Obj, boolean][] = [
      ['an object', object, true],
      ['apiVersion of a group', { ...object, apiVersion: 'monitoring.coreos.com/v1beta2' }, true],
      ['apiVersion V1', { ...object, apiVersion: 'V1' }, false],
      ['kind configMap', { ...object, kind: 'configMap' }, false],
      ['nameSuffix without dash', { ...object, nameSuffix: 'extra' }, false],
      ['nameSuffix empty', { ...object, nameSuffix: '' }, true],
      ['without kind', { apiVersion: 'v1', nameSuffix: '' }, false],
      ['without apiVersion', { kind: 'ConfigMap', nameSuffix: '' }, false],
      ['without nameSuffix', { apiVersion: 'v1', kind: 'ConfigMap' }, false],
      ['selectRelease a string', { ...object, selectRelease: 'yes' }, false],
      ['selectRelease and a spec', { ...object, selectRelease: true, spec: { endpoints: [] } }, true],
      ['spec a string', { ...object, spec: 'x' }, false],
      ['labels', { ...object, labels: { release: 'prom' }, annotations: { 'a.io/b': 'c' } }, true],
      ['other key', { ...object, data: {} }, false],
    ];
    for (const [what, o, expected] of objects)
      cases.push([`object: ${what}`, (v) => (v.adapters.metrics.objects = [o]), expected]);
    const wrong = cases.filter(([, change, expected]) => ok(change) !== expected).map(([what]) => what);
    expect(wrong).toEqual([]);
  });

  it('a StatefulSet with storage: persistence and podManagementPolicy checked; app metrics: their block checked', () => {
    const { values, schema } = built(example('mongodb-statefulset'));
    const validate = validatorOf(schema);
    const ok = (change: (v: Obj) => void) => validate(copy(values, change));
    const cases: [string, (v: Obj) => void, boolean][] = [
      ['as made', () => {}, true],
      ['podManagementPolicy Parallel', (v) => (v.podManagementPolicy = 'Parallel'), true],
      ['podManagementPolicy Random', (v) => (v.podManagementPolicy = 'Random'), false],
      ['accessModes ReadWriteOncePod', (v) => (v.persistence.accessModes = ['ReadWriteOncePod']), true],
      ['accessModes ReadWriteSometimes', (v) => (v.persistence.accessModes = ['ReadWriteSometimes']), false],
      [
        'accessModes of every kind',
        (v) => (v.persistence.accessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']),
        true,
      ],
      ['service type NodePort', (v) => (v.service.type = 'NodePort'), true],
      ['service type LoadBalancer', (v) => (v.service.type = 'LoadBalancer'), true],
      ['service type ExternalName', (v) => (v.service.type = 'ExternalName'), false],
      ['a pull secret', (v) => (v.imagePullSecrets = [{ name: 'registry-creds' }]), true],
      ['a pull secret without its name', (v) => (v.imagePullSecrets = [{}]), false],
      ['a pull secret with an empty key', (v) => (v.imagePullSecrets = [{ '': 'x', name: 'registry-creds' }]), false],
      ['mountPath relative', (v) => (v.persistence.mountPath = 'data'), false],
      ['name Bad_Name', (v) => (v.persistence.name = 'Bad_Name'), false],
      ['size lots', (v) => (v.persistence.size = 'lots'), false],
      ['size 1Ti', (v) => (v.persistence.size = '1Ti'), true],
      ['storageClassName fast', (v) => (v.persistence.storageClassName = 'fast'), true],
      ['persistence other key', (v) => (v.persistence.other = 1), false],
      ...['name', 'mountPath', 'size', 'accessModes', 'storageClassName', 'podManagementPolicy'].map(
        (key): [string, (v: Obj) => void, boolean] => [
          `${key} missing`,
          (v) => (key === 'podManagementPolicy' ? delete v[key] : delete v.persistence[key]),
          false,
        ],
      ),
    ];
    expect(cases.filter(([, change, expected]) => ok(change) !== expected).map(([what]) => what)).toEqual([]);

    const withMetrics = built(appMetricsRequest());
    const m = validatorOf(withMetrics.schema);
    const mOk = (change: (v: Obj) => void) => m(copy(withMetrics.values, change));
    const metricCases: [string, (v: Obj) => void, boolean][] = [
      ['as made', () => {}, true],
      ['port Bad_Port', (v) => (v.metrics.port = 'Bad_Port'), false],
      ['path relative', (v) => (v.metrics.path = 'metrics'), false],
      ['interval 30 seconds', (v) => (v.metrics.serviceMonitor.interval = '30 seconds'), false],
      ['interval 1m30s', (v) => (v.metrics.serviceMonitor.interval = '1m30s'), true],
      ['interval empty', (v) => (v.metrics.serviceMonitor.interval = ''), true],
      ['serviceMonitor enabled a string', (v) => (v.metrics.serviceMonitor.enabled = 'true'), false],
      ['serviceMonitor other key', (v) => (v.metrics.serviceMonitor.other = 1), false],
      ['metrics other key', (v) => (v.metrics.other = 1), false],
      ...['port', 'path', 'serviceMonitor'].map((key): [string, (v: Obj) => void, boolean] => [
        `metrics.${key} missing`,
        (v) => delete v.metrics[key],
        false,
      ]),
      ...['enabled', 'interval', 'labels'].map((key): [string, (v: Obj) => void, boolean] => [
        `serviceMonitor.${key} missing`,
        (v) => delete v.metrics.serviceMonitor[key],
        false,
      ]),
    ];
    expect(metricCases.filter(([, change, expected]) => mOk(change) !== expected).map(([what]) => what)).toEqual([]);
    // neither block without its cause
    expect(Object.keys(withMetrics.schema.properties)).not.toContain('persistence');
    expect(Object.keys(withMetrics.schema.properties)).not.toContain('podManagementPolicy');
    expect(Object.keys(built(example('orders-logging-egress')).schema.properties)).not.toContain('metrics');
  });
});
