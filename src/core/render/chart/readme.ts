// README.md of a generated chart: what it deploys, how to install it and turn helpers off, and a
// parameters table walked from values.yaml and values.schema.json together, so the table always
// lists exactly the keys the chart has, with their types, defaults and descriptions.
import type { Values } from './values.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the values schema is walked as plain JSON
type Schema = Record<string, any>;

export interface ReadmeContext {
  name: string;
  version: string;
  description: string;
  namespace?: string;
  kubeVersion: string;
  containers: { name: string; role: string; preset?: string; placement: string; image: string; helperKey?: string }[];
  values: Values;
  schema: Schema;
}

const MAX_DEFAULT = 60;

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function resolve(schema: Schema, root: Schema): Schema {
  if (typeof schema?.$ref !== 'string') return schema ?? {};
  const target = root.definitions[schema.$ref.split('/').pop()!] ?? {};
  return { ...target, ...(schema.description ? { description: schema.description } : {}) };
}

function typeOf(schema: Schema): string {
  if (schema.type) return Array.isArray(schema.type) ? schema.type.join(' \\| ') : schema.type;
  if (schema.oneOf) return schema.oneOf.map((s: Schema) => s.type).join(' \\| ');
  return '';
}

/** Objects to open up row by row: inline closed objects, and image blocks. */
function expand(schema: Schema): boolean {
  return (
    (schema.properties && schema.additionalProperties === false && !schema.$ref) ||
    schema.$ref === '#/definitions/image'
  );
}

export function parameterRows(values: Values, schema: Schema, root: Schema = schema, prefix = ''): string[] {
  const rows: string[] = [];
  const properties = resolve(schema, root).properties ?? {};
  for (const [key, value] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${/^[A-Za-z0-9_-]+$/.test(key) ? key : `"${key}"`}` : key;
    const own = properties[key] ?? {};
    const resolved = resolve(own, root);
    if (expand(own) && value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
      rows.push(...parameterRows(value as Values, own, root, path));
      continue;
    }
    const json = JSON.stringify(value);
    const shown = json.length > MAX_DEFAULT ? '(see values.yaml)' : code(json);
    rows.push(`| ${code(path)} | ${typeOf(resolved)} | ${cell(shown)} | ${cell(resolved.description ?? '')} |`);
  }
  return rows;
}

export function renderReadme(ctx: ReadmeContext): string {
  const ns = ctx.namespace ?? 'default';
  const helpers = ctx.containers.filter((c) => c.helperKey);
  const firstHelper = helpers[0]?.helperKey?.replace('/', '.');
  return [
    `# ${ctx.name}`,
    '',
    ctx.description,
    '',
    `Kubernetes ${ctx.kubeVersion}. Chart version ${ctx.version}.`,
    '',
    '## Containers',
    '',
    '| Container | Role | Preset | Placement | Image |',
    '|---|---|---|---|---|',
    ...ctx.containers.map(
      (c) => `| ${c.name} | ${c.role} | ${c.preset ?? ''} | ${c.placement} | ${cell(code(c.image))} |`,
    ),
    '',
    '## Installing',
    '',
    '```sh',
    `helm install ${ctx.name} ./${ctx.name}-${ctx.version}.tgz --namespace ${ns} --create-namespace`,
    '```',
    '',
    `With the release name \`${ctx.name}\` the objects get the names the bundle has; another release name`,
    `prefixes them (\`<release>-${ctx.name}\`), so several releases can share a namespace.`,
    '',
    '`helm test` then checks that every TCP port of the Service answers. The chart needs Kubernetes',
    `${ctx.kubeVersion}; \`helm template\` checks that against its own default version, so an older`,
    'Helm may need `--kube-version`. Set tags that look like numbers with `--set-string`.',
    '',
    ...(firstHelper
      ? [
          '## Turning a helper off',
          '',
          'Every sidecar, ambassador and adapter has a block under `sidecars`, `ambassadors` or `adapters`,',
          'keyed by its name. `enabled: false` removes its containers, volumes, ConfigMaps, the env vars and',
          'mounts it gives the app, its Service ports and its annotations:',
          '',
          '```sh',
          `helm upgrade ${ctx.name} ./${ctx.name}-${ctx.version}.tgz --namespace ${ns} --reuse-values --set ${firstHelper}.enabled=false`,
          '```',
          '',
          "A helper's config files are values too (its `config` block); editing them rolls the pods through",
          'the `checksum/config-*` annotations.',
          '',
        ]
      : []),
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
    ...parameterRows(ctx.values, ctx.schema),
    '',
  ].join('\n');
}
