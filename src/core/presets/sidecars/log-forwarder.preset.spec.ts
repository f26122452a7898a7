import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import {
  configMapData,
  containerNamed,
  podSpecOf,
  podTemplateOf,
  schemaProblems,
} from '../../../../test/support/pod-template.js';
import { LOG_OUTPUT_TYPES } from './log-forwarder-params.js';
import { bundleParts, composeBundle } from '../../../../test/support/validated.js';

const request = (sidecar: Partial<PresetItem> = {}, kubernetesVersion = '1.33'): BundleRequest => ({
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
  sidecars: [
    { preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' }, ...sidecar },
  ],
  target: { kubernetesVersion },
});

/** Fluent Bit classic config as [section, {key: value}] pairs, in file order. */
function sections(conf: string): [string, Record<string, string>][] {
  const out: [string, Record<string, string>][] = [];
  for (const raw of conf.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[([A-Z]+)\]$/.exec(line);
    if (header) out.push([header[1], {}]);
    else {
      const [key, ...rest] = line.split(/\s+/);
      out[out.length - 1][1][key] = rest.join(' ');
    }
  }
  return out;
}
const section = (conf: string, name: string) =>
  sections(conf)
    .filter(([n]) => n === name)
    .map(([, v]) => v);

const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));

describe('log-forwarder preset', () => {
  it.each(['1.28', '1.33'])(
    'shares one volume at logDir: writable in the app, read-only in Fluent Bit (%s)',
    (version) => {
      const spec = podSpecOf(composeBundle(request({}, version)));
      const app = containerNamed(spec, 'orders');
      const fluentBit = containerNamed(spec, 'logs');
      const appMount = app.volumeMounts!.find((m) => m.mountPath === '/var/log/orders')!;
      const fbMount = fluentBit.volumeMounts!.find((m) => m.mountPath === '/var/log/orders')!;
      expect(appMount.readOnly).toBeFalsy();
      expect(fbMount).toEqual({ name: appMount.name, mountPath: '/var/log/orders', readOnly: true });
      expect(spec.volumes!.find((v) => v.name === appMount.name)).toEqual({ name: appMount.name, emptyDir: {} });
    },
  );

  it('reuses the volume the app already mounts at logDir instead of adding a second one', () => {
    const req = request({}, '1.33');
    req.app.securityContext = { writablePaths: ['/var/log/orders'] };
    const spec = podSpecOf(composeBundle(req));
    const appMounts = containerNamed(spec, 'orders').volumeMounts!.filter((m) => m.mountPath === '/var/log/orders');
    expect(appMounts).toHaveLength(1);
    expect(containerNamed(spec, 'logs').volumeMounts!.find((m) => m.mountPath === '/var/log/orders')!.name).toBe(
      appMounts[0].name,
    );
  });

  it('tails <logDir>/<glob> from the config it mounts read-only from the bundle ConfigMap', () => {
    const bundle = composeBundle(request({ glob: 'access-*.log' }));
    const spec = podSpecOf(bundle);
    const fluentBit = containerNamed(spec, 'logs');
    const configMount = fluentBit.volumeMounts!.find((m) => m.mountPath === '/fluent-bit/config')!;
    expect(configMount.readOnly).toBe(true);
    const configVolume = spec.volumes!.find((v) => v.name === configMount.name)!;
    expect(configVolume.configMap?.name).toBe('orders-logs');
    expect(fluentBit.args).toEqual(['--config', '/fluent-bit/config/fluent-bit.conf']);

    const conf = configMapData(bundle, 'orders-logs')['fluent-bit.conf'];
    const [input] = section(conf, 'INPUT');
    expect(input).toMatchObject({ Name: 'tail', Path: '/var/log/orders/access-*.log' });
  });

  it('keeps its tail state on a writable emptyDir, not on the read-only root filesystem', () => {
    const bundle = composeBundle(request());
    const spec = podSpecOf(bundle);
    const fluentBit = containerNamed(spec, 'logs');
    expect(fluentBit.securityContext?.readOnlyRootFilesystem).toBe(true);
    const db = section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'INPUT')[0].DB;
    const stateMount = fluentBit.volumeMounts!.find((m) => db.startsWith(`${m.mountPath}/`));
    expect(stateMount, `a mount that holds ${db}`).toBeDefined();
    expect(stateMount!.readOnly).toBeFalsy();
    expect(spec.volumes!.find((v) => v.name === stateMount!.name)!.emptyDir).toBeDefined();
  });

  const outputs: Record<
    (typeof LOG_OUTPUT_TYPES)[number],
    { output: Record<string, unknown>; expected: Record<string, string> }
  > = {
    stdout: { output: { type: 'stdout' }, expected: { Name: 'stdout' } },
    forward: {
      output: { type: 'forward', host: 'fluentd.logging.svc' },
      expected: { Name: 'forward', Host: 'fluentd.logging.svc', Port: '24224' },
    },
    elasticsearch: {
      output: { type: 'elasticsearch', host: 'es.logging.svc', index: 'orders-logs' },
      expected: { Name: 'es', Host: 'es.logging.svc', Port: '9200', Index: 'orders-logs' },
    },
    opensearch: {
      output: { type: 'opensearch', host: 'os.logging.svc', port: 9201 },
      expected: { Name: 'opensearch', Host: 'os.logging.svc', Port: '9201', Index: 'orders' },
    },
    loki: {
      output: { type: 'loki', host: 'loki.monitoring.svc' },
      expected: { Name: 'loki', Host: 'loki.monitoring.svc', Port: '3100' },
    },
    http: {
      output: { type: 'http', host: 'collector.example.com', uri: '/ingest', tls: true },
      expected: { Name: 'http', Host: 'collector.example.com', Port: '443', URI: '/ingest', tls: 'On' },
    },
  };
  it.each(LOG_OUTPUT_TYPES)('names the chosen output in the config: %s', (type) => {
    const { output, expected } = outputs[type];
    const bundle = composeBundle(request({ output }));
    const sent = section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'OUTPUT');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject(expected);
    expect(schemaProblems(bundle.manifests)).toEqual([]);
  });

  it('takes the output password from a Secret and never writes it into the config', () => {
    const bundle = composeBundle(
      request({
        output: {
          type: 'loki',
          host: 'loki.example.com',
          user: 'orders',
          passwordSecret: { secretName: 'loki-auth', key: 'password' },
        },
      }),
    );
    const fluentBit = containerNamed(podSpecOf(bundle), 'logs');
    const passwordEnv = fluentBit.env!.find((e) => e.name === 'FLB_OUTPUT_PASSWORD')!;
    expect(passwordEnv).toEqual({
      name: 'FLB_OUTPUT_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'loki-auth', key: 'password' } },
    });
    const [out] = section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'OUTPUT');
    expect(out).toMatchObject({ HTTP_User: 'orders', HTTP_Passwd: '${FLB_OUTPUT_PASSWORD}' });
  });

  it('defaults the http output to port 80 without TLS', () => {
    const bundle = composeBundle(request({ output: { type: 'http', host: 'collector.internal' } }));
    expect(section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'OUTPUT')[0]).toMatchObject({
      Port: '80',
      URI: '/',
    });
  });

  it.each([
    [{ type: 'forward', host: 'fluentd.logging.svc', user: 'x' }, '/sidecars/0/output/user'],
    [{ type: 'stdout', passwordSecret: { secretName: 's', key: 'k' } }, '/sidecars/0/output/passwordSecret'],
    [
      { type: 'loki', host: 'loki.example.com', passwordSecret: { secretName: 's', key: 'k' } },
      '/sidecars/0/output/user',
    ],
  ])('refuses credentials the output would ignore: %j', (output, pointer) => {
    expect(failure(request({ output })).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('parses with the chosen parser through a filter and a parsers file', () => {
    const bundle = composeBundle(request({ parser: 'regex', regex: '^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$' }));
    const data = configMapData(bundle, 'orders-logs');
    const conf = data['fluent-bit.conf'];
    expect(section(conf, 'SERVICE')[0].Parsers_File).toBe('/fluent-bit/config/parsers.conf');
    expect(section(conf, 'FILTER')[0]).toMatchObject({ Name: 'parser', Parser: 'app-regex', Key_Name: 'log' });
    expect(section(data['parsers.conf'], 'PARSER')[0]).toMatchObject({
      Name: 'app-regex',
      Format: 'regex',
      Regex: '^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$',
    });
  });

  it('rejects a regex without named groups with a pointer to it', () => {
    const err = failure(request({ parser: 'regex', regex: '^.*$' }));
    expect(err.errors[0].pointer).toBe('/sidecars/0/regex');
  });

  // each would stop Fluent Bit at start (Onigmo refuses it), so the pod would never be Ready
  it.each([
    '^(?<time>[^ ]+) (?<message>.*',
    '^(?<=a+)(?<message>.*)$',
    '^(?<message>[^].*)$',
    '^(?<level>\\w+) \\1$',
    '^(?<level>[[a-z])(?<message>.*)$',
  ])('rejects a regex Fluent Bit would refuse at start: %s', (regex) => {
    const err = failure(request({ parser: 'regex', regex }));
    expect(err.errors.map((e) => e.pointer)).toEqual(['/sidecars/0/regex']);
  });

  it('rejects an output without its host with a pointer into output', () => {
    const err = failure(request({ output: { type: 'forward' } }));
    expect(err.errors.map((e) => e.pointer)).toContain('/sidecars/0/output/host');
  });

  it('changes the checksum annotation when, and only when, the config changes', () => {
    const checksum = (output: Record<string, unknown>) =>
      podTemplateOf(composeBundle(request({ output }))).annotations['checksum/config-logs'];
    const a = checksum({ type: 'forward', host: 'fluentd-a.logging.svc' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum({ type: 'forward', host: 'fluentd-a.logging.svc' })).toBe(a);
    expect(checksum({ type: 'forward', host: 'fluentd-b.logging.svc' })).not.toBe(a);
  });

  it('serves its probes from its HTTP server port, which it declares', () => {
    const fluentBit = containerNamed(podSpecOf(composeBundle(request({ httpPort: 2021 }))), 'logs');
    expect(fluentBit.ports).toEqual([{ containerPort: 2021, protocol: 'TCP' }]);
    expect(fluentBit.startupProbe?.httpGet).toEqual({ path: '/api/v1/uptime', port: 2021 });
  });

  it.each(['1.28', '1.33'])('probes only that Fluent Bit runs, never the output (%s)', (version) => {
    const bundle = composeBundle(request({ output: { type: 'forward', host: 'fluentd.logging.svc' } }, version));
    const fluentBit = containerNamed(podSpecOf(bundle), 'logs');
    // /api/v1/health turns 500 after 5 output errors in 60 s: a collector outage would make the
    // pod NotReady and restart the forwarder.
    const probes = [fluentBit.startupProbe, fluentBit.readinessProbe, fluentBit.livenessProbe].filter(Boolean);
    expect(probes.map((p) => p!.httpGet?.path)).not.toContain('/api/v1/health');
    expect(fluentBit.readinessProbe?.httpGet).toEqual({ path: '/api/v1/uptime', port: 2020 });
    expect(fluentBit.livenessProbe?.httpGet).toEqual({ path: '/api/v1/uptime', port: 2020 });
    expect(section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'SERVICE')[0].Health_Check).toBeUndefined();
  });

  it('buffers on a size-limited emptyDir and retries a failed chunk until the output takes it', () => {
    const bundle = composeBundle(request({ output: { type: 'forward', host: 'fluentd.logging.svc' } }));
    const spec = podSpecOf(bundle);
    const conf = configMapData(bundle, 'orders-logs')['fluent-bit.conf'];
    const [service] = section(conf, 'SERVICE');
    const [input] = section(conf, 'INPUT');
    const [output] = section(conf, 'OUTPUT');
    expect(service['storage.path']).toBe('/fluent-bit/buffer/');
    expect(Number(service['storage.max_chunks_up'])).toBeLessThanOrEqual(32);
    expect(input['storage.type']).toBe('filesystem');
    // Fluent Bit's default Retry_Limit is 1: a chunk made during an outage would be dropped.
    expect(output).toMatchObject({ Retry_Limit: 'no_limits', 'storage.total_limit_size': '204M' });
    const mount = containerNamed(spec, 'logs').volumeMounts!.find((m) => m.mountPath === '/fluent-bit/buffer')!;
    expect(mount.readOnly).toBeFalsy();
    expect(spec.volumes!.find((v) => v.name === mount.name)).toEqual({
      name: mount.name,
      emptyDir: { sizeLimit: '256Mi' },
    });
  });

  it('sizes the buffer from bufferSize, keeping Fluent Bit under the volume limit', () => {
    const bundle = composeBundle(request({ bufferSize: '2Gi', output: { type: 'loki', host: 'loki.monitoring.svc' } }));
    const spec = podSpecOf(bundle);
    expect(spec.volumes!.find((v) => v.emptyDir?.sizeLimit)!.emptyDir).toEqual({ sizeLimit: '2Gi' });
    expect(
      section(configMapData(bundle, 'orders-logs')['fluent-bit.conf'], 'OUTPUT')[0]['storage.total_limit_size'],
    ).toBe('1638M');
    expect(failure(request({ bufferSize: '2GB' })).errors.map((e) => e.pointer)).toEqual(['/sidecars/0/bufferSize']);
  });

  it('keeps a free-text line whole under the logfmt parser (no bare keys)', () => {
    const data = configMapData(composeBundle(request({ parser: 'logfmt' })), 'orders-logs');
    expect(section(data['parsers.conf'], 'PARSER')[0]).toMatchObject({
      Name: 'app-logfmt',
      Format: 'logfmt',
      Logfmt_No_Bare_Keys: 'true',
    });
  });
});

// Every value of the config Fluent Bit reads, of the container and of the egress it declares: a
// changed directive, default or threshold fails here, not only a missing one.
describe('log-forwarder preset: the values it writes', () => {
  const forward = { type: 'forward', host: 'fluentd.logging.svc' };
  const confOf = (sidecar: Partial<PresetItem>) => configMapData(composeBundle(request(sidecar)), 'orders-logs');

  it('writes every SERVICE and INPUT directive of a buffered forwarder, one "key value" line each', () => {
    const conf = confOf({ output: forward })['fluent-bit.conf'];
    expect(section(conf, 'SERVICE')).toEqual([
      {
        Flush: '1',
        Daemon: 'Off',
        Log_Level: 'info',
        Parsers_File: '/fluent-bit/config/parsers.conf',
        HTTP_Server: 'On',
        HTTP_Listen: '0.0.0.0',
        HTTP_Port: '2020',
        'storage.path': '/fluent-bit/buffer/',
        'storage.sync': 'normal',
        'storage.checksum': 'off',
        'storage.max_chunks_up': '16',
        'storage.backlog.mem_limit': '5M',
        'scheduler.cap': '30',
      },
    ]);
    expect(section(conf, 'INPUT')).toEqual([
      {
        Name: 'tail',
        Path: '/var/log/orders/*.log',
        Tag: 'app.*',
        DB: '/fluent-bit/state/tail.db',
        'DB.locking': 'true',
        Mem_Buf_Limit: '5MB',
        Skip_Long_Lines: 'On',
        Refresh_Interval: '5',
        'storage.type': 'filesystem',
      },
    ]);
    expect(section(conf, 'FILTER')).toEqual([]);
    expect(section(conf, 'OUTPUT')).toEqual([
      {
        Name: 'forward',
        Match: '*',
        Host: 'fluentd.logging.svc',
        Port: '24224',
        Retry_Limit: 'no_limits',
        'storage.total_limit_size': '204M',
      },
    ]);
    // the section order Fluent Bit needs, and the key column padded to 17 characters
    expect(sections(conf).map(([name]) => name)).toEqual(['SERVICE', 'INPUT', 'OUTPUT']);
    expect(conf.split('\n').slice(0, 3)).toEqual(['[SERVICE]', '    Flush             1', '    Daemon            Off']);
    expect(conf).toContain('\n    storage.max_chunks_up 16\n');
  });

  it('leaves buffering out for stdout: no storage directive, no buffer volume, no egress', () => {
    const req = request({ output: { type: 'stdout' }, bufferSize: '1Gi' });
    const bundle = composeBundle(req);
    const conf = configMapData(bundle, 'orders-logs')['fluent-bit.conf'];
    expect(conf).not.toMatch(/storage\.|Retry_Limit|scheduler/);
    expect(section(conf, 'OUTPUT')).toEqual([{ Name: 'stdout', Match: '*', Format: 'json_lines' }]);
    const spec = podSpecOf(bundle);
    expect(spec.volumes!.filter((v) => v.emptyDir?.sizeLimit)).toEqual([]);
    expect(containerNamed(spec, 'logs').volumeMounts!.map((m) => m.mountPath)).not.toContain('/fluent-bit/buffer');
    expect(bundleParts(req).helpers.find((h) => h.name === 'logs')!.egress).toEqual([]);
  });

  it('writes the whole file, each section after a blank line: a stdout forwarder parsing json', () => {
    expect(confOf({ parser: 'json' })['fluent-bit.conf']).toBe(
      [
        '[SERVICE]',
        '    Flush             1',
        '    Daemon            Off',
        '    Log_Level         info',
        '    Parsers_File      /fluent-bit/config/parsers.conf',
        '    HTTP_Server       On',
        '    HTTP_Listen       0.0.0.0',
        '    HTTP_Port         2020',
        '',
        '[INPUT]',
        '    Name              tail',
        '    Path              /var/log/orders/*.log',
        '    Tag               app.*',
        '    DB                /fluent-bit/state/tail.db',
        '    DB.locking        true',
        '    Mem_Buf_Limit     5MB',
        '    Skip_Long_Lines   On',
        '    Refresh_Interval  5',
        '',
        '[FILTER]',
        '    Name              parser',
        '    Match             app.*',
        '    Key_Name          log',
        '    Parser            app-json',
        '    Reserve_Data      On',
        '',
        '[OUTPUT]',
        '    Name              stdout',
        '    Match             *',
        '    Format            json_lines',
        '',
      ].join('\n'),
    );
  });

  it('trims the slashes that end logDir before adding the glob', () => {
    const conf = confOf({ logDir: '/var/log/orders//', glob: 'x.log' })['fluent-bit.conf'];
    expect(section(conf, 'INPUT')[0].Path).toBe('/var/log/orders/x.log');
  });

  it.each([
    [
      'elasticsearch',
      {
        type: 'elasticsearch',
        host: 'es.logging.svc',
        tls: true,
        user: 'shipper',
        passwordSecret: { secretName: 'es', key: 'pw' },
      },
      {
        Name: 'es',
        Match: '*',
        Host: 'es.logging.svc',
        Port: '9200',
        Index: 'orders',
        Suppress_Type_Name: 'On',
        Replace_Dots: 'On',
        HTTP_User: 'shipper',
        HTTP_Passwd: '${FLB_OUTPUT_PASSWORD}',
        tls: 'On',
        'tls.verify': 'On',
      },
    ],
    [
      'opensearch',
      { type: 'opensearch', host: 'os.logging.svc', index: 'app-logs', user: 'shipper' },
      {
        Name: 'opensearch',
        Match: '*',
        Host: 'os.logging.svc',
        Port: '9200',
        Index: 'app-logs',
        Suppress_Type_Name: 'On',
        Replace_Dots: 'On',
        HTTP_User: 'shipper',
      },
    ],
    [
      'loki',
      { type: 'loki', host: 'loki.monitoring.svc', port: 3101, tls: true },
      {
        Name: 'loki',
        Match: '*',
        Host: 'loki.monitoring.svc',
        Port: '3101',
        Labels: 'job=orders',
        tls: 'On',
        'tls.verify': 'On',
      },
    ],
    [
      'http',
      {
        type: 'http',
        host: 'collector.example.com',
        tls: true,
        port: 8443,
        user: 'u',
        passwordSecret: { secretName: 's', key: 'k' },
      },
      {
        Name: 'http',
        Match: '*',
        Host: 'collector.example.com',
        Port: '8443',
        URI: '/',
        Format: 'json',
        HTTP_User: 'u',
        HTTP_Passwd: '${FLB_OUTPUT_PASSWORD}',
        tls: 'On',
        'tls.verify': 'On',
      },
    ],
    [
      'forward with TLS',
      { type: 'forward', host: 'fluentd.logging.svc', port: 24225, tls: true },
      { Name: 'forward', Match: '*', Host: 'fluentd.logging.svc', Port: '24225', tls: 'On', 'tls.verify': 'On' },
    ],
  ])('writes every directive of the %s output, and nothing else', (_, output, expected) => {
    const [sent] = section(confOf({ output, bufferSize: '1Mi' })['fluent-bit.conf'], 'OUTPUT');
    // the smallest buffer still leaves Fluent Bit one megabyte
    expect(sent).toEqual({ ...expected, Retry_Limit: 'no_limits', 'storage.total_limit_size': '1M' });
  });

  it.each([
    ['3Mi', '2M'],
    ['10Mi', '8M'],
    ['1Gi', '819M'],
  ])('keeps Fluent Bit at four fifths of a %s buffer, rounded down: %s', (bufferSize, limit) => {
    const [sent] = section(confOf({ output: forward, bufferSize })['fluent-bit.conf'], 'OUTPUT');
    expect(sent['storage.total_limit_size']).toBe(limit);
  });

  it.each([
    [{ type: 'forward', host: 'fluentd.logging.svc', port: 24225 }, 24225, 'forward output fluentd.logging.svc'],
    [{ type: 'elasticsearch', host: 'es.logging.svc' }, 9200, 'elasticsearch output es.logging.svc'],
    [{ type: 'loki', host: 'loki.monitoring.svc' }, 3100, 'loki output loki.monitoring.svc'],
    [{ type: 'http', host: 'collector.internal' }, 80, 'http output collector.internal'],
    [{ type: 'http', host: 'collector.internal', tls: true }, 443, 'http output collector.internal'],
  ])('declares its one egress need: %j', (output, port, purpose) => {
    const logs = bundleParts(request({ output })).helpers.find((h) => h.name === 'logs')!;
    expect(logs.egress).toEqual([{ port, protocol: 'TCP', purpose }]);
  });

  it('runs Fluent Bit with its resources, its probe timings and no env without a password', () => {
    const fluentBit = containerNamed(podSpecOf(composeBundle(request({ output: forward }))), 'logs');
    expect(fluentBit.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    const httpGet = { path: '/api/v1/uptime', port: 2020 };
    expect(fluentBit.startupProbe).toEqual({ httpGet, periodSeconds: 2, failureThreshold: 30 });
    expect(fluentBit.readinessProbe).toEqual({ httpGet, periodSeconds: 5, failureThreshold: 3 });
    expect(fluentBit.livenessProbe).toEqual({ httpGet, periodSeconds: 30, failureThreshold: 3 });
    expect(fluentBit.env ?? []).toEqual([]);
    expect(fluentBit.image).toMatch(/fluent-bit/);
    expect(fluentBit.volumeMounts!.find((m) => m.mountPath === '/fluent-bit/buffer')!.name).toBe('logs-buffer');
    const mounts = fluentBit.volumeMounts!.map((m) => [m.mountPath, m.readOnly ?? false]);
    expect(mounts).toEqual([
      ['/var/log/orders', true],
      ['/fluent-bit/config', true],
      ['/fluent-bit/buffer', false],
      ['/fluent-bit/state', false],
    ]);
  });

  it('writes a parsers file for json without regex or logfmt keys, and a comment when there is no parser', () => {
    const json = confOf({ parser: 'json' });
    expect(section(json['parsers.conf'], 'PARSER')).toEqual([{ Name: 'app-json', Format: 'json' }]);
    expect(section(json['fluent-bit.conf'], 'FILTER')).toEqual([
      { Name: 'parser', Match: 'app.*', Key_Name: 'log', Parser: 'app-json', Reserve_Data: 'On' },
    ]);
    expect(confOf({})['parsers.conf']).toBe('# no parser: records carry the raw line in "log"\n');
    const regex = '^(?<level>\\w+) (?<message>.*)$';
    expect(section(confOf({ parser: 'regex', regex })['parsers.conf'], 'PARSER')).toEqual([
      { Name: 'app-regex', Format: 'regex', Regex: regex },
    ]);
  });

  it('names every credential an output cannot use, with what to do', () => {
    const output = {
      type: 'forward',
      host: 'fluentd.logging.svc',
      user: 'u',
      passwordSecret: { secretName: 's', key: 'k' },
    };
    expect(failure(request({ output })).errors).toEqual([
      { pointer: '/sidecars/0/output/user', detail: 'output type "forward" takes no user or password' },
      { pointer: '/sidecars/0/output/passwordSecret', detail: 'output type "forward" takes no user or password' },
    ]);
    expect(failure(request({ output: { type: 'stdout', user: 'u' } })).errors).toEqual([
      { pointer: '/sidecars/0/output/user', detail: 'output type "stdout" takes no user or password' },
    ]);
    expect(
      failure(request({ output: { type: 'http', host: 'h.example', passwordSecret: { secretName: 's', key: 'k' } } }))
        .errors,
    ).toEqual([
      {
        pointer: '/sidecars/0/output/user',
        detail: 'passwordSecret needs a user: the output authenticates with HTTP basic auth',
      },
    ]);
    // a user alone is basic auth without a password: taken
    expect(() => composeBundle(request({ output: { type: 'loki', host: 'l.example', user: 'u' } }))).not.toThrow();
  });

  it('checks the regex at its pointer with the reason Fluent Bit would give', () => {
    expect(failure(request({ parser: 'regex', regex: '^.*$' })).errors).toEqual([
      {
        pointer: '/sidecars/0/regex',
        detail: 'the regex needs at least one named group, e.g. (?<message>.*), to produce fields',
      },
    ]);
  });

  it('asks for a regex only with the regex parser, and checks its one-line form first', () => {
    expect(failure(request({ parser: 'regex' })).errors).toEqual([
      { pointer: '/sidecars/0/regex', detail: 'regex is required' },
    ]);
    expect(failure(request({ parser: 'regex', regex: ' (?<m>x)' })).errors).toEqual([
      {
        pointer: '/sidecars/0/regex',
        detail: 'regex must be one line without white space at either end (use \\s or \\x20 there)',
      },
    ]);
    expect(() => composeBundle(request({ parser: 'json' }))).not.toThrow();
  });
});
