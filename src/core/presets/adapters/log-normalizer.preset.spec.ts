import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../model/bundle.js';
import { BundleRuleError, InvalidRequestError } from '../../model/errors.js';
import { schemaErrors } from '../../../../test/support/k8s-models.js';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { PORT_UNIQUE_RULE } from './metrics-endpoint.js';
import { composeBundle } from '../../../../test/support/validated.js';

function request(adapters: PresetItem[], sidecars: PresetItem[] = []): BundleRequest {
  return {
    app: { name: 'billing', image: 'ghcr.io/acme/billing:3.1.0', ports: [{ name: 'http', containerPort: 8080 }] },
    sidecars,
    adapters,
    target: { kubernetesVersion: '1.33' },
  };
}

const podSpec = (b: Bundle) => (b.manifests.find((o) => o.kind === 'Deployment') as any).spec.template.spec;
const configData = (b: Bundle, name: string) =>
  (b.manifests.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name) as any).data;

/** Fluent Bit classic config as [section, {key: [values]}] in file order. */
function sections(conf: string): [string, Record<string, string[]>][] {
  const out: [string, Record<string, string[]>][] = [];
  for (const line of conf.split('\n')) {
    const head = /^\[(\w+)\]$/.exec(line.trim());
    if (head) out.push([head[1], {}]);
    else if (line.trim() && !line.trim().startsWith('#')) {
      const [, key, value] = /^\s*(\S+)\s+(.*)$/.exec(line)!;
      (out[out.length - 1][1][key] ??= []).push(value);
    }
  }
  return out;
}

describe('log-normalizer', () => {
  it('tails the shared log directory read-only and writes JSON lines with an ISO time field to stdout', () => {
    const b = composeBundle(
      request([
        {
          preset: 'log-normalizer',
          name: 'log-shape',
          logDir: '/var/log/billing',
          parser: 'logfmt',
          addFields: { team: 'payments', app: 'billing' },
        },
      ]),
    );
    const spec = podSpec(b);
    const c = spec.containers.find((x: any) => x.name === 'log-shape');
    expect(b.summary.containers).toContainEqual({
      name: 'log-shape',
      role: 'adapter',
      preset: 'log-normalizer',
      placement: 'container',
    });
    expect(spec.initContainers ?? []).toEqual([]);
    expect(c.image).toBe('cr.fluentbit.io/fluent/fluent-bit:3.2.10');
    expect(c.args).toEqual(['--config', '/fluent-bit/config/fluent-bit.conf']);
    const logMount = c.volumeMounts.find((m: any) => m.mountPath === '/var/log/billing');
    expect(logMount.readOnly).toBe(true);
    const appMount = spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/var/log/billing');
    expect(appMount.name).toBe(logMount.name);
    expect(appMount.readOnly).toBeUndefined();
    // state on an emptyDir, never the read-only root
    const state = c.volumeMounts.find((m: any) => m.mountPath === '/fluent-bit/state');
    expect(spec.volumes.find((v: any) => v.name === state.name)).toEqual({ name: state.name, emptyDir: {} });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534 });

    const data = configData(b, 'billing-log-shape');
    const conf = sections(data['fluent-bit.conf']);
    expect(conf.map(([name]) => name)).toEqual(['SERVICE', 'INPUT', 'FILTER', 'FILTER', 'OUTPUT']);
    expect(conf[1][1]).toMatchObject({
      Name: ['tail'],
      Path: ['/var/log/billing/*.log'],
      DB: ['/fluent-bit/state/tail.db'],
    });
    expect(conf[2][1]).toMatchObject({ Name: ['parser'], Parser: ['app-logfmt'], Key_Name: ['log'] });
    expect(conf[3][1]).toEqual({ Name: ['modify'], Match: ['app.*'], Add: ['app billing', 'team payments'] });
    expect(conf[4][1]).toEqual({
      Name: ['stdout'],
      Match: ['*'],
      Format: ['json_lines'],
      json_date_key: ['time'],
      json_date_format: ['iso8601'],
    });
    // no bare keys: a free-text line fails to parse and is kept whole in "log" instead of becoming {"just":true,...}
    expect(sections(data['parsers.conf'])).toEqual([
      ['PARSER', { Name: ['app-logfmt'], Format: ['logfmt'], Logfmt_No_Bare_Keys: ['true'] }],
    ]);
    for (const o of b.manifests) expect(schemaErrors(o)).toEqual([]);
  });

  it('parses json by default and takes a regex with named groups', () => {
    const json = composeBundle(request([{ preset: 'log-normalizer', name: 'log-shape' }]));
    expect(configData(json, 'billing-log-shape')['parsers.conf']).toMatch(/Format\s+json/);
    const regex = '^(?<time>[^ ]+) (?<level>[A-Z]+) (?<message>.*)$';
    const b = composeBundle(
      request([
        {
          preset: 'log-normalizer',
          name: 'log-shape',
          parser: 'regex',
          regex,
          timeKey: '@timestamp',
          timeFormat: 'epoch',
        },
      ]),
    );
    const data = configData(b, 'billing-log-shape');
    expect(sections(data['parsers.conf'])[0][1]).toEqual({ Name: ['app-regex'], Format: ['regex'], Regex: [regex] });
    expect(sections(data['fluent-bit.conf']).at(-1)![1]).toMatchObject({
      json_date_key: ['@timestamp'],
      json_date_format: ['epoch'],
    });
  });

  it('refuses a regex without named groups and bad field maps, pointing at the field', () => {
    const noGroups = composeBundle.bind(
      null,
      request([{ preset: 'log-normalizer', name: 'l', parser: 'regex', regex: '^(.*)$' }]),
    );
    expect(noGroups).toThrow(InvalidRequestError);
    try {
      noGroups();
    } catch (e) {
      expect((e as InvalidRequestError).errors[0].pointer).toBe('/adapters/0/regex');
    }
    for (const addFields of [{ 'bad key': 'x' }, { k: 'multi\nline' }, { k: '' }]) {
      try {
        composeBundle(request([{ preset: 'log-normalizer', name: 'l', addFields }]));
        throw new Error('accepted');
      } catch (e) {
        expect((e as InvalidRequestError).errors?.[0].pointer).toBe('/adapters/0/addFields');
      }
    }
  });

  it('sits beside a log-forwarder on the same directory, on its own port', () => {
    const forwarder = { preset: 'log-forwarder', name: 'ship', logDir: '/var/log/billing', output: { type: 'stdout' } };
    const b = composeBundle(
      request([{ preset: 'log-normalizer', name: 'log-shape', logDir: '/var/log/billing' }], [forwarder]),
    );
    const spec = podSpec(b);
    const ports = [...spec.containers, ...spec.initContainers].flatMap((c: any) =>
      (c.ports ?? []).map((p: any) => p.containerPort),
    );
    expect(ports.sort()).toEqual([2020, 2021, 8080]);
    // both read the one volume the app writes
    const logVolumes = new Set(
      [...spec.containers, ...spec.initContainers].map(
        (c: any) => c.volumeMounts?.find((m: any) => m.mountPath === '/var/log/billing')?.name,
      ),
    );
    expect(logVolumes.size).toBe(1);
    // the forwarder's own stdout output is unchanged
    expect(sections(configData(b, 'billing-ship')['fluent-bit.conf']).at(-1)![1]).toEqual({
      Name: ['stdout'],
      Match: ['*'],
      Format: ['json_lines'],
    });
  });

  it('is a 422 when its HTTP port is taken in the pod', () => {
    const forwarder = { preset: 'log-forwarder', name: 'ship', output: { type: 'stdout' } };
    try {
      composeBundle(request([{ preset: 'log-normalizer', name: 'log-shape', httpPort: 2020 }], [forwarder]));
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(BundleRuleError);
      expect((e as BundleRuleError).findings).toEqual([
        expect.objectContaining({ rule: PORT_UNIQUE_RULE, path: '/adapters/0/httpPort' }),
      ]);
    }
  });
});

describe('log-normalizer: constant fields', () => {
  const MESSAGE =
    'addFields must map at most 32 field names ([A-Za-z_][A-Za-z0-9_.-]*) to single-line values of 1-256 characters without leading or trailing spaces';
  const errorsOf = (addFields: unknown) => {
    try {
      composeBundle(request([{ preset: 'log-normalizer', name: 'l', addFields } as PresetItem]));
    } catch (e) {
      if (e instanceof InvalidRequestError) return e.errors;
      throw e;
    }
    throw new Error('accepted');
  };
  const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'v']));
  const modify = (addFields: Record<string, string>) =>
    sections(
      configData(composeBundle(request([{ preset: 'log-normalizer', name: 'l', addFields }])), 'billing-l')[
        'fluent-bit.conf'
      ],
    ).filter(([name, e]) => name === 'FILTER' && e.Name[0] === 'modify');

  it.each([
    ['33 fields', fields(33)],
    ['a value of 257 characters', { k: 'v'.repeat(257) }],
    ['a value with a leading space', { k: ' v' }],
    ['a value with a trailing space', { k: 'v ' }],
    ['a value with a carriage return', { k: 'a\rb' }],
    ['a value that is no string', { k: 1 }],
    ['a key starting with a digit', { '1k': 'v' }],
    ['a key of 64 characters', { ['k'.repeat(64)]: 'v' }],
    ['a list', ['v']],
    ['a string', 'v'],
  ])('refuses %s with the whole rule', (_, addFields) => {
    expect(errorsOf(addFields)).toEqual([{ pointer: '/adapters/0/addFields', detail: MESSAGE }]);
  });

  it('takes 32 fields, 256-character values, @ keys and inner spaces, each sorted by name into one modify filter', () => {
    expect(modify(fields(32))[0][1].Add).toHaveLength(32);
    expect(modify({ b: 'x'.repeat(256), '@a': 'one two', a_1: 'z' })).toEqual([
      ['FILTER', { Name: ['modify'], Match: ['app.*'], Add: ['@a one two', 'a_1 z', `b ${'x'.repeat(256)}`] }],
    ]);
    expect(modify({})).toEqual([]);
  });
});

describe('log-normalizer: the shared log volume', () => {
  it('is an emptyDir named after the adapter and its purpose, mounted in the app and the adapter', () => {
    const spec = podSpec(
      composeBundle(request([{ preset: 'log-normalizer', name: 'log-shape', logDir: '/var/log/x' }])),
    );
    expect(spec.volumes).toContainEqual({ name: 'log-shape-logs', emptyDir: {} });
    for (const c of [spec.containers[0], spec.containers.find((x: any) => x.name === 'log-shape')])
      expect(c.volumeMounts.find((m: any) => m.mountPath === '/var/log/x').name).toBe('log-shape-logs');
  });
});
