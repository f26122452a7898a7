// The Fluentd engine of the log-forwarder, checked on the structure of the fluent.conf it writes
// (no Fluentd program is available to the tests: its config is read here with the grammar of
// Fluentd's v1 format, `<section arg>` ... `</section>` and `key value` lines).
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { toMultiDocumentYaml } from '../../render/canonical.js';
import { validateBundle } from '../../validate/validate-bundle.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { configMapData, containerNamed, podSpecOf, restrictedProblems } from '../../../../test/support/pod-template.js';
import { bundleParts, composeBundle } from '../../../../test/support/validated.js';

interface Section {
  name: string;
  arg: string;
  params: Record<string, string>;
  children: Section[];
}

/** Fluentd's v1 config format: nested sections and key-value lines; fails on anything else. */
function parseFluentConf(text: string): Section[] {
  const root: Section = { name: 'root', arg: '', params: {}, children: [] };
  const stack = [root];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const open = /^<([a-z_]+)(?:\s+(.+))?>$/.exec(line);
    const close = /^<\/([a-z_]+)>$/.exec(line);
    const top = stack[stack.length - 1];
    if (open) {
      const section: Section = { name: open[1], arg: open[2] ?? '', params: {}, children: [] };
      top.children.push(section);
      stack.push(section);
    } else if (close) {
      if (top.name !== close[1]) throw new Error(`line ${i + 1}: </${close[1]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const m = /^(@?[a-z_]+)\s+(.+)$/.exec(line);
      if (!m) throw new Error(`line ${i + 1}: not "key value": ${line}`);
      if (m[1] in top.params) throw new Error(`line ${i + 1}: ${m[1]} given twice`);
      top.params[m[1]] = m[2];
    }
  });
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  return root.children;
}

const request = (sidecar: Partial<PresetItem> = {}, kubernetesVersion = '1.33'): BundleRequest => ({
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
  sidecars: [
    {
      preset: 'log-forwarder',
      name: 'logs',
      engine: 'fluentd',
      logDir: '/var/log/orders',
      output: { type: 'forward', host: 'fluentd.logging.svc', port: 24225 },
      ...sidecar,
    },
  ],
  target: { kubernetesVersion },
});
const conf = (req: BundleRequest) => parseFluentConf(configMapData(composeBundle(req), 'orders-logs')['fluent.conf']);
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));

/** The writable and read-only mount points of a container (emptyDir or not). */
function mountsOf(spec: PodSpec, container: string) {
  const c = containerNamed(spec, container);
  const kind = (name: string) => spec.volumes!.find((v) => v.name === name)!;
  return (c.volumeMounts ?? []).map((m) => ({
    path: m.mountPath,
    readOnly: m.readOnly === true,
    emptyDir: kind(m.name).emptyDir !== undefined,
  }));
}
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

describe('log-forwarder with engine fluentd', () => {
  it('tails <logDir>/<glob> from the shared volume (read-only) with a pos_file, a monitor agent and one match with a file buffer', () => {
    const sections = conf(request({ glob: 'app-*.log' }));
    expect(sections.map((s) => `${s.name}${s.arg ? ` ${s.arg}` : ''}`)).toEqual([
      'system',
      'source',
      'source',
      'match app.**',
    ]);
    const [tail, monitor] = sections.filter((s) => s.name === 'source');
    expect(tail.params).toMatchObject({
      '@type': 'tail',
      path: '/var/log/orders/app-*.log',
      pos_file: '/fluentd/state/tail.pos',
      tag: 'app.*',
      read_from_head: 'true',
    });
    expect(tail.children.map((c) => c.name)).toEqual(['parse']);
    expect(tail.children[0].params).toEqual({ '@type': 'none' });
    expect(monitor.params).toEqual({ '@type': 'monitor_agent', bind: '0.0.0.0', port: '2020' });
    const match = sections[3];
    const buffer = match.children.find((c) => c.name === 'buffer')!;
    expect(buffer.params).toMatchObject({
      '@type': 'file',
      path: '/fluentd/buffer',
      total_limit_size: '204M',
      overflow_action: 'drop_oldest_chunk',
      retry_forever: 'true',
    });
  });

  it('keeps pos_file and buffer on writable emptyDirs, the logs and config read-only; every container restricted', () => {
    const bundle = composeBundle(request());
    const spec = podSpecOf(bundle);
    const mounts = mountsOf(spec, 'logs');
    const sections = conf(request());
    const posFile = sections[1].params.pos_file;
    const bufferPath = sections[3].children.find((c) => c.name === 'buffer')!.params.path;
    for (const path of [posFile, bufferPath]) {
      const mount = mounts.filter((m) => under(path, m.path)).sort((a, b) => b.path.length - a.path.length)[0];
      expect(mount, path).toMatchObject({ readOnly: false, emptyDir: true });
    }
    expect(mounts.find((m) => m.path === '/var/log/orders')).toMatchObject({ readOnly: true });
    expect(mounts.find((m) => m.path === '/fluentd/etc')).toMatchObject({ readOnly: true, emptyDir: false });
    // the buffer's volume is bounded by bufferSize (default 256Mi), Fluentd's own limit at 80% of it
    const bufferVolume = spec.containers
      .concat(spec.initContainers ?? [])
      .find((c) => c.name === 'logs')!
      .volumeMounts!.find((m) => m.mountPath === bufferPath)!.name;
    expect(spec.volumes!.find((v) => v.name === bufferVolume)!.emptyDir).toEqual({ sizeLimit: '256Mi' });
    expect(restrictedProblems(spec, ['logs'])).toEqual([]);
    const fluentd = containerNamed(spec, 'logs');
    expect(fluentd.image).toBe('docker.io/fluent/fluentd:v1.17.1-debian-1.0');
    expect(fluentd.securityContext).toMatchObject({
      runAsUser: 999,
      runAsGroup: 999,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    expect(fluentd.args).toEqual(['fluentd', '-c', '/fluentd/etc/fluent.conf']);
    expect(fluentd.restartPolicy).toBe('Always');
    for (const probe of [fluentd.startupProbe, fluentd.readinessProbe, fluentd.livenessProbe])
      expect(probe!.httpGet).toEqual({ path: '/api/plugins.json', port: 2020 });
    const report = validateBundle(
      { yaml: toMultiDocumentYaml(bundle.manifests) },
      { kubernetesVersion: '1.33', podSecurity: 'restricted' },
    );
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('parses with the chosen parser', () => {
    const parse = (item: Partial<PresetItem>) => conf(request(item))[1].children[0].params;
    expect(parse({ parser: 'json' })).toEqual({ '@type': 'json', keep_time_key: 'true' });
    expect(parse({ parser: 'regex', regex: '^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$' })).toEqual({
      '@type': 'regexp',
      expression: '/^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$/',
      keep_time_key: 'true',
    });
  });

  it('matches with the chosen output', () => {
    const match = (output: Record<string, unknown>) => conf(request({ output }))[3];
    const forward = match({ type: 'forward', host: 'fluentd.logging.svc', tls: true });
    expect(forward.params).toEqual({ '@type': 'forward', transport: 'tls', tls_verify_hostname: 'true' });
    expect(forward.children.find((c) => c.name === 'server')!.params).toEqual({
      host: 'fluentd.logging.svc',
      port: '24224',
    });
    const stdout = match({ type: 'stdout' });
    expect(stdout.params).toEqual({ '@type': 'stdout' });
    expect(stdout.children.map((c) => [c.name, c.params['@type']])).toEqual([
      ['format', 'json'],
      ['buffer', 'file'],
    ]);
    const http = match({
      type: 'http',
      host: 'logs.example.com',
      tls: true,
      uri: '/ingest',
      user: 'shipper',
      passwordSecret: { secretName: 'logs-auth', key: 'password' },
    });
    expect(http.params).toEqual({
      '@type': 'http',
      endpoint: 'https://logs.example.com:443/ingest',
      content_type: 'application/x-ndjson',
    });
    expect(http.children.find((c) => c.name === 'auth')!.params).toEqual({
      method: 'basic',
      username: 'shipper',
      password: '"#{ENV[\'FLUENTD_OUTPUT_PASSWORD\']}"',
    });
    const env = containerNamed(
      podSpecOf(
        composeBundle(
          request({
            output: {
              type: 'http',
              host: 'logs.example.com',
              user: 'shipper',
              passwordSecret: { secretName: 'logs-auth', key: 'password' },
            },
          }),
        ),
      ),
      'logs',
    ).env;
    expect(env).toEqual([
      { name: 'FLUENTD_OUTPUT_PASSWORD', valueFrom: { secretKeyRef: { name: 'logs-auth', key: 'password' } } },
    ]);
  });

  it.each(['elasticsearch', 'opensearch', 'loki'])('refuses output %s with a 400 at output/type', (type) => {
    const errors = failure(request({ output: { type, host: 'collector.example.com' } })).errors;
    expect(errors).toEqual([
      { pointer: '/sidecars/0/output/type', detail: expect.stringContaining(`engine "fluentd" has no ${type} output`) },
    ]);
  });

  it('refuses the logfmt parser and a regex with "#", at their fields', () => {
    expect(failure(request({ parser: 'logfmt' })).errors).toEqual([
      { pointer: '/sidecars/0/parser', detail: expect.stringContaining('no logfmt parser') },
    ]);
    expect(failure(request({ parser: 'regex', regex: '^(?<tag>#\\w+)$' })).errors).toEqual([
      { pointer: '/sidecars/0/regex', detail: expect.stringContaining('"#"') },
    ]);
    expect(failure(request({ engine: 'fluentbit' })).errors.map((e) => e.pointer)).toEqual(['/sidecars/0/engine']);
  });

  it('declares its collector for a restricted NetworkPolicy, and is an ordinary container below 1.29', () => {
    const bundle = composeBundle({ ...request(), app: { ...request().app, networkPolicy: { egress: 'restricted' } } });
    const policy = bundle.manifests.find((o) => o.kind === 'NetworkPolicy') as Record<string, any>;
    expect(policy.spec.egress[1]).toEqual({ ports: [{ port: 24225, protocol: 'TCP' }] });
    const classic = podSpecOf(composeBundle(request({}, '1.28')));
    expect(classic.containers.map((c) => c.name)).toEqual(['orders', 'logs']);
  });
});

// Every value Fluentd reads and every value of its container: a changed directive fails here.
describe('log-forwarder with engine fluentd: the values it writes', () => {
  const text = (req: BundleRequest) => configMapData(composeBundle(req), 'orders-logs')['fluent.conf'];

  it('writes every directive of every section', () => {
    const sections = conf(request({ logDir: '/var/log/orders/', bufferSize: '10Mi' }));
    expect(sections[0]).toEqual({ name: 'system', arg: '', params: { log_level: 'info' }, children: [] });
    expect(sections[1].params).toEqual({
      '@type': 'tail',
      '@id': 'app_logs',
      path: '/var/log/orders/*.log',
      pos_file: '/fluentd/state/tail.pos',
      tag: 'app.*',
      read_from_head: 'true',
      refresh_interval: '5',
    });
    expect(sections[3].params).toEqual({ '@type': 'forward' });
    expect(sections[3].children).toEqual([
      { name: 'server', arg: '', params: { host: 'fluentd.logging.svc', port: '24225' }, children: [] },
      {
        name: 'buffer',
        arg: '',
        params: {
          '@type': 'file',
          path: '/fluentd/buffer',
          flush_mode: 'interval',
          flush_interval: '5s',
          chunk_limit_size: '8MB',
          total_limit_size: '8M',
          overflow_action: 'drop_oldest_chunk',
          retry_forever: 'true',
          retry_max_interval: '60s',
        },
        children: [],
      },
    ]);
  });

  it('tails logDir without the slashes that end it, from the volume logs-logs it shares with the app', () => {
    expect(conf(request({ logDir: '/var/log/orders//', glob: 'x.log' }))[1].params.path).toBe('/var/log/orders/x.log');
    const spec = podSpecOf(composeBundle(request()));
    const shared = { name: 'logs-logs', mountPath: '/var/log/orders' };
    expect(containerNamed(spec, 'logs').volumeMounts![0]).toEqual({ ...shared, readOnly: true });
    expect(containerNamed(spec, 'orders').volumeMounts).toContainEqual(shared);
  });

  it('lays the file out as Fluentd reads it: a comment, then each section nested two spaces deeper', () => {
    const lines = text(request({ output: { type: 'stdout' } })).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      "# log-forwarder (Fluentd): tails the app's log files and ships each line as one record.",
      '',
      '<system>',
      '  log_level info',
      '</system>',
    ]);
    const match = lines.indexOf('<match app.**>');
    expect(lines.slice(match, match + 6)).toEqual([
      '<match app.**>',
      '  @type stdout',
      '  <format>',
      '    @type json',
      '  </format>',
      '  <buffer>',
    ]);
    expect(lines.at(-2)).toBe('</match>');
    expect(lines.at(-1)).toBe('');
  });

  it('writes the http endpoint from scheme, host, port and path, with auth only for a user', () => {
    const match = (output: Record<string, unknown>) => conf(request({ output }))[3];
    const plain = match({ type: 'http', host: 'logs.internal' });
    expect(plain.params.endpoint).toBe('http://logs.internal:80/');
    expect(plain.children.map((c) => c.name)).toEqual(['format', 'buffer']);
    const userOnly = match({ type: 'http', host: 'logs.internal', port: 8080, uri: '/in', user: 'shipper' });
    expect(userOnly.params.endpoint).toBe('http://logs.internal:8080/in');
    expect(userOnly.children.map((c) => c.name)).toEqual(['format', 'auth', 'buffer']);
    expect(userOnly.children[1].params).toEqual({ method: 'basic', username: 'shipper' });
  });

  it('runs Fluentd with its resources, writable paths, probe timings and the egress to its collector', () => {
    const req = request({ bufferSize: '1Gi' });
    const spec = podSpecOf(composeBundle(req));
    const fluentd = containerNamed(spec, 'logs');
    expect(fluentd.resources).toEqual({ requests: { cpu: '20m', memory: '96Mi' }, limits: { memory: '256Mi' } });
    const httpGet = { path: '/api/plugins.json', port: 2020 };
    expect(fluentd.startupProbe).toEqual({ httpGet, periodSeconds: 2, failureThreshold: 30 });
    expect(fluentd.readinessProbe).toEqual({ httpGet, periodSeconds: 10 });
    expect(fluentd.livenessProbe).toEqual({ httpGet, periodSeconds: 30 });
    expect(fluentd.ports).toEqual([{ containerPort: 2020, protocol: 'TCP' }]);
    expect(fluentd.env ?? []).toEqual([]);
    expect(fluentd.volumeMounts!.map((m) => [m.mountPath, m.readOnly ?? false])).toEqual([
      ['/var/log/orders', true],
      ['/fluentd/etc', true],
      ['/fluentd/buffer', false],
      ['/fluentd/state', false],
      ['/tmp', false],
    ]);
    const buffer = fluentd.volumeMounts!.find((m) => m.mountPath === '/fluentd/buffer')!;
    expect(buffer.name).toBe('logs-buffer');
    expect(spec.volumes!.find((v) => v.name === buffer.name)!.emptyDir).toEqual({ sizeLimit: '1Gi' });
    expect(conf(req)[3].children.at(-1)!.params.total_limit_size).toBe('819M');
    expect(bundleParts(req).helpers.find((h) => h.name === 'logs')!.egress).toEqual([
      { port: 24225, protocol: 'TCP', purpose: 'forward output fluentd.logging.svc' },
    ]);
    expect(bundleParts(request({ output: { type: 'stdout' } })).helpers[0].egress).toEqual([]);
  });

  it('names every refusal at its field with what to do instead', () => {
    expect(failure(request({ output: { type: 'loki', host: 'loki.example.com' }, parser: 'logfmt' })).errors).toEqual([
      {
        pointer: '/sidecars/0/output/type',
        detail:
          'engine "fluentd" has no loki output (its image carries only stdout, forward, http); use engine "fluent-bit", or output type "forward" to a Fluentd aggregator that has the plugin',
      },
      {
        pointer: '/sidecars/0/parser',
        detail:
          'engine "fluentd" has no logfmt parser (built in: none, json, regex); use engine "fluent-bit" or parser "regex"',
      },
    ]);
    expect(failure(request({ parser: 'regex', regex: '^(?<tag>#\\w+)$' })).errors).toEqual([
      {
        pointer: '/sidecars/0/regex',
        detail: 'with engine "fluentd" the regex cannot contain "#" (it starts a comment in fluent.conf)',
      },
    ]);
    // "#" only counts in a regex the parser uses
    expect(() => composeBundle(request({ parser: 'json', regex: '#' }))).not.toThrow();
  });
});
