import { describe, expect, it } from 'vitest';
import { LIMITS } from '../model/limits.js';
import { refusal } from '../model/refusal.testing.js';
import { findPreset, presetsOf } from '../presets/registry.js';
import { BundleRequestDto, validateBundleRequest } from './bundle-request.js';
import { ChartRequestDto, validateChartRequest } from './chart-request.js';
import { presetItemsSchema } from './preset-items.js';

const app = { name: 'web', image: 'nginx:1.27' };
const logs = { preset: 'log-forwarder', name: 'logs', logDir: '/var/log/web', output: { type: 'stdout' } };
const egress = { preset: 'http-egress', name: 'payments', upstream: 'https://api.example.com', listenPort: 9000 };

/** The field errors of a refused request (a bundle request unless told). */
const refused = (body: unknown, validate: (body: unknown) => unknown = validateBundleRequest) =>
  refusal(() => validate(body));

describe('validateBundleRequest', () => {
  it("makes each preset item an instance of its preset's parameter class", () => {
    const request = validateBundleRequest({ app, sidecars: [logs], ambassadors: [egress] });
    expect(request).toBeInstanceOf(BundleRequestDto);
    expect(request.sidecars![0]).toBeInstanceOf(findPreset('sidecar', 'log-forwarder')!.params);
    expect(request.ambassadors![0]).toBeInstanceOf(findPreset('ambassador', 'http-egress')!.params);
    expect(request.sidecars![0]).toMatchObject(logs);
  });

  it('refuses a missing app, a list that is no array, items that are no objects, each at its pointer', () => {
    expect(refused({})).toEqual(['/app app is required: the description of the application (name, image, ports, ...)']);
    expect(refused({ app: [] })).toContain('/app app must be an object');
    expect(refused({ app, sidecars: {} })).toEqual(['/sidecars sidecars must be an array of sidecar items']);
    expect(refused({ app, adapters: 'x' })).toEqual(['/adapters adapters must be an array of adapter items']);
    const notObjects = refused({ app, ambassadors: [null, [], 3] });
    expect(notObjects).toEqual(
      [0, 1, 2].map((i) => `/ambassadors/${i} each item must be an object with a "preset" field`),
    );
  });

  it('names the allowed presets for a missing, unknown or misplaced preset, and nothing else of the item', () => {
    expect(refused({ app, sidecars: [{ preset: 'nope', name: 1 }, { ...egress }, { name: 'x' }] })).toEqual([
      '/sidecars/0/preset unknown sidecar preset "nope"; allowed: log-forwarder, git-sync, custom',
      '/sidecars/1/preset unknown sidecar preset "http-egress"; allowed: log-forwarder, git-sync, custom ("http-egress" is an ambassador preset: list it under ambassadors)',
      '/sidecars/2/preset preset is required',
    ]);
  });

  it(`takes at most ${LIMITS.helpersPerKind} items of a kind`, () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ ...logs, name: `logs-${i}` }));
    // the size guard answers first, before any item is validated
    expect(refused({ app, sidecars: items(LIMITS.helpersPerKind + 1) })).toEqual([
      `/sidecars has ${LIMITS.helpersPerKind + 1} items; at most ${LIMITS.helpersPerKind} are allowed`,
    ]);
    expect(validateBundleRequest({ app, sidecars: items(LIMITS.helpersPerKind) }).sidecars).toHaveLength(
      LIMITS.helpersPerKind,
    );
  });

  it('validates the chart options of a chart request', () => {
    expect(validateChartRequest({ app, chart: { version: '1.0.0' } })).toBeInstanceOf(ChartRequestDto);
    expect(refused({ app, chart: 3 }, validateChartRequest)).toEqual(['/chart chart must be an object']);
    // a bundle request has no chart options
    expect(refused({ app, chart: { version: '1.0.0' } })).toEqual([
      expect.stringMatching(/^\/chart /) as unknown as string,
    ]);
  });
});

describe('presetItemsSchema', () => {
  it("is a oneOf over the kind's parameter classes, discriminated by preset", () => {
    for (const kind of ['sidecar', 'ambassador', 'adapter'] as const) {
      const presets = presetsOf(kind);
      expect(presets.length).toBeGreaterThan(0);
      const ref = (name: string) => `#/components/schemas/${name}`;
      expect(presetItemsSchema(kind)).toEqual({
        oneOf: presets.map((p) => ({ $ref: ref(p.params.name) })),
        discriminator: {
          propertyName: 'preset',
          mapping: Object.fromEntries(presets.map((p) => [p.id, ref(p.params.name)])),
        },
      });
    }
    expect(presetItemsSchema('adapter')).toEqual({
      oneOf: [
        { $ref: '#/components/schemas/PrometheusExporterParams' },
        { $ref: '#/components/schemas/LogNormalizerParams' },
      ],
      discriminator: {
        propertyName: 'preset',
        mapping: {
          'prometheus-exporter': '#/components/schemas/PrometheusExporterParams',
          'log-normalizer': '#/components/schemas/LogNormalizerParams',
        },
      },
    });
  });
});
