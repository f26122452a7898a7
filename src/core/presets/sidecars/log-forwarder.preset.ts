// Sidecar: Fluent Bit tails the files the app writes to a shared emptyDir and ships them.
import type { HelperSpec } from '../../compose/pod-builder.js';
import { InvalidRequestError } from '../../model/errors.js';
import type { Preset, PresetParams } from '../preset.js';
import { secretEnv } from '../secret-ref.js';
import { applyFluentd } from './fluentd.js';
import { onigmoRegexProblem } from './onigmo-regex.js';
import {
  BUFFER_DIR,
  DEFAULT_BUFFER_SIZE,
  inputStorage,
  outputRetry,
  serviceStorage,
  type FluentBitEntries,
} from './fluent-bit-buffer.js';
import { LogForwarderParams, type LogOutput } from './log-forwarder-params.js';

const DEFAULT_PORTS: Record<string, number> = {
  forward: 24224,
  elasticsearch: 9200,
  opensearch: 9200,
  loki: 3100,
  http: 80,
};

export const CONFIG_DIR = '/fluent-bit/config';
/**
 * Answers 200 while Fluent Bit runs, whatever its outputs do. /api/v1/health would not do for a
 * probe: with Health_Check it answers 500 once an output has failed a few times (5 errors in 60 s,
 * src/http_server/api/v1/health.c), so a collector outage would restart every forwarder.
 */
export const UPTIME_PATH = '/api/v1/uptime';
export const STATE_DIR = '/fluent-bit/state';

export const logForwarderPreset: Preset<LogForwarderParams> = {
  kind: 'sidecar',
  id: 'log-forwarder',
  title: 'Log forwarder (Fluent Bit or Fluentd)',
  description:
    'Tails the log files the app writes to a shared directory and ships them to stdout, Fluentd (forward), Elasticsearch, OpenSearch, Loki or an HTTP endpoint. The app needs no change beyond writing to logDir. engine "fluentd" runs Fluentd instead of Fluent Bit (stdout, forward and http outputs; none, json and regex parsers).',
  params: LogForwarderParams,
  example: {
    preset: 'log-forwarder',
    name: 'logs',
    logDir: '/var/log/orders',
    parser: 'json',
    output: { type: 'forward', host: 'fluentd.logging.svc', port: 24224 },
  },
  apply(pod, p, ctx) {
    const logDir = p.logDir;
    if (p.parser === 'regex') checkRegex(p.regex ?? '', `${ctx.pointer}/regex`);
    checkOutputAuth(p.output, `${ctx.pointer}/output`);
    if (p.engine === 'fluentd') return applyFluentd(pod, p, ctx, outputPort(p.output));
    const logVolume = pod.shareWithMain(logDir, pod.volumeNameFor(p.name, 'logs'), `${ctx.pointer}/logDir`);
    const env = p.output.passwordSecret ? [secretEnv('FLB_OUTPUT_PASSWORD', p.output.passwordSecret)] : [];
    // An output that can go away buffers on disk; stdout never does.
    const bufferSize = p.output.type === 'stdout' ? undefined : (p.bufferSize ?? DEFAULT_BUFFER_SIZE);
    const files = fluentBitConfig(p, logDir, ctx.app.name, { bufferSize });
    const config = pod.addConfigFiles(p.name, files);
    const port = p.httpPort;
    const container = fluentBitContainer(p, 'sidecar', { logVolume, logDir, configVolume: config.volumeName }, port);
    if (bufferSize) {
      // The buffer survives a Fluent Bit restart (emptyDir) and is bounded so it never fills the node.
      const bufferVolume = pod.volumeNameFor(p.name, 'buffer');
      pod.addVolume({ name: bufferVolume, emptyDir: { sizeLimit: bufferSize } });
      container.volumeMounts = [...(container.volumeMounts ?? []), { name: bufferVolume, mountPath: BUFFER_DIR }];
    }
    pod.addHelper({
      ...container,
      env,
      startupProbe: { httpGet: { path: UPTIME_PATH, port }, periodSeconds: 2, failureThreshold: 30 },
    });
    if (p.output.type !== 'stdout')
      pod.declareEgress({
        port: outputPort(p.output),
        protocol: 'TCP',
        purpose: `${p.output.type} output ${p.output.host}`,
      });
  },
};

/**
 * The Fluent Bit container of a preset that tails the app's logs (this one, the log-normalizer
 * adapter): log directory and config read-only, tail state on an emptyDir, health on `port`.
 */
export function fluentBitContainer(
  item: PresetParams,
  role: 'sidecar' | 'adapter',
  dirs: { logVolume: string; logDir: string; configVolume: string },
  port: number,
): HelperSpec {
  return {
    item,
    role,
    image: 'fluentBit',
    args: ['--config', `${CONFIG_DIR}/fluent-bit.conf`],
    ports: [{ containerPort: port, protocol: 'TCP' }],
    volumeMounts: [
      { name: dirs.logVolume, mountPath: dirs.logDir, readOnly: true },
      { name: dirs.configVolume, mountPath: CONFIG_DIR, readOnly: true },
    ],
    writablePaths: [STATE_DIR],
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    // Readiness gates the pod's (a native sidecar's too), so it asks, like liveness, only whether
    // the process answers, never whether the output is reachable.
    readinessProbe: { httpGet: { path: UPTIME_PATH, port }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: UPTIME_PATH, port }, periodSeconds: 30, failureThreshold: 3 },
  };
}

/** Credentials an output cannot use are an error, not silently dropped. */
function checkOutputAuth(o: LogOutput, pointer: string): void {
  const given = (['user', 'passwordSecret'] as const).filter((k) => o[k] !== undefined);
  if (given.length && (o.type === 'stdout' || o.type === 'forward')) {
    throw new InvalidRequestError(
      given.map((k) => ({ pointer: `${pointer}/${k}`, detail: `output type "${o.type}" takes no user or password` })),
    );
  }
  if (o.passwordSecret && !o.user) {
    throw new InvalidRequestError([
      {
        pointer: `${pointer}/user`,
        detail: 'passwordSecret needs a user: the output authenticates with HTTP basic auth',
      },
    ]);
  }
}

/** A 400 for a parser regex Fluent Bit (Onigmo, Ruby syntax) would refuse at start. */
export function checkRegex(regex: string, pointer: string): void {
  const problem = onigmoRegexProblem(regex);
  if (problem) throw new InvalidRequestError([{ pointer, detail: problem }]);
}

/** Key/value lines of one Fluent Bit config section. */

/**
 * Fluent Bit classic-mode configuration: service, tail input, optional parser, one output.
 * `extras` adds filters after the parser and replaces the output (for presets built on this one).
 */
export function fluentBitConfig(
  p: LogForwarderParams,
  logDir: string,
  appName: string,
  extras: { filters?: FluentBitEntries[]; output?: FluentBitEntries; bufferSize?: string } = {},
): Record<string, string> {
  const lines = (section: string, entries: [string, string | number][]) =>
    [`[${section}]`, ...entries.map(([k, v]) => `    ${k.padEnd(17)} ${v}`), ''].join('\n');
  const parser = p.parser;
  const parts = [
    lines('SERVICE', [
      ['Flush', 1],
      ['Daemon', 'Off'],
      ['Log_Level', 'info'],
      ['Parsers_File', `${CONFIG_DIR}/parsers.conf`],
      ['HTTP_Server', 'On'],
      ['HTTP_Listen', '0.0.0.0'],
      ['HTTP_Port', p.httpPort],
      ...(extras.bufferSize ? serviceStorage() : []),
    ]),
    lines('INPUT', [
      ['Name', 'tail'],
      ['Path', `${logDir.replace(/\/+$/, '')}/${p.glob}`],
      ['Tag', 'app.*'],
      ['DB', `${STATE_DIR}/tail.db`],
      ['DB.locking', 'true'],
      ['Mem_Buf_Limit', '5MB'],
      ['Skip_Long_Lines', 'On'],
      ['Refresh_Interval', 5],
      ...(extras.bufferSize ? inputStorage() : []),
    ]),
  ];
  if (parser !== 'none') {
    parts.push(
      lines('FILTER', [
        ['Name', 'parser'],
        ['Match', 'app.*'],
        ['Key_Name', 'log'],
        ['Parser', `app-${parser}`],
        ['Reserve_Data', 'On'],
      ]),
    );
  }
  for (const filter of extras.filters ?? []) parts.push(lines('FILTER', filter));
  parts.push(
    lines('OUTPUT', [
      ...(extras.output ?? outputEntries(p.output, appName)),
      ...(extras.bufferSize ? outputRetry(extras.bufferSize) : []),
    ]),
  );
  const parsers =
    parser === 'none'
      ? '# no parser: records carry the raw line in "log"\n'
      : lines('PARSER', [
          ['Name', `app-${parser}`],
          ['Format', parser],
          ...(parser === 'regex' ? ([['Regex', p.regex ?? '']] as [string, string][]) : []),
          // A line with a bare word ("just some text") is not logfmt: without this Fluent Bit makes
          // every word a key set to true; with it the line fails to parse and stays whole in "log".
          ...(parser === 'logfmt' ? ([['Logfmt_No_Bare_Keys', 'true']] as [string, string][]) : []),
        ]);
  return { 'fluent-bit.conf': parts.join('\n'), 'parsers.conf': parsers };
}

function outputPort(o: LogOutput): number {
  return o.port ?? (o.type === 'http' && o.tls ? 443 : DEFAULT_PORTS[o.type]);
}

function outputEntries(o: LogOutput, appName: string): [string, string | number][] {
  const port = outputPort(o);
  const tls: [string, string][] = o.tls
    ? [
        ['tls', 'On'],
        ['tls.verify', 'On'],
      ]
    : [];
  const auth = (userKey: string, passKey: string): [string, string][] => [
    ...(o.user ? ([[userKey, o.user]] as [string, string][]) : []),
    ...(o.passwordSecret ? ([[passKey, '${FLB_OUTPUT_PASSWORD}']] as [string, string][]) : []),
  ];
  switch (o.type) {
    case 'stdout':
      return [
        ['Name', 'stdout'],
        ['Match', '*'],
        ['Format', 'json_lines'],
      ];
    case 'forward':
      return [['Name', 'forward'], ['Match', '*'], ['Host', o.host!], ['Port', port], ...tls];
    case 'elasticsearch':
    case 'opensearch':
      return [
        ['Name', o.type === 'elasticsearch' ? 'es' : 'opensearch'],
        ['Match', '*'],
        ['Host', o.host!],
        ['Port', port],
        ['Index', o.index ?? appName],
        ['Suppress_Type_Name', 'On'],
        ['Replace_Dots', 'On'],
        ...auth('HTTP_User', 'HTTP_Passwd'),
        ...tls,
      ];
    case 'loki':
      return [
        ['Name', 'loki'],
        ['Match', '*'],
        ['Host', o.host!],
        ['Port', port],
        ['Labels', `job=${appName}`],
        ...auth('HTTP_User', 'HTTP_Passwd'),
        ...tls,
      ];
    case 'http':
      return [
        ['Name', 'http'],
        ['Match', '*'],
        ['Host', o.host!],
        ['Port', port],
        ['URI', o.uri ?? '/'],
        ['Format', 'json'],
        ...auth('HTTP_User', 'HTTP_Passwd'),
        ...tls,
      ];
  }
}
