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

  it("states the preset's title and description, its definitions sorted by name and closed, the item itself not among them", () => {
    for (const preset of PRESETS) {
      const schema = presetParamSchema(preset) as Record<string, any>;
      expect(schema.title).toBe(preset.title);
      expect(schema.description).toBe(preset.description);
      expect(schema.type).toBe('object');
      expect(schema.properties.preset).toEqual({
        type: 'string',
        const: preset.id,
        description: 'which preset (the discriminator)',
      });
      const names = Object.keys(schema.$defs);
      expect(names).toEqual([...names].sort());
      expect(names).toContain('HelperResources');
      expect(names).not.toContain(preset.params.name);
      for (const def of Object.values<Record<string, unknown>>(schema.$defs))
        if (def.properties) expect(def.additionalProperties).toBe(false);
      expect(JSON.stringify(schema)).not.toContain('#/components/schemas/');
    }
  });

  it('points each nested class at its definition', () => {
    const gitSync = presetParamSchema(PRESETS.find((p) => p.id === 'git-sync')!) as Record<string, any>;
    expect(Object.keys(gitSync.$defs)).toEqual(['GitSyncAuth', 'HelperResources', 'QuantityMap']);
    expect(gitSync.properties.auth.$ref).toBe('#/$defs/GitSyncAuth');
    expect(gitSync.$defs.GitSyncAuth.properties.type.enum).toEqual(['basic', 'ssh']);
    expect(gitSync.$defs.GitSyncAuth.required).toEqual(['type', 'secretName']);
  });
});
