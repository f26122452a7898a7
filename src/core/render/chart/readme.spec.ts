import { describe, expect, it } from 'vitest';
import { parameterRows, renderReadme, type ReadmeContext } from './readme.js';

const schema = {
  type: 'object',
  properties: {
    image: { $ref: '#/definitions/image', description: 'the app image' },
    replicaCount: { type: 'integer', minimum: 0 },
    service: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { type: 'string', description: 'Service type' },
        ports: { type: 'array', description: 'ports' },
      },
    },
    podAnnotations: { $ref: '#/definitions/annotations', description: 'pod annotations' },
  },
  definitions: {
    image: {
      type: 'object',
      additionalProperties: false,
      properties: { repository: { type: 'string', description: 'repo' }, tag: { type: 'string', description: 'tag' } },
    },
    annotations: { type: 'object' },
  },
};

describe('parameterRows', () => {
  it('lists every leaf of values with its type, default and the schema description', () => {
    const rows = parameterRows(
      {
        image: { repository: 'ghcr.io/a|b', tag: '1.0' },
        replicaCount: 2,
        service: { type: 'ClusterIP', ports: [] },
        podAnnotations: { 'a/b': 'x' },
      },
      schema,
    );
    expect(rows).toEqual([
      '| `image.repository` | string | `"ghcr.io/a\\|b"` | repo |',
      '| `image.tag` | string | `"1.0"` | tag |',
      '| `replicaCount` | integer | `2` |  |',
      '| `service.type` | string | `"ClusterIP"` | Service type |',
      '| `service.ports` | array | `[]` | ports |',
      '| `podAnnotations` | object | `{"a/b":"x"}` | pod annotations |',
    ]);
  });

  it('points long defaults at values.yaml and quotes keys with dots', () => {
    const rows = parameterRows({ service: { type: 'x'.repeat(100) } }, schema);
    expect(rows[0]).toContain('(see values.yaml)');
    const dotted = parameterRows(
      { config: { 'nginx.conf': 'x' } },
      {
        properties: {
          config: { type: 'object', additionalProperties: false, properties: { 'nginx.conf': { type: 'string' } } },
        },
      },
    );
    expect(dotted[0]).toContain('`config."nginx.conf"`');
  });
});

describe('parameterRows cells and types', () => {
  it('escapes backslashes and pipes, puts line breaks (LF or CRLF) on one line, joins union types', () => {
    const rows = parameterRows(
      { a: 'x', b: 1, c: true },
      {
        properties: {
          a: { type: ['string', 'null'], description: 'C:\\dir | one\r\ntwo\nthree' },
          b: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
          c: { description: 'no type' },
        },
      },
    );
    expect(rows).toEqual([
      '| `a` | string \\| null | `"x"` | C:\\\\dir \\| one two three |',
      '| `b` | integer \\| string | `1` |  |',
      '| `c` |  | `true` | no type |',
    ]);
  });
});

describe('parameterRows: which objects open up row by row', () => {
  it('opens closed objects and image blocks only, and only for a non-empty object value', () => {
    const schema = {
      properties: {
        open: { type: 'object', properties: { a: { type: 'string' } } },
        closed: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
        text: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
      },
    };
    expect(parameterRows({ open: { a: 'x' }, closed: { a: 'y' }, text: 'abc' }, schema)).toEqual([
      '| `open` | object | `{"a":"x"}` |  |',
      '| `closed.a` | string | `"y"` |  |',
      '| `text` | object | `"abc"` |  |',
    ]);
  });

  it('shows a default of exactly 60 characters of JSON, a longer one in values.yaml', () => {
    const sixty = 'x'.repeat(58);
    expect(parameterRows({ a: sixty }, { properties: {} })).toEqual([`| \`a\` |  | \`"${sixty}"\` |  |`]);
    expect(parameterRows({ a: `${sixty}x` }, { properties: {} })).toEqual(['| `a` |  | (see values.yaml) |  |']);
  });
});

describe('renderReadme', () => {
  const ctx = (over: Partial<ReadmeContext> = {}): ReadmeContext => ({
    name: 'orders',
    version: '0.1.0',
    description: 'orders: a Deployment with logs (sidecar log-forwarder)',
    namespace: 'shop',
    kubeVersion: '>=1.33.0-0',
    containers: [
      { name: 'orders', role: 'main', placement: 'container', image: 'ghcr.io/acme/orders:1.4.2' },
      {
        name: 'logs',
        role: 'sidecar',
        preset: 'log-forwarder',
        placement: 'native-sidecar',
        image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.10',
        helperKey: 'sidecars/logs',
      },
    ],
    values: { replicaCount: 2 },
    schema: { properties: { replicaCount: { type: 'integer', description: 'pods' } } },
    ...over,
  });

  it('writes the whole page: containers, install and helper-off commands, the parameters table', () => {
    expect(renderReadme(ctx())).toBe(
      [
        '# orders',
        '',
        'orders: a Deployment with logs (sidecar log-forwarder)',
        '',
        'Kubernetes >=1.33.0-0. Chart version 0.1.0.',
        '',
        '## Containers',
        '',
        '| Container | Role | Preset | Placement | Image |',
        '|---|---|---|---|---|',
        '| orders | main |  | container | `ghcr.io/acme/orders:1.4.2` |',
        '| logs | sidecar | log-forwarder | native-sidecar | `cr.fluentbit.io/fluent/fluent-bit:3.2.10` |',
        '',
        '## Installing',
        '',
        '```sh',
        'helm install orders ./orders-0.1.0.tgz --namespace shop --create-namespace',
        '```',
        '',
        'With the release name `orders` the objects get the names the bundle has; another release name',
        'prefixes them (`<release>-orders`), so several releases can share a namespace.',
        '',
        '`helm test` then checks that every TCP port of the Service answers. The chart needs Kubernetes',
        '>=1.33.0-0; `helm template` checks that against its own default version, so an older',
        'Helm may need `--kube-version`. Set tags that look like numbers with `--set-string`.',
        '',
        '## Turning a helper off',
        '',
        'Every sidecar, ambassador and adapter has a block under `sidecars`, `ambassadors` or `adapters`,',
        'keyed by its name. `enabled: false` removes its containers, volumes, ConfigMaps, the env vars and',
        'mounts it gives the app, its Service ports and its annotations:',
        '',
        '```sh',
        'helm upgrade orders ./orders-0.1.0.tgz --namespace shop --reuse-values --set sidecars.logs.enabled=false',
        '```',
        '',
        "A helper's config files are values too (its `config` block); editing them rolls the pods through",
        'the `checksum/config-*` annotations.',
        '',
        '## Autoscaling and NetworkPolicy',
        '',
        "`autoscaling.enabled: true` adds a HorizontalPodAutoscaler on the app container's CPU and/or memory",
        "utilisation (`autoscaling.metrics`: each needs the app's request of that resource); the workload then",
        'carries no `replicas`, so an upgrade never resets the count the HPA',
        "chose. `networkPolicy.enabled: true` admits the Service's ports (from `ingressFrom`) and the metrics",
        'ports (from `metricsFrom`); with `networkPolicy.egress: restricted` the pods may reach only DNS, what',
        'the enabled helpers connect to (their `networkPolicy.egressPorts`) and `extraEgress`.',
        '',
        '## Parameters',
        '',
        'values.schema.json checks every value; unknown keys are refused.',
        '',
        '| Key | Type | Default | Description |',
        '|---|---|---|---|',
        '| `replicaCount` | integer | `2` | pods |',
        '',
      ].join('\n'),
    );
  });

  it('without helpers: no helper-off section; without a namespace: default', () => {
    const text = renderReadme(ctx({ namespace: undefined, containers: [ctx().containers[0]!] }));
    expect(text).not.toContain('## Turning a helper off');
    expect(text).not.toContain('helm upgrade');
    expect(text).toContain('helm install orders ./orders-0.1.0.tgz --namespace default --create-namespace\n');
    expect(text).toContain('\n\n## Autoscaling and NetworkPolicy\n');
  });

  it('writes an image with a backtick or a pipe as code a table cell can hold', () => {
    const text = renderReadme(
      ctx({ containers: [{ name: 'a', role: 'main', placement: 'container', image: 'x`y|z' }] }),
    );
    expect(text).toContain('| a | main |  | container | `` x`y\\|z `` |');
  });
});
