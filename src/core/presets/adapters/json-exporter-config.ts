// The json source: which fields of the app's JSON status document become which metrics, rendered
// to json_exporter's configuration file (one module, "default", probed with ?module=default).
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { configYaml } from '../config-yaml.js';
import { sortKeys } from '../../model/labels.js';
import { InvalidRequestError, type FieldError } from '../../model/errors.js';
import { isPlainObject } from './adapter-params.js';
import { jsonPathTemplateProblem } from './jsonpath-template.js';
import { Doc, SchemaIs } from '../../model/validators.js';

export const JSON_EXPORTER_MODULE = 'default';
export const JSON_VALUE_TYPES = ['gauge', 'counter', 'untyped'] as const;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Kubernetes-style JSONPath as json_exporter reads it: a template in braces, or a bare path that gets them. */
const JSON_PATH = /^(\{[^\r\n]*\}|[.$[][^\r\n{}]*)$/;

export class JsonExporterMetric {
  @IsString()
  @MaxLength(200)
  @Matches(METRIC_NAME, { message: '$property must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)' })
  @Doc('metric name (Prometheus grammar), e.g. orders_queue_length')
  name: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @Matches(JSON_PATH, {
    message: '$property must be a JSONPath such as ".queue.length" or "{ .queue.length }" (one line)',
  })
  @Doc('JSONPath of the value in the app\'s document, e.g. "{ .queue.length }" or ".queue.length"')
  path: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[^\r\n]*$/, { message: '$property must be a single line' })
  @Doc('help text of the metric (default: its name)')
  help?: string;

  @IsOptional()
  @IsIn(JSON_VALUE_TYPES)
  @Doc("Prometheus type of the metric (json_exporter's default: untyped)")
  type?: (typeof JSON_VALUE_TYPES)[number];

  @IsOptional()
  @ValidateBy({
    name: 'isPrometheusLabels',
    validator: {
      validate: (value) =>
        isPlainObject(value) &&
        Object.entries(value).every(
          ([k, v]) => LABEL_NAME.test(k) && !k.startsWith('__') && typeof v === 'string' && !/[\r\n]/.test(v),
        ),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must map Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__") to single-line strings`,
    },
  })
  // OpenAPI 3.0 has no propertyNames: the key grammar goes in an extension
  @SchemaIs({
    type: 'object',
    'x-propertyNames': { type: 'string', pattern: `^(?!__)${LABEL_NAME.source.slice(1)}` },
    additionalProperties: { type: 'string', pattern: '^[^\\r\\n]*$' },
  })
  @Doc('labels: name -> constant value or JSONPath in braces, e.g. { "queue": "{ .queue.name }" }')
  labels?: Record<string, string>;
}

function asTemplate(path: string): string {
  return path.startsWith('{') ? path : `{ ${path} }`;
}

/**
 * A 400 naming every path or label template json_exporter's JSONPath parser would refuse: such a
 * metric would fail every scrape.
 */
export function checkJsonPaths(metrics: JsonExporterMetric[], pointer: string): void {
  const errors: FieldError[] = [];
  metrics.forEach((m, i) => {
    const pathProblem = jsonPathTemplateProblem(asTemplate(m.path));
    if (pathProblem)
      errors.push({
        pointer: `${pointer}/${i}/path`,
        detail: `json_exporter cannot read this JSONPath: ${pathProblem}`,
      });
    for (const [name, value] of Object.entries(m.labels ?? {})) {
      const labelProblem = jsonPathTemplateProblem(value);
      if (labelProblem)
        errors.push({
          pointer: `${pointer}/${i}/labels/${name}`,
          detail: `json_exporter cannot read this label template: ${labelProblem}`,
        });
    }
  });
  if (errors.length) throw new InvalidRequestError(errors);
}

/** json_exporter's config.yml: one module with one value metric per item. */
export function jsonExporterConfig(metrics: JsonExporterMetric[]): string {
  const doc = {
    modules: {
      [JSON_EXPORTER_MODULE]: {
        metrics: metrics.map((m) => ({
          name: m.name,
          path: asTemplate(m.path),
          help: m.help ?? m.name,
          ...(m.type ? { valuetype: m.type } : {}),
          ...(m.labels && Object.keys(m.labels).length ? { labels: sortKeys(m.labels) } : {}),
        })),
      },
    },
  };
  return configYaml(doc);
}
