// What a chart user does with values, checked with the real helm: bad values are refused by
// values.schema.json, user strings never run as template code, another release name keeps every
// reference intact, a config edit rolls the pods, and the same request gives the same bytes.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import * as tar from 'tar-stream';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/core/compose/target.js';
import type { K8sObject } from '../../src/core/model/bundle.js';
import { InvalidRequestError } from '../../src/core/model/errors.js';
import { FIXED_MTIME } from '../../src/core/render/chart/tarball.js';
import { checkGenerated } from '../../src/core/rules/engine.js';
import { ordersRequest as orders } from './chart-requests.js';
import { comparable, helm, template, writeChart, writeTemp } from './helm-run.js';
import { propertyRun } from '../support/property-seed.js';
import { type ChartRequestBody, buildChart, chartTarball } from '../support/validated.js';

type Obj = Record<string, any>;

const byKind = (objects: K8sObject[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (!name || o.metadata?.name === name)) as Obj;
const podOf = (objects: K8sObject[]) => byKind(objects, 'Deployment').spec.template;

let chart: Awaited<ReturnType<typeof writeChart>>;
beforeAll(async () => {
  chart = await writeChart(orders(), 'values');
});

describe('bad values', () => {
  it.each([
    ['replicaCount=abc', 'replicaCount'],
    ['image.pullPolicy=Sometimes', 'pullPolicy'],
    ['sidecars.logs.enabled=maybe', 'enabled'],
    ['service.ports[0].port=70000', 'port'],
    ['sidecars.typo.enabled=false', 'typo'],
  ])('--set %s is refused by values.schema.json', async (set, field) => {
    const result = await helm(['template', 'orders', chart.path, '--namespace', 'shop', '--set', set]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/schema/i);
    expect(result.stderr).toContain(field);
  });

  it('accepts a good value and renders it', async () => {
    const rendered = await template(chart.path, 'orders', 'shop', [
      '--set',
      'replicaCount=5',
      '--set',
      'image.tag=1.5.0',
    ]);
    const deployment = byKind(rendered.objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(5);
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/orders:1.5.0');
  });
});

const HOSTILE = ['{{ .Release.Name }}', '{{ fail "x" }}', '}}{{'].join(' ');
/** The http-egress header grammar has no double quote: a raw-string template call instead. */
const HOSTILE_HEADER = '{{ .Release.Name }} {{ fail `x` }} }}{{';

describe('user strings render literally', () => {
  const hostileRequest = (): ChartRequestBody => {
    const request = orders();
    request.app.name = 'inject';
    request.app.env = [{ name: 'HOSTILE', value: HOSTILE }];
    request.app.annotations = { 'example.com/hostile': HOSTILE };
    request.app.podAnnotations = { 'example.com/hostile': HOSTILE };
    request.ambassadors![0].headers = [{ name: 'X-Hostile', value: HOSTILE_HEADER }];
    // in a config file too, with < and > that Go's plain toJson would escape (the checksum must match)
    request.sidecars![0] = {
      ...request.sidecars![0],
      parser: 'regex',
      regex: '^(?<message>.*) {{ fail "x" }} }}{{ & $',
    };
    return request;
  };

  it('keeps request strings out of the templates', () => {
    const { files } = buildChart(hostileRequest());
    for (const [path, text] of Object.entries(files)) {
      if (path.startsWith('templates/'))
        for (const bad of ['fail "x"', 'fail `x`', 'X-Hostile', 'example.com/hostile'])
          expect(text, path).not.toContain(bad);
    }
  });

  it('renders them literally where the request put them, equal to the bundle', async () => {
    const injected = await writeChart(hostileRequest());
    const lint = await helm(['lint', '--strict', injected.path]);
    expect(lint.stdout + lint.stderr).not.toMatch(/\[(WARNING|ERROR)\]/);
    const rendered = await template(injected.path, 'inject', 'shop');
    expect(comparable(rendered.objects)).toEqual(comparable(injected.chart.bundle.manifests));
    const deployment = byKind(rendered.objects, 'Deployment');
    const pod = deployment.spec.template;
    expect(pod.spec.containers[0].env).toContainEqual({ name: 'HOSTILE', value: HOSTILE });
    expect(deployment.metadata.annotations['example.com/hostile']).toBe(HOSTILE);
    expect(pod.metadata.annotations['example.com/hostile']).toBe(HOSTILE);
    expect(byKind(rendered.objects, 'ConfigMap', 'inject-payments').data['nginx.conf.template']).toContain(
      HOSTILE_HEADER,
    );
    expect(byKind(rendered.objects, 'ConfigMap', 'inject-logs').data['parsers.conf']).toContain(
      '(?<message>.*) {{ fail "x" }} }}{{ & $',
    );
  });

  it('renders values a user sets literally too: label, upstream URL in the nginx config, env', async () => {
    const url = `https://api.example.com/${HOSTILE}`;
    const nginx = `location / {\n    proxy_pass ${url};\n}\n`;
    const override = writeTemp(
      'hostile.values.yaml',
      stringify({
        labels: { team: HOSTILE },
        env: [{ name: 'HOSTILE', value: HOSTILE }],
        ambassadors: { payments: { config: { payments: { 'nginx.conf.template': nginx } } } },
      }),
    );
    // the schema refuses a label value Kubernetes would refuse...
    const refused = await helm(['template', 'orders', chart.path, '--namespace', 'shop', '-f', override]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('team');
    // ...and without the schema it still renders as text, never as template code
    const rendered = await template(chart.path, 'orders', 'shop', ['-f', override, '--skip-schema-validation']);
    const pod = podOf(rendered.objects);
    expect(byKind(rendered.objects, 'Service').metadata.labels.team).toBe(HOSTILE);
    expect(pod.spec.containers[0].env).toContainEqual({ name: 'HOSTILE', value: HOSTILE });
    const config = byKind(rendered.objects, 'ConfigMap', 'orders-payments').data;
    expect(config['nginx.conf.template']).toBe(nginx);
    expect(pod.metadata.annotations['checksum/config-payments']).toBe(
      createHash('sha256').update(JSON.stringify(config)).digest('hex'),
    );
  });

  it('refuses a hostile upstream in the request with a pointer to it', () => {
    const request = orders();
    request.ambassadors![0].upstream = `https://api.example.com/${HOSTILE}`;
    expect(() => buildChart(request)).toThrow(InvalidRequestError);
    try {
      buildChart(request);
    } catch (e) {
      expect((e as InvalidRequestError).errors[0].pointer).toBe('/ambassadors/0/upstream');
    }
  });
});

describe('strings', () => {
  // (a lone surrogate has no UTF-8 form: refused, below)
  const LONE_SURROGATE = /[\ud800-\udfff]/;

  it('any string a request carries reaches the rendered objects unchanged (values.yaml, Helm, toYaml)', async () => {
    // blanks, breaks, tabs, quotes, YAML indicators, controls and astral characters, mixed
    const strings = fc.sample(
      fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.string({
            unit: fc.constantFrom(
              ' ',
              '\t',
              '\n',
              '\r',
              'a',
              'y',
              '#',
              ':',
              '-',
              '|',
              '>',
              '&',
              '*',
              '!',
              '%',
              '@',
              '"',
              "'",
              '{',
              '}',
              '\\',
              '\u0000',
              '\u001b',
              '\u00a0',
              '\u{1f600}',
              '\ue000',
              // what Go's YAML reader cannot read raw: DEL, C1 (NEL), U+2028/2029, BOM, non-characters
              '\u007f',
              '\u0085',
              '\u0090',
              '\u2028',
              '\u2029',
              '\ufeff',
              '\ufffe',
              '\uffff',
            ),
            maxLength: 12,
          }),
          fc.constantFrom(
            'on',
            'no',
            'y',
            'n',
            '~',
            'null',
            '0755',
            '1e3',
            '1:20',
            '.5',
            '- a',
            '? b',
            '2001-12-14',
            '',
          ),
        )
        .filter((s) => !LONE_SURROGATE.test(s)),
      propertyRun('chart values', 500),
    );
    const request = orders();
    request.app.name = 'strings';
    request.app.env = strings.map((value, i) => ({ name: `S${i}`, value }));
    request.app.podAnnotations = Object.fromEntries(
      strings.slice(0, 40).map((value, i) => [`example.com/s${i}`, value]),
    );
    const written = await writeChart(request);
    const rendered = await template(written.path, 'strings', 'shop');
    expect(podOf(rendered.objects).spec.containers[0].env.slice(0, strings.length)).toEqual(request.app.env);
    expect(podOf(rendered.objects).metadata.annotations).toMatchObject(request.app.podAnnotations);
  });

  it('a lone surrogate, which has no UTF-8 form, is refused with a pointer to it', () => {
    const request = orders();
    request.app.env = [
      { name: 'OK', value: 'line\u2028separator' },
      { name: 'BAD', value: 'half \ud800' },
    ];
    request.app.annotations = { note: '\udc00 half' };
    try {
      buildChart(request);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect((e as InvalidRequestError).errors.map((x) => x.pointer)).toEqual([
        '/app/env/1/value',
        '/app/annotations/note',
      ]);
    }
  });
});

describe('another release name', () => {
  it('prefixes every name and keeps every reference pointing at the renamed objects', async () => {
    const rendered = await template(chart.path, 'blue', 'shop');
    for (const o of rendered.objects) expect(o.metadata?.name).toMatch(/^blue-orders/);
    const pod = podOf(rendered.objects);
    const configMaps = rendered.objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata?.name);
    const referenced = (pod.spec.volumes as Obj[]).filter((v) => v.configMap).map((v) => v.configMap.name);
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect(configMaps).toContain(name);
    expect(byKind(rendered.objects, 'ServiceAccount').metadata.name).toBe(pod.spec.serviceAccountName);
    expect(byKind(rendered.objects, 'Deployment').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('blue');
    const target = resolveTarget(orders().target);
    expect(
      checkGenerated(rendered.objects, target.minor, target.podSecurity).filter((f) => f.severity === 'error'),
    ).toEqual([]);
  });
});

describe('a volume two helpers share', () => {
  it("stays, with the app's mount, while one of them is on", async () => {
    const request = orders();
    request.app.name = 'shared';
    request.adapters = [{ preset: 'log-normalizer', name: 'shape', logDir: '/var/log/orders' }];
    const written = await writeChart(request);
    const off = await template(written.path, 'shared', 'shop', ['--set', 'sidecars.logs.enabled=false']);
    const pod = podOf(off.objects);
    const shape = (pod.spec.containers as Obj[]).find((c) => c.name === 'shape')!;
    const logMount = (shape.volumeMounts as Obj[]).find((m) => m.mountPath === '/var/log/orders')!;
    expect((pod.spec.volumes as Obj[]).map((v) => v.name)).toContain(logMount.name);
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: logMount.name, mountPath: '/var/log/orders' });
    expect([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c: Obj) => c.name)).not.toContain('logs');
    const target = resolveTarget(request.target);
    expect(checkGenerated(off.objects, target.minor, target.podSecurity).filter((f) => f.severity === 'error')).toEqual(
      [],
    );
    // with both off, the volume and the app's mount go too
    const both = await template(written.path, 'shared', 'shop', [
      '--set',
      'sidecars.logs.enabled=false',
      '--set',
      'adapters.shape.enabled=false',
    ]);
    const bare = podOf(both.objects);
    expect((bare.spec.volumes as Obj[]).map((v) => v.name)).not.toContain(logMount.name);
    expect((bare.spec.containers[0].volumeMounts as Obj[]).map((m) => m.mountPath)).not.toContain('/var/log/orders');
  });
});

describe('config files', () => {
  it('are values: editing one changes the ConfigMap and the checksum annotation, so the pods roll', async () => {
    const before = await template(chart.path, 'orders', 'shop');
    const edited = writeTemp(
      'edited.values.yaml',
      stringify({
        sidecars: { logs: { config: { logs: { 'fluent-bit.conf': '[SERVICE]\n    Flush 5\n', 'parsers.conf': '' } } } },
      }),
    );
    const after = await template(chart.path, 'orders', 'shop', ['-f', edited]);
    const sum = (objects: K8sObject[]) => podOf(objects).metadata.annotations['checksum/config-logs'];
    expect(sum(after.objects)).not.toBe(sum(before.objects));
    const data = byKind(after.objects, 'ConfigMap', 'orders-logs').data;
    expect(data['fluent-bit.conf']).toBe('[SERVICE]\n    Flush 5\n');
    expect(sum(after.objects)).toBe(createHash('sha256').update(JSON.stringify(data)).digest('hex'));
    // the other helpers' checksums stay as they were
    expect(podOf(after.objects).metadata.annotations['checksum/config-payments']).toBe(
      podOf(before.objects).metadata.annotations['checksum/config-payments'],
    );
  });
});

describe('NOTES.txt', () => {
  it('says what was deployed, which helpers are off, and how to reach the Service', async () => {
    const result = await helm([
      'install',
      'orders',
      chart.path,
      '--namespace',
      'shop',
      '--dry-run=client',
      '--set',
      'ambassadors.payments.enabled=false',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain('Deployment orders is deployed in namespace shop with 2 replica(s).');
    expect(notes).toMatch(/- orders \(the app\): ghcr\.io\/acme\/orders:1\.4\.2/);
    expect(notes).toMatch(/- logs \(sidecar\): \S*fluent-bit:/);
    expect(notes).toContain('- payments (ambassador): turned off');
    expect(notes).toContain('- 9102/TCP (metrics)');
    expect(notes).toContain('kubectl --namespace shop port-forward service/orders 8080:8080');
    expect(notes).toContain('helm test orders --namespace shop');
  });
});

describe('tarball', () => {
  it('is byte-identical for the same request, with every entry under <name>/', async () => {
    const [a, b] = await Promise.all([chartTarball(orders()), chartTarball(orders())]);
    expect(Buffer.compare(a.tarball, b.tarball)).toBe(0);
    expect(a.filename).toBe('orders-0.1.0.tgz');
    expect(a.tarball.readUInt32LE(4)).toBe(0); // gzip header mtime
    const entries: tar.Header[] = [];
    const extract = tar.extract();
    const done = (async () => {
      for await (const entry of extract) {
        entries.push(entry.header);
        entry.resume();
      }
    })();
    extract.end(gunzipSync(a.tarball));
    await done;
    const names = entries.map((e) => e.name);
    // Chart.yaml first, as helm package writes it; the rest sorted
    expect(names[0]).toBe('orders/Chart.yaml');
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
    expect(names).toEqual(
      expect.arrayContaining([
        'orders/Chart.yaml',
        'orders/values.yaml',
        'orders/values.schema.json',
        'orders/templates/_helpers.tpl',
        'orders/templates/tests/test-connection.yaml',
      ]),
    );
    for (const e of entries) {
      expect(e.name.startsWith('orders/')).toBe(true);
      expect(e).toMatchObject({ type: 'file', mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' });
      expect(e.mtime?.getTime()).toBe(FIXED_MTIME.getTime());
    }
  });

  it('differs when the request differs', async () => {
    const other = orders();
    other.app.replicas = 3;
    const [a, b] = await Promise.all([chartTarball(orders()), chartTarball(other)]);
    expect(Buffer.compare(a.tarball, b.tarball)).not.toBe(0);
  });
});
