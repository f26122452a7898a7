import { describe, expect, it } from 'vitest';
import type { BundleRequest } from '../../request/bundle.js';
import { buildValuesSchema, valuesDefinitions } from './values-schema.js';
import { findPreset } from '../../presets/registry.js';
import { buildValues } from './values.js';
import { bundleParts } from '../../../../test/support/validated.js';

const request = (): BundleRequest => ({
  app: {
    name: 'db',
    image: 'mongo:7.0.14',
    workload: 'StatefulSet',
    replicas: 3,
    ports: [{ name: 'mongo', containerPort: 27017 }],
    storage: { mountPath: '/data/db', size: '20Gi' },
  },
  sidecars: [{ preset: 'git-sync', name: 'content', repo: 'https://github.com/acme/docs.git', mountPath: '/srv/docs' }],
  target: { kubernetesVersion: '1.28' },
});

const parts = bundleParts(request());
const values = buildValues(parts);
const schema = buildValuesSchema(values, parts) as Record<string, any>;

function walk(node: unknown, visit: (n: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

describe('buildValuesSchema', () => {
  it('is closed at the top and in every helper group, requiring the keys values.yaml has', () => {
    expect(schema.additionalProperties).toBe(false);
    // global is open and optional (parent charts share it); every other key is required
    expect([...schema.required, 'global'].sort()).toEqual(Object.keys(values).sort());
    for (const group of ['sidecars', 'ambassadors', 'adapters'])
      expect(schema.properties[group].additionalProperties).toBe(false);
    expect(schema.properties.sidecars.required).toEqual(['content']);
    expect(schema.properties.sidecars.properties.content.required).toEqual([
      'enabled',
      'image',
      'resources',
      'initContainers',
      'containers',
      'roles',
    ]);
  });

  it('types replicaCount as a whole number from 0, so --set replicaCount=abc or -1 fails at install', () => {
    expect(schema.properties.replicaCount).toMatchObject({ type: 'integer', minimum: 0 });
    expect(values.replicaCount).toBe(3);
  });

  it('has the StatefulSet keys only for a StatefulSet', () => {
    expect(schema.properties.persistence.required).toContain('size');
    expect(schema.properties.podManagementPolicy.enum).toEqual(['OrderedReady', 'Parallel']);
  });

  it('has no empty schemas, every $ref resolves, and every pattern reads the same in Go (no lookaround)', () => {
    walk(schema, (node) => {
      if (typeof node.$ref === 'string')
        expect(schema.definitions[node.$ref.split('/').pop()!], node.$ref).toBeDefined();
      if (typeof node.pattern === 'string') {
        expect(() => new RegExp(node.pattern)).not.toThrow();
        expect(node.pattern).not.toMatch(/\(\?[=!<]/);
      }
      for (const key of ['items', 'additionalProperties'])
        if (node[key] && typeof node[key] === 'object') expect(Object.keys(node[key]).length, key).toBeGreaterThan(0);
    });
  });

  it('checks helper resources with the same schema as a request item', () => {
    expect(schema.properties.sidecars.properties.content.properties.resources).toEqual({
      $ref: '#/definitions/helperResources',
      description: expect.any(String),
    });
    expect(schema.definitions.helperQuantities.properties.cpu.pattern).toBeDefined();
  });
});

describe('values.schema.json definitions, made once per preset', () => {
  const variants: [string, BundleRequest][] = [
    ['no helper', { app: { name: 'web', image: 'nginx:1.27' } }],
    ['git-sync first', request()],
    [
      'redis-shards first',
      {
        app: { name: 'shop', image: 'shop:1.0', ports: [{ name: 'http', containerPort: 8080 }] },
        ambassadors: [
          { preset: 'redis-shards', name: 'cache', servers: ['redis-0.redis:6379:1', 'redis-1.redis:6379:1'] },
        ] as BundleRequest['ambassadors'],
      },
    ],
  ];

  it.each(variants)('%s: the same definitions as made afresh, shared and frozen', (_, req) => {
    const p = bundleParts(req);
    const first = p.helpers.map((h) => findPreset(h.kind, h.preset)).find(Boolean);
    const once = buildValuesSchema(buildValues(p), p).definitions as Record<string, unknown>;
    const again = buildValuesSchema(buildValues(bundleParts(req)), bundleParts(req)).definitions;
    expect(once).toEqual(valuesDefinitions(first));
    expect(again).toBe(once);
    expect(Object.isFrozen(once)).toBe(true);
    expect(Object.isFrozen(once.helperResources ?? once.container)).toBe(true);
    expect('helperResources' in once).toBe(Boolean(first));
  });
});
