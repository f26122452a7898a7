import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import { presetsOf } from '../registry.js';
import { defaultEnvName, durationMs, DURATION, parseHostPort } from './loopback.js';
import { InvalidRequestError } from '../../model/errors.js';
import { allContainers, podSpecOf, restrictedProblems, schemaProblems } from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

describe('every ambassador preset', () => {
  const ambassadors = presetsOf('ambassador');

  it('are registered', () => {
    expect(ambassadors.map((p) => p.id)).toEqual(expect.arrayContaining(['http-egress', 'tcp-egress', 'redis-shards']));
  });

  it.each(ambassadors.map((p) => [p.id, p] as const))(
    '%s: its example composes into a valid, restricted pod, as a native sidecar listening on declared ports',
    (_id, preset) => {
      const item = preset.example as PresetItem;
      const bundle = composeBundle({
        app: { name: 'shop', image: 'ghcr.io/acme/shop:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
        ambassadors: [item],
        target: { kubernetesVersion: '1.33' },
      });
      expect(schemaProblems(bundle.manifests)).toEqual([]);
      expect(restrictedProblems(podSpecOf(bundle), [item.name])).toEqual([]);
      expect(bundle.summary.containers).toContainEqual({
        name: item.name,
        role: 'ambassador',
        preset: preset.id,
        placement: 'native-sidecar',
      });
      const c = allContainers(podSpecOf(bundle)).find((x) => x.name === item.name)!;
      expect(c.ports?.length).toBeGreaterThan(0);
      // outbound ambassadors listen on loopback and probe from inside; the inbound one (reverse-proxy)
      // listens on the pod IP, where the kubelet's httpGet reaches its own health path
      if (preset.id === 'reverse-proxy') expect(c.startupProbe?.httpGet?.port).toBe(c.ports![0].name);
      else expect(c.startupProbe?.exec?.command?.join(' ')).toContain('127.0.0.1');
      expect(c.resources?.limits?.memory).toBeDefined();
    },
  );
});

describe('ambassador helpers', () => {
  it('names the app env var after the item in upper snake case', () => {
    expect(defaultEnvName('payments', 'URL')).toBe('PAYMENTS_URL');
    expect(defaultEnvName('fx-rates-2', 'ADDR')).toBe('FX_RATES_2_ADDR');
  });

  it('reads durations in the units nginx and HAProxy share, to milliseconds for twemproxy', () => {
    expect(['500ms', '5s', '1m', '2h'].map(durationMs)).toEqual([500, 5000, 60_000, 7_200_000]);
    for (const bad of ['5', '1.5s', '5 s', '1d', '-1s']) expect(DURATION.test(bad)).toBe(false);
  });
});

describe('loopback helpers: values at the edges', () => {
  it('parseHostPort splits host:port and refuses anything else with its pointer', () => {
    expect(parseHostPort('redis-0.redis:6379', '/p')).toEqual({ host: 'redis-0.redis', port: 6379 });
    for (const value of ['redis', ':6379', 'redis:0', 'redis:65536', 'Bad_Host:80', 'a b:80']) {
      let detail: unknown;
      try {
        parseHostPort(value, '/p');
      } catch (e) {
        detail = e instanceof InvalidRequestError ? e.errors : e;
      }
      expect(detail).toEqual([
        { pointer: '/p', detail: `"${value}" is not host:port (a host name or IPv4 address, then a port 1-65535)` },
      ]);
    }
  });

  it('durationMs reads only a whole duration; defaultEnvName joins a run of other characters into one _', () => {
    expect(() => durationMs('x5s')).toThrow('not a duration: x5s');
    expect(() => durationMs('5sx')).toThrow('not a duration: 5sx');
    expect(defaultEnvName('a--b', 'URL')).toBe('A_B_URL');
    expect(defaultEnvName('9lives', 'PATH')).toBe('_9LIVES_PATH');
  });
});
