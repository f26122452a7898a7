// The log-forwarder sidecar with `engine: fluentd`: the same job as Fluent Bit (tail the app's log
// files from the shared directory, parse, ship), done by Fluentd from its official image, which
// carries only Fluentd's built-in plugins. What those plugins cannot do is refused, never dropped.
import type { PodBuilder } from '../../compose/pod-builder.js';
import { InvalidRequestError } from '../../model/errors.js';
import type { PresetContext } from '../preset.js';
import { secretEnv } from '../secret-ref.js';
import { DEFAULT_BUFFER_SIZE, outputLimit } from './fluent-bit-buffer.js';
import type { LogForwarderParams, LogOutput } from './log-forwarder-params.js';

export const FLUENTD_CONFIG_DIR = '/fluentd/etc';
/** tail positions (pos_file) */
export const FLUENTD_STATE_DIR = '/fluentd/state';
/** file buffer chunks of the output */
export const FLUENTD_BUFFER_DIR = '/fluentd/buffer';
const PASSWORD_ENV = 'FLUENTD_OUTPUT_PASSWORD';

/** Outputs Fluentd's image can serve with built-in plugins (out_stdout, out_forward, out_http). */
export const FLUENTD_OUTPUTS = ['stdout', 'forward', 'http'] as const;
/** Parsers built into Fluentd (logfmt is a third-party plugin). */
export const FLUENTD_PARSERS = ['none', 'json', 'regex'] as const;

/** A Fluentd config section: `<name arg>`, its parameters, nested sections. */
interface Section {
  name: string;
  arg?: string;
  params: [string, string | number | boolean][];
  children?: Section[];
}

function render(s: Section, indent = ''): string[] {
  const inner = `${indent}  `;
  return [
    `${indent}<${s.name}${s.arg ? ` ${s.arg}` : ''}>`,
    ...s.params.map(([k, v]) => `${inner}${k} ${v}`),
    ...(s.children ?? []).flatMap((c) => render(c, inner)),
    `${indent}</${s.name}>`,
  ];
}

/** Refuses what Fluentd's image cannot do, at the field that asks for it. */
export function checkFluentdParams(p: LogForwarderParams, pointer: string): void {
  const errors = [];
  if (!(FLUENTD_OUTPUTS as readonly string[]).includes(p.output.type)) {
    errors.push({
      pointer: `${pointer}/output/type`,
      detail: `engine "fluentd" has no ${p.output.type} output (its image carries only ${FLUENTD_OUTPUTS.join(', ')}); use engine "fluent-bit", or output type "forward" to a Fluentd aggregator that has the plugin`,
    });
  }
  if (!(FLUENTD_PARSERS as readonly string[]).includes(p.parser)) {
    errors.push({
      pointer: `${pointer}/parser`,
      detail: `engine "fluentd" has no ${p.parser} parser (built in: ${FLUENTD_PARSERS.join(', ')}); use engine "fluent-bit" or parser "regex"`,
    });
  }
  if (p.parser === 'regex' && /#/.test(p.regex ?? '')) {
    errors.push({
      pointer: `${pointer}/regex`,
      detail: 'with engine "fluentd" the regex cannot contain "#" (it starts a comment in fluent.conf)',
    });
  }
  if (errors.length) throw new InvalidRequestError(errors);
}

function parseSection(p: LogForwarderParams): Section {
  switch (p.parser) {
    case 'json':
      return {
        name: 'parse',
        params: [
          ['@type', 'json'],
          ['keep_time_key', true],
        ],
      };
    case 'regex':
      return {
        name: 'parse',
        params: [
          ['@type', 'regexp'],
          ['expression', `/${p.regex ?? ''}/`],
          ['keep_time_key', true],
        ],
      };
    default:
      // the whole line as "message"
      return { name: 'parse', params: [['@type', 'none']] };
  }
}

function outputParams(o: LogOutput, port: number): { params: Section['params']; children: Section[] } {
  const json: Section = { name: 'format', params: [['@type', 'json']] };
  switch (o.type) {
    case 'forward':
      return {
        params: [
          ['@type', 'forward'],
          ...(o.tls
            ? ([
                ['transport', 'tls'],
                ['tls_verify_hostname', true],
              ] as Section['params'])
            : []),
        ],
        children: [
          {
            name: 'server',
            params: [
              ['host', o.host!],
              ['port', port],
            ],
          },
        ],
      };
    case 'http': {
      const auth: Section[] = o.user
        ? [
            {
              name: 'auth',
              params: [
                ['method', 'basic'],
                ['username', o.user],
                ...(o.passwordSecret ? ([['password', `"#{ENV['${PASSWORD_ENV}']}"`]] as Section['params']) : []),
              ],
            },
          ]
        : [];
      return {
        params: [
          ['@type', 'http'],
          ['endpoint', `${o.tls ? 'https' : 'http'}://${o.host}:${port}${o.uri ?? '/'}`],
          ['content_type', 'application/x-ndjson'],
        ],
        children: [json, ...auth],
      };
    }
    default:
      return { params: [['@type', 'stdout']], children: [json] };
  }
}

/** fluent.conf: tail source with pos_file, parse, monitor agent (probes), one match with a file buffer. */
export function fluentdConfig(p: LogForwarderParams, logDir: string, port: number, outputPort: number): string {
  const output = outputParams(p.output, outputPort);
  const sections: Section[] = [
    { name: 'system', params: [['log_level', 'info']] },
    {
      name: 'source',
      params: [
        ['@type', 'tail'],
        ['@id', 'app_logs'],
        ['path', `${logDir.replace(/\/+$/, '')}/${p.glob}`],
        ['pos_file', `${FLUENTD_STATE_DIR}/tail.pos`],
        ['tag', 'app.*'],
        ['read_from_head', true],
        ['refresh_interval', 5],
      ],
      children: [parseSection(p)],
    },
    // /api/plugins.json answers while Fluentd runs, whatever the collector does: the probes' path
    {
      name: 'source',
      params: [
        ['@type', 'monitor_agent'],
        ['bind', '0.0.0.0'],
        ['port', port],
      ],
    },
    {
      name: 'match',
      arg: 'app.**',
      params: output.params,
      children: [
        ...output.children,
        {
          name: 'buffer',
          params: [
            ['@type', 'file'],
            ['path', FLUENTD_BUFFER_DIR],
            ['flush_mode', 'interval'],
            ['flush_interval', '5s'],
            ['chunk_limit_size', '8MB'],
            // keep trying while the collector is away; past the limit (80% of the volume, so the
            // kubelet never evicts the pod for its sizeLimit) the oldest chunks go first
            ['total_limit_size', outputLimit(p.bufferSize ?? DEFAULT_BUFFER_SIZE)],
            ['overflow_action', 'drop_oldest_chunk'],
            ['retry_forever', true],
            ['retry_max_interval', '60s'],
          ],
        },
      ],
    },
  ];
  return [
    "# log-forwarder (Fluentd): tails the app's log files and ships each line as one record.",
    ...sections.flatMap((s) => ['', ...render(s)]),
    '',
  ].join('\n');
}

/** Adds the Fluentd container of a log-forwarder item (its params already checked as for Fluent Bit). */
export function applyFluentd(pod: PodBuilder, p: LogForwarderParams, ctx: PresetContext, outputPort: number): void {
  checkFluentdParams(p, ctx.pointer);
  const logDir = p.logDir;
  const port = p.httpPort;
  const logVolume = pod.shareWithMain(logDir, pod.volumeNameFor(p.name, 'logs'), `${ctx.pointer}/logDir`);
  const config = pod.addConfigFiles(p.name, { 'fluent.conf': fluentdConfig(p, logDir, port, outputPort) });
  const httpGet = { path: '/api/plugins.json', port };
  // the chunks live on an emptyDir of their own, sized by the request like Fluent Bit's
  const bufferVolume = pod.volumeNameFor(p.name, 'buffer');
  pod.addVolume({ name: bufferVolume, emptyDir: { sizeLimit: p.bufferSize ?? DEFAULT_BUFFER_SIZE } });
  pod.addHelper({
    item: p,
    role: 'sidecar',
    image: 'fluentd',
    args: ['fluentd', '-c', `${FLUENTD_CONFIG_DIR}/fluent.conf`],
    env: p.output.passwordSecret ? [secretEnv(PASSWORD_ENV, p.output.passwordSecret)] : [],
    ports: [{ containerPort: port, protocol: 'TCP' }],
    volumeMounts: [
      { name: logVolume, mountPath: logDir, readOnly: true },
      { name: config.volumeName, mountPath: FLUENTD_CONFIG_DIR, readOnly: true },
      { name: bufferVolume, mountPath: FLUENTD_BUFFER_DIR },
    ],
    // pos_file and the supervisor's socket (Ruby's tmpdir)
    writablePaths: [FLUENTD_STATE_DIR, '/tmp'],
    resources: { requests: { cpu: '20m', memory: '96Mi' }, limits: { memory: '256Mi' } },
    startupProbe: { httpGet, periodSeconds: 2, failureThreshold: 30 },
    readinessProbe: { httpGet, periodSeconds: 10 },
    livenessProbe: { httpGet, periodSeconds: 30 },
  });
  if (p.output.type !== 'stdout')
    pod.declareEgress({ port: outputPort, protocol: 'TCP', purpose: `${p.output.type} output ${p.output.host}` });
}
