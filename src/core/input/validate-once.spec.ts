import { describe, expect, it, vi } from 'vitest';
import * as classValidator from 'class-validator';
import { InvalidRequestError } from '../model/errors.js';
import { composeBundle } from '../generate/compose-bundle.js';
import { toMultiDocumentYaml } from '../render/canonical.js';
import { resolveValidationOptions } from '../validate/validate-bundle.js';
import { ValidationQuery } from '../validate/validation-query.js';
import { chartOptions, ChartOptionsDto } from '../model/chart-options.js';
import { buildChart } from '../render/chart/chart-builder.js';
import { BundleRequestDto, validateBundleRequest } from './bundle-request.js';
import { validateChartRequest } from './chart-request.js';

vi.mock('class-validator', async (original) => {
  const actual = await original<typeof import('class-validator')>();
  return { ...actual, validateSync: vi.fn(actual.validateSync) };
});

const request = () => ({
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
});

const pointers = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidRequestError) return e.errors.map((f) => f.pointer);
    throw e;
  }
  return [];
};

describe('each input is validated once', () => {
  it('a request validated by validateBundleRequest is composed with no second validation', () => {
    const validated = validateBundleRequest(request());
    expect(validated).toBeInstanceOf(BundleRequestDto);
    expect(classValidator.validateSync).toHaveBeenCalled();
    vi.mocked(classValidator.validateSync).mockClear();
    const bundle = composeBundle(validated);
    expect(classValidator.validateSync).not.toHaveBeenCalled();
    expect(bundle.summary.containers.map((c) => c.name)).toEqual(['orders', 'logs']);
    expect(toMultiDocumentYaml(bundle.manifests)).toContain('name: logs');
  });

  it('the chart of a request validated by validateChartRequest: composed and rendered with no second validation', () => {
    const validated = validateChartRequest({ ...request(), chart: { version: '1.2.3' } });
    vi.mocked(classValidator.validateSync).mockClear();
    const chart = buildChart(validated);
    expect(classValidator.validateSync).not.toHaveBeenCalled();
    expect(chart.version).toBe('1.2.3');
  });

  it('a plain object is refused: by the type checker, and at run time for a caller in plain JavaScript', () => {
    const plain = request();
    // @ts-expect-error a plain object is not a validated request
    expect(() => composeBundle(plain)).toThrow(/validated request: call validateBundleRequest\(\) first/);
    // @ts-expect-error nor is a plain chart request
    expect(() => buildChart({ ...plain, chart: {} })).toThrow(/call validateBundleRequest\(\) first/);
    // an instance of the class made without validation carries plain preset items: refused too
    const forged = Object.assign(new BundleRequestDto(), plain);
    expect(() => composeBundle(forged)).toThrow(/call validateBundleRequest\(\) first/);
  });

  it("validateBundleRequest refuses what the HTTP pipe refuses, with the pipe's pointers", () => {
    expect(pointers(() => validateBundleRequest({ app: { ...request().app, name: 'Orders' } }))).toEqual(['/app/name']);
    expect(pointers(() => validateBundleRequest({ ...request(), colour: 'blue' }))).toEqual(['/colour']);
    const noOutput = { ...request(), sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders' }] };
    expect(pointers(() => validateBundleRequest(noOutput))).toEqual(['/sidecars/0/output']);
  });

  it('chart options and the validation query: an instance is taken as is, plain input is checked', () => {
    const options = chartOptions({ version: '1.2.3' })!;
    expect(options).toBeInstanceOf(ChartOptionsDto);
    const calls = vi.mocked(classValidator.validateSync).mock.calls.length;
    expect(chartOptions(options)).toBe(options);
    expect(vi.mocked(classValidator.validateSync).mock.calls.length).toBe(calls);
    expect(pointers(() => chartOptions({ version: '0.0.0-0' }))).toEqual(['/chart/version']);

    const query = Object.assign(new ValidationQuery(), { kubernetesVersion: '1.31' });
    expect(resolveValidationOptions(query)).toEqual({
      kubernetesVersion: '1.31',
      minor: 31,
      podSecurity: 'restricted',
    });
    expect(vi.mocked(classValidator.validateSync).mock.calls.length).toBe(calls + 1);
    expect(pointers(() => resolveValidationOptions({ kubernetesVersion: '1.99' }))).toEqual(['/kubernetesVersion']);
  });
});
