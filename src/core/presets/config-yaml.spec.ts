import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CONFIG_YAML_CACHE_SIZE, configYaml } from './config-yaml.js';

const fresh = (value: unknown) => stringify(value, { lineWidth: 0 });

describe('configYaml', () => {
  const values: unknown[] = [
    { pool: { listen: '127.0.0.1:22121', redis: true, timeout: 400, servers: ['redis-0:6379:1 a', 'redis-1:6379:1'] } },
    { modules: { default: { metrics: [{ name: 'up', path: '{.status}', help: 'up', labels: { a: 'x: y' } }] } } },
    { on: 'yes', n: '0o17', empty: {}, list: [], nil: null, long: 'x'.repeat(300), multi: 'a\nb\n' },
    { zero: 0, negZero: -0, nan: NaN, inf: Infinity, negInf: -Infinity, nul: '\u0000-0', nul2: '\u0000NaN' },
  ];

  it('writes what a fresh stringify writes, the first time and from the table', () => {
    for (const value of values) {
      expect(configYaml(value)).toBe(fresh(value));
      expect(configYaml(structuredClone(value))).toBe(fresh(value));
    }
  });

  it('tells apart values JSON writes alike (-0 and 0, NaN and null, a NUL-led string and a number)', () => {
    const pairs: [unknown, unknown][] = [
      [{ a: 0 }, { a: -0 }],
      [{ a: null }, { a: NaN }],
      [{ a: Infinity }, { a: '\u0000Infinity' }],
      [{ a: -0 }, { a: '\u0000-0' }],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      // each number JSON cannot write has a key of its own, and no string takes one of them
      [{ a: NaN }, { a: Infinity }],
      [{ a: Infinity }, { a: -Infinity }],
      [{ a: -0 }, { a: NaN }],
      [{ a: '' }, { a: '\u0000' }],
      [{ a: 's\u0000x' }, { a: '\u0000x' }],
    ];
    for (const [x, y] of pairs) {
      expect(configYaml(x)).toBe(fresh(x));
      expect(configYaml(y)).toBe(fresh(y));
      expect(fresh(x)).not.toBe(fresh(y));
    }
  });

  it('stays right past its bound (the oldest texts go, later ones are written again)', () => {
    const many = Array.from({ length: CONFIG_YAML_CACHE_SIZE + 50 }, (_, i) => ({ server: `redis-${i}:6379:1` }));
    for (const value of many) expect(configYaml(value)).toBe(fresh(value));
    for (const value of many.slice(0, 60)) expect(configYaml(value)).toBe(fresh(value));
  });
});
