import { describe, expect, it } from 'vitest';
import { parameterRows } from './readme.js';

const schema = {
  type: 'object',
  properties: {
    image: { $ref: '#/definitions/image', description: 'the app image' },
    replicaCount: { type: 'integer', minimum: 0 },
    service: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { type: 'string', description: 'Service type' },
        ports: { type: 'array', description: 'ports' },
      },
    },
    podAnnotations: { $ref: '#/definitions/annotations', description: 'pod annotations' },
  },
  definitions: {
    image: {
      type: 'object',
      additionalProperties: false,
      properties: { repository: { type: 'string', description: 'repo' }, tag: { type: 'string', description: 'tag' } },
    },
    annotations: { type: 'object' },
  },
};

describe('parameterRows', () => {
  it('lists every leaf of values with its type, default and the schema description', () => {
    const rows = parameterRows(
      {
        image: { repository: 'ghcr.io/a|b', tag: '1.0' },
        replicaCount: 2,
        service: { type: 'ClusterIP', ports: [] },
        podAnnotations: { 'a/b': 'x' },
      },
      schema,
    );
    expect(rows).toEqual([
      '| `image.repository` | string | `"ghcr.io/a\\|b"` | repo |',
      '| `image.tag` | string | `"1.0"` | tag |',
      '| `replicaCount` | integer | `2` |  |',
      '| `service.type` | string | `"ClusterIP"` | Service type |',
      '| `service.ports` | array | `[]` | ports |',
      '| `podAnnotations` | object | `{"a/b":"x"}` | pod annotations |',
    ]);
  });

  it('points long defaults at values.yaml and quotes keys with dots', () => {
    const rows = parameterRows({ service: { type: 'x'.repeat(100) } }, schema);
    expect(rows[0]).toContain('(see values.yaml)');
    const dotted = parameterRows(
      { config: { 'nginx.conf': 'x' } },
      {
        properties: {
          config: { type: 'object', additionalProperties: false, properties: { 'nginx.conf': { type: 'string' } } },
        },
      },
    );
    expect(dotted[0]).toContain('`config."nginx.conf"`');
  });
});
