// Adapter: Fluent Bit tails the log files the app writes to a shared directory, parses each line
// (json, logfmt or a regex) and writes one JSON object per line to its own stdout, so the
// cluster's log agent sees one shape whatever the app's format. The Fluent Bit configuration is
// the log forwarder's, with a stdout output that names and formats the time field.
import { IsIn, IsOptional, IsString, Matches, ValidateBy, type ValidationArguments } from 'class-validator';
import type { Preset } from '../preset.js';
import type { FluentBitEntries } from '../sidecars/fluent-bit-buffer.js';
import { TailedLogParams, type LOG_PARSERS } from '../sidecars/log-forwarder-params.js';
import { checkRegex, fluentBitConfig, fluentBitContainer } from '../sidecars/log-forwarder.preset.js';
import { isPlainObject } from './adapter-params.js';
import { claimPodPort } from './metrics-endpoint.js';
import { Doc, SchemaIs } from '../../model/validators.js';

const FIELD_NAME = /^@?[A-Za-z_][A-Za-z0-9_.-]{0,62}$/;
export const TIME_FORMATS = ['iso8601', 'epoch', 'double'] as const;

export class LogNormalizerParams extends TailedLogParams {
  /** how each line is parsed; lines that do not parse are kept whole in "log" (default json) */
  override parser: (typeof LOG_PARSERS)[number] = 'json';

  /** Fluent Bit's HTTP server port (health); default 2021, beside a log-forwarder on 2020 */
  override httpPort: number = 2021;

  @IsOptional()
  @IsString()
  @Matches(FIELD_NAME, { message: '$property must be a field name ([A-Za-z_][A-Za-z0-9_.-]*, optionally after @)' })
  @Doc("name of the record's time field in the output")
  timeKey: string = 'time';

  @IsOptional()
  @IsIn(TIME_FORMATS)
  @Doc('format of the time field: iso8601, epoch seconds or double')
  timeFormat: (typeof TIME_FORMATS)[number] = 'iso8601';

  @IsOptional()
  @ValidateBy({
    name: 'isLogFields',
    validator: {
      validate: (value) =>
        isPlainObject(value) &&
        Object.keys(value).length <= 32 &&
        Object.entries(value).every(
          ([k, v]) => FIELD_NAME.test(k) && typeof v === 'string' && /^[^\r\n]{1,256}$/.test(v) && v.trim() === v,
        ),
      defaultMessage: (a?: ValidationArguments) =>
        `${a?.property} must map at most 32 field names ([A-Za-z_][A-Za-z0-9_.-]*) to single-line values of 1-256 characters without leading or trailing spaces`,
    },
  })
  // OpenAPI 3.0 has no propertyNames: the key grammar goes in an extension
  @SchemaIs({
    type: 'object',
    maxProperties: 32,
    'x-propertyNames': { type: 'string', pattern: FIELD_NAME.source },
    additionalProperties: { type: 'string', pattern: '^\\S([^\\r\\n]{0,254}\\S)?$' },
  })
  @Doc('constant fields added to every record, e.g. { "app": "orders", "env": "prod" }')
  addFields?: Record<string, string>;
}

export const logNormalizerPreset: Preset<LogNormalizerParams> = {
  kind: 'adapter',
  id: 'log-normalizer',
  title: 'Log normalizer (Fluent Bit)',
  description:
    "Tails the log files the app writes to a shared directory, parses them (json, logfmt or a regex with named groups) and writes one JSON object per line to the adapter's stdout, with a uniform time field and optional constant fields, so every app's logs reach the cluster's log agent in one shape.",
  params: LogNormalizerParams,
  example: {
    preset: 'log-normalizer',
    name: 'log-shape',
    logDir: '/var/log/app',
    parser: 'logfmt',
    addFields: { app: 'orders' },
  },
  apply(pod, p, ctx) {
    const logDir = p.logDir;
    const parser = p.parser;
    if (parser === 'regex') checkRegex(p.regex ?? '', `${ctx.pointer}/regex`);
    const port = p.httpPort;
    if (!claimPodPort(pod, { containerPort: port, protocol: 'TCP' }, `${ctx.pointer}/httpPort`, p.name)) return;
    const logVolume = pod.shareWithMain(logDir, pod.volumeNameFor(p.name, 'logs'), `${ctx.pointer}/logDir`);
    const files = fluentBitConfig({ ...p, parser, httpPort: port, output: { type: 'stdout' } }, logDir, ctx.app.name, {
      filters: addFieldsFilters(p.addFields),
      output: [
        ['Name', 'stdout'],
        ['Match', '*'],
        ['Format', 'json_lines'],
        ['json_date_key', p.timeKey],
        ['json_date_format', p.timeFormat],
      ],
    });
    const config = pod.addConfigFiles(p.name, files);
    pod.addHelper(fluentBitContainer(p, 'adapter', { logVolume, logDir, configVolume: config.volumeName }, port));
  },
};

/** One modify filter that adds the constant fields, keys sorted for stable output. */
function addFieldsFilters(fields: Record<string, string> | undefined): FluentBitEntries[] {
  const entries = Object.entries(fields ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return [];
  return [[['Name', 'modify'], ['Match', 'app.*'], ...entries.map(([k, v]): [string, string] => ['Add', `${k} ${v}`])]];
}
