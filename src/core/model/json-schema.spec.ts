import { describe, expect, it } from 'vitest';
import { retargetRefs } from './json-schema.js';

describe('retargetRefs', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { $ref: '#/components/schemas/A' },
      list: { type: 'array', items: [{ $ref: '#/components/schemas/B' }, { type: 'string' }] },
      mapping: { type: 'string', description: '#/components/schemas/A' },
    },
    discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/A' } },
  };
  const to = (ref: string) => ref.replace('#/components/schemas/', '#/$defs/x');

  it('rewrites every $ref, at any depth and in lists, and keeps the order of members', () => {
    const out = retargetRefs(schema, to) as typeof schema;
    expect(out.properties.a).toEqual({ $ref: '#/$defs/xA' });
    expect(out.properties.list.items).toEqual([{ $ref: '#/$defs/xB' }, { type: 'string' }]);
    expect(Object.keys(out.properties)).toEqual(['a', 'list', 'mapping']);
    // discriminator mappings only when asked; a property that happens to be named "mapping" is no mapping
    expect(out.discriminator.mapping).toEqual({ a: '#/components/schemas/A' });
    expect(out.properties.mapping).toEqual(schema.properties.mapping);
    expect(schema.properties.a).toEqual({ $ref: '#/components/schemas/A' });
  });

  it('with mappings, rewrites the targets of discriminator mappings too', () => {
    const out = retargetRefs(schema, to, true) as typeof schema;
    expect(out.discriminator.mapping).toEqual({ a: '#/$defs/xA' });
    expect(out.properties.a).toEqual({ $ref: '#/$defs/xA' });
  });
});
