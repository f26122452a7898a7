// A Helm chart from a bundle request: the same composition as the bundle, laid out as a chart whose
// default values render exactly the bundle's objects (`helm template <app> <chart> -n <ns>`), with
// every tunable in values.yaml, a strict values.schema.json, README and `helm test` pod.
import { resolveTarget } from '../../compose/target.js';
import type { Bundle } from '../../model/bundle.js';
import { chartOptions, DEFAULT_CHART_VERSION, type ChartOptions } from '../../model/chart-options.js';
import { InvalidRequestError, pointer, type FieldError } from '../../model/errors.js';
import { loneSurrogateErrors } from '../../model/strings.js';
import { NATIVE_SIDECARS_MINOR } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import type { ChartRequestDto } from '../../input/chart-request.js';
import { BlockYamlWriter, libraryYaml, type BlockYamlOptions } from '../block-yaml.js';
import { bundleParts, type BundleParts } from './bundle-parts.js';
import { imageProblem, splitImage } from './image-ref.js';
import { renderReadme } from './readme.js';
import { packChart } from './tarball.js';
import { templateFiles } from './templates.js';
import { buildValuesSchema } from './values-schema.js';
import { buildValues } from './values.js';

export interface Chart {
  name: string;
  version: string;
  /** paths relative to the chart folder */
  files: Record<string, string>;
  bundle: Bundle;
}

export { DEFAULT_CHART_VERSION, type ChartOptions };

/** Control characters: YAML needs them escaped, which only double quotes allow. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/**
 * Lines Go's reader reads differently in a block scalar: one starting with a tab (taken for
 * indentation) and one of only blanks (its blanks taken for indentation).
 */
const BLOCK_UNSAFE = /(^|\n)(\t|[ \t]+(\n|$))/;

/**
 * YAML that Helm reads back exactly: YAML 1.1 (Helm's parser follows it, so "on" or "n" are
 * quoted), double quotes for control characters and lines a block scalar cannot hold, and Go's
 * escapes for what its reader cannot read raw (DEL, C1, U+2028, U+FEFF...).
 */
export function toHelmYaml(value: unknown): string {
  return helmYaml.write(value) ?? toHelmYamlWithLibrary(value);
}

const HELM_DOCUMENT = { version: '1.1', aliasDuplicateObjects: false } as const;
const HELM_TO_STRING = { lineWidth: 0, minContentWidth: 0 } as const;
const helmStringStyle = (value: string) =>
  CONTROL.test(value) || BLOCK_UNSAFE.test(value) ? 'QUOTE_DOUBLE' : undefined;
const HELM_YAML: BlockYamlOptions = { document: HELM_DOCUMENT, toString: HELM_TO_STRING, stringStyle: helmStringStyle };
/** writes the same bytes as toHelmYamlWithLibrary, faster, for plain data */
const helmYaml = new BlockYamlWriter(HELM_YAML);

function toHelmYamlWithLibrary(value: unknown): string {
  return libraryYaml(value, HELM_YAML);
}

const HELMIGNORE = `# Patterns to ignore when building packages.
# This supports shell glob matching, relative path matching, and
# negation (prefixed with !). Only one pattern per line.
.DS_Store
# Common VCS dirs
.git/
.gitignore
.bzr/
.bzrignore
.hg/
.hgignore
.svn/
# Common backup files
*.swp
*.bak
*.tmp
*.orig
*~
# Various IDEs
.project
.idea/
*.tmproj
.vscode/
`;

/** Every image must split into the repository / tag / digest the values schema accepts. */
function checkImages(request: BundleRequest, parts: BundleParts): void {
  const errors: FieldError[] = [];
  const problem = imageProblem(parts.main.image ?? '');
  if (problem) errors.push({ pointer: '/app/image', detail: `cannot be a chart value: ${problem}` });
  for (const h of parts.helpers) {
    for (const { container } of h.containers) {
      const p = imageProblem(container.image ?? '');
      if (!p) continue;
      const index = (request[h.group] ?? []).findIndex((item) => item.name === h.name);
      errors.push({ pointer: pointer(h.group, index, 'image'), detail: `cannot be a chart value: ${p}` });
    }
  }
  if (errors.length) throw new InvalidRequestError(errors);
}

function kubeVersionConstraint(request: BundleRequest, parts: BundleParts): string {
  const target = resolveTarget(request.target);
  const native = parts.bundle.summary.containers.some((c) => c.placement === 'native-sidecar');
  const minor = native ? Math.max(target.minor, NATIVE_SIDECARS_MINOR) : target.minor;
  return `>=1.${minor}.0-0`;
}

function describe(request: BundleRequest, parts: BundleParts): string {
  const helpers = parts.helpers.map((h) => `${h.name} (${h.kind} ${h.preset})`);
  const kind = parts.workload.kind;
  return `${request.app.name}: a ${kind}${helpers.length ? ` with ${helpers.join(', ')}` : ''}`;
}

/** The chart of a validated request: a ChartRequestDto, which only the HTTP pipe and validateChartRequest() make. */
export function buildChart(input: ChartRequestDto): Chart {
  // validated input: the chart options are taken as they are, and composition makes the request
  // plain data once (no class instances, a null the same as a field left out), which every part
  // of the chart then reads
  const options = chartOptions(input.chart) ?? {};
  const stringErrors = loneSurrogateErrors(input);
  if (stringErrors.length) throw new InvalidRequestError(stringErrors);
  const parts = bundleParts(input);
  const request = parts.request;
  checkImages(request, parts);
  const app = request.app;
  const name = app.name;
  const image = splitImage(parts.main.image!);
  const version = options.version ?? DEFAULT_CHART_VERSION;
  const description = options.description ?? describe(request, parts);
  const kubeVersion = kubeVersionConstraint(request, parts);
  const target = resolveTarget(request.target);
  const values = buildValues(parts);
  const schema = buildValuesSchema(values, parts);

  const helperKey = (name: string) => parts.helpers.find((h) => h.containers.some((c) => c.container.name === name));
  const containers = parts.bundle.summary.containers.map((c) => {
    const h = helperKey(c.name);
    const container = h?.containers.find((x) => x.container.name === c.name)?.container;
    return { ...c, image: (container ?? parts.main).image!, ...(h ? { helperKey: `${h.group}/${h.name}` } : {}) };
  });
  const chartYaml = {
    apiVersion: 'v2',
    name,
    description,
    type: 'application',
    version,
    appVersion: options.appVersion ?? (image.tag || image.digest || 'latest'),
    kubeVersion,
    keywords: ['pod-patterns', ...new Set(parts.helpers.map((h) => h.preset))],
    annotations: {
      'pod-patterns.io/patterns': JSON.stringify(
        parts.helpers.map((h) => ({ kind: h.kind, preset: h.preset, name: h.name })),
      ),
      'pod-patterns.io/target': JSON.stringify({
        kubernetesVersion: target.kubernetesVersion,
        podSecurity: target.podSecurity,
        nativeSidecars: target.useNativeSidecars,
      }),
    },
  };
  const files: Record<string, string> = {
    'Chart.yaml': toHelmYaml(chartYaml),
    'values.yaml': valuesYaml(values),
    'values.schema.json': valuesSchemaJson(schema),
    '.helmignore': HELMIGNORE,
    'README.md': renderReadme({
      name,
      version,
      description,
      namespace: app.namespace,
      kubeVersion,
      containers,
      values,
      schema,
    }),
    ...templateFiles({
      name,
      workload: parts.workload.kind as 'Deployment' | 'StatefulSet',
      appMetrics: Boolean(app.metrics),
    }),
  };
  return { name, version, files, bundle: parts.bundle };
}

/** The JSON text of each shared definitions table (made once per preset), indented as a member of the schema. */
const definitionsTexts = new WeakMap<object, string>();

/**
 * `JSON.stringify(schema, null, 2)` and a final newline. The definitions, its last member and most
 * of its 100 KB, are the same table for every chart of a preset: their text is written once.
 */
export function valuesSchemaJson(schema: Record<string, unknown>): string {
  const { definitions, ...rest } = schema;
  const keys = Object.keys(schema);
  if (typeof definitions !== 'object' || definitions === null || keys.at(-1) !== 'definitions' || keys.length < 2)
    return `${JSON.stringify(schema, null, 2)}\n`;
  let text = definitionsTexts.get(definitions);
  if (text === undefined) {
    // JSON escapes every line break inside a string, so each newline here is one of the layout's
    text = JSON.stringify(definitions, null, 2).replace(/\n/g, '\n  ');
    // only a frozen table is known never to change under its text
    if (Object.isFrozen(definitions)) definitionsTexts.set(definitions, text);
  }
  return `${JSON.stringify(rest, null, 2).slice(0, -2)},\n  "definitions": ${text}\n}\n`;
}

function valuesYaml(values: Record<string, unknown>): string {
  return [
    '# Default values: with these, the chart renders exactly the bundle it was generated with.',
    '# values.schema.json describes and checks every key; README.md lists them.',
    '',
    toHelmYaml(values),
  ].join('\n');
}

export async function chartTarball(
  request: ChartRequestDto,
): Promise<{ chart: Chart; filename: string; tarball: Buffer }> {
  const chart = buildChart(request);
  const tarball = await packChart(chart.name, chart.files);
  return { chart, filename: `${chart.name}-${chart.version}.tgz`, tarball };
}
