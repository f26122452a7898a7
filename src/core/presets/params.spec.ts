import { describe, expect, it } from 'vitest';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import { parsePresetItem, unknownPresetDetail } from './params.js';

const ALLOWED = {
  sidecar: 'log-forwarder, git-sync, custom',
  ambassador: 'http-egress, tcp-egress, redis-shards, reverse-proxy',
  adapter: 'prometheus-exporter, log-normalizer',
};

describe('parsePresetItem', () => {
  it('refuses an item that is not an object at the item, under the field of its kind', () => {
    for (const item of [null, 'log-forwarder', 3, [{ preset: 'log-forwarder' }]]) {
      expect(invalidRequestOf(() => parsePresetItem('adapter', item, 2)).errors).toEqual([
        { pointer: '/adapters/2', detail: 'must be an object' },
      ]);
    }
  });

  it('refuses an unknown or missing preset at /preset, naming the allowed ones', () => {
    expect(invalidRequestOf(() => parsePresetItem('sidecar', { preset: 'envoy' }, 0)).errors).toEqual([
      {
        pointer: '/sidecars/0/preset',
        detail: `unknown sidecar preset "envoy"; allowed: ${ALLOWED.sidecar}`,
      },
    ]);
    expect(invalidRequestOf(() => parsePresetItem('ambassador', { preset: 7 }, 1)).errors).toEqual([
      {
        pointer: '/ambassadors/1/preset',
        detail: `unknown ambassador preset 7; allowed: ${ALLOWED.ambassador}`,
      },
    ]);
    expect(invalidRequestOf(() => parsePresetItem('ambassador', {}, 1)).errors[0]!.detail).toBe(
      `unknown ambassador preset null; allowed: ${ALLOWED.ambassador}`,
    );
  });

  it('gives the preset and its parameters as an instance of its class, validated at the item pointer', () => {
    const { preset, params } = parsePresetItem(
      'sidecar',
      {
        preset: 'log-forwarder',
        name: 'logs',
        logDir: '/var/log/app',
        output: { type: 'stdout' },
      },
      0,
    );
    expect(preset.id).toBe('log-forwarder');
    expect(params).toBeInstanceOf(preset.params);
    expect(params.name).toBe('logs');
    const e = invalidRequestOf(() => parsePresetItem('sidecar', { preset: 'log-forwarder', name: 'Logs' }, 3));
    expect(e.errors.map((x) => x.pointer)).toContain('/sidecars/3/name');
  });
});

describe('unknownPresetDetail', () => {
  it('says under which field a preset of another kind belongs, with a or an', () => {
    expect(unknownPresetDetail('adapter', 'log-forwarder')).toBe(
      `unknown adapter preset "log-forwarder"; allowed: ${ALLOWED.adapter} ("log-forwarder" is a sidecar preset: list it under sidecars)`,
    );
    expect(unknownPresetDetail('sidecar', 'http-egress')).toBe(
      `unknown sidecar preset "http-egress"; allowed: ${ALLOWED.sidecar} ("http-egress" is an ambassador preset: list it under ambassadors)`,
    );
    expect(unknownPresetDetail('ambassador', 'log-normalizer')).toBe(
      `unknown ambassador preset "log-normalizer"; allowed: ${ALLOWED.ambassador} ("log-normalizer" is an adapter preset: list it under adapters)`,
    );
  });

  it('gives no hint for a name no kind has, or a value that is not a string', () => {
    expect(unknownPresetDetail('adapter', 'envoy')).toBe(`unknown adapter preset "envoy"; allowed: ${ALLOWED.adapter}`);
    expect(unknownPresetDetail('adapter', undefined)).toBe(`unknown adapter preset null; allowed: ${ALLOWED.adapter}`);
    expect(unknownPresetDetail('adapter', ['log-forwarder'])).toBe(
      `unknown adapter preset ["log-forwarder"]; allowed: ${ALLOWED.adapter}`,
    );
  });

  it('hints only at another kind, never at the kind asked for', () => {
    expect(unknownPresetDetail('sidecar', 'git-sync')).toBe(
      `unknown sidecar preset "git-sync"; allowed: ${ALLOWED.sidecar}`,
    );
  });
});
