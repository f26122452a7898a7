import { describe, expect, it } from 'vitest';
import { commonLabels, selectorLabels, sortKeys } from './labels.js';

describe('labels', () => {
  const app = { name: 'orders', image: 'ghcr.io/acme/orders:1', labels: { zone: 'a', team: 'checkout' } };

  it("puts the caller's labels beside the recommended ones, keys sorted, defaults for component and part-of", () => {
    const labels = commonLabels(app);
    expect(labels).toEqual({
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/instance': 'orders',
      'app.kubernetes.io/managed-by': 'pod-patterns',
      'app.kubernetes.io/name': 'orders',
      'app.kubernetes.io/part-of': 'orders',
      team: 'checkout',
      zone: 'a',
    });
    expect(Object.keys(labels)).toEqual([...Object.keys(labels)].sort());
    expect(commonLabels({ ...app, component: 'api', partOf: 'shop' })).toMatchObject({
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'shop',
    });
    expect(selectorLabels(app)).toEqual({ 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders' });
  });

  it('sorts keys by code unit, whatever order they come in', () => {
    expect(Object.keys(sortKeys({ b: 1, a: 2, B: 3, 'a/b': 4, c: 5, a0: 6 }))).toEqual([
      'B',
      'a',
      'a/b',
      'a0',
      'b',
      'c',
    ]);
    expect(Object.keys(sortKeys({ z: 1, y: 2, x: 3 }))).toEqual(['x', 'y', 'z']);
  });
});
