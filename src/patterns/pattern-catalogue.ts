// The catalogue: every registered preset, described from the registry (nothing listed by hand).
import { presetParamSchema } from '../core/presets/param-schema.js';
import type { Preset, PresetKind } from '../core/presets/preset.js';
import { PRESETS } from '../core/presets/registry.js';
import type { PatternDto } from './dto/pattern.dto.js';

export const PATTERN_KINDS: readonly PresetKind[] = ['sidecar', 'ambassador', 'adapter'];

export function patternOf(preset: Preset): PatternDto {
  return {
    kind: preset.kind,
    id: preset.id,
    title: preset.title,
    description: preset.description,
    parameters: presetParamSchema(preset),
    example: preset.example,
  };
}

/** Kinds in a fixed order, presets in registry order within a kind. */
export function catalogue(): PatternDto[] {
  return PATTERN_KINDS.flatMap((kind) => PRESETS.filter((p) => p.kind === kind).map(patternOf));
}

/** "sidecar" or "sidecars" -> "sidecar"; undefined for anything else. */
export function kindOf(text: string): PresetKind | undefined {
  return PATTERN_KINDS.find((k) => text === k || text === `${k}s`);
}
