import { describe, expect, it } from 'vitest';
import { presetParamSchema } from './param-schema.js';
import { PRESETS } from './registry.js';

describe('presetParamSchema', () => {
  it('gives every preset a closed schema with its id as the discriminator and resolvable refs', () => {
    for (const preset of PRESETS) {
      const schema = presetParamSchema(preset);
      expect(schema.additionalProperties).toBe(false);
      expect((schema.properties as any).preset).toEqual({
        type: 'string',
        const: preset.id,
        description: expect.any(String),
      });
      expect(schema.required).toEqual(expect.arrayContaining(['preset', 'name']));
      const refs = JSON.stringify(schema).match(/"#\/\$defs\/([A-Za-z0-9]+)"/g) ?? [];
      for (const ref of refs) expect(Object.keys((schema.$defs as object) ?? {})).toContain(ref.slice(9, -1));
    }
  });

  it('carries the parameter constraints of the class', () => {
    const lf = presetParamSchema(PRESETS.find((p) => p.id === 'log-forwarder')!);
    expect((lf.properties as any).parser.enum).toEqual(['none', 'json', 'logfmt', 'regex']);
    expect(lf.required).toContain('output');
    expect((lf.$defs as any).LogOutput.properties.type.enum).toContain('loki');
  });
});
