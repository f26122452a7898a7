// Finds a preset item's preset and gives its parameters as an instance of the preset's class: an
// item validated by the HTTP pipe is one already and is taken as is; a plain item (a caller of the
// core that skips the HTTP edge) is validated here, once, with the pipe's own rules.
import { InvalidRequestError, pointer } from '../model/errors.js';
import { validateInput } from '../model/validate-input.js';
import { KIND_FIELD, type Preset, type PresetKind, type PresetParams } from './preset.js';
import { findPreset, presetsOf } from './registry.js';

export function parsePresetItem(
  kind: PresetKind,
  item: unknown,
  index: number,
): { preset: Preset; params: PresetParams } {
  const base = pointer(KIND_FIELD[kind], index);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InvalidRequestError([{ pointer: base, detail: 'must be an object' }]);
  }
  const id = (item as { preset?: unknown }).preset;
  const preset = typeof id === 'string' ? findPreset(kind, id) : undefined;
  if (!preset) {
    throw new InvalidRequestError([{ pointer: `${base}/preset`, detail: unknownPresetDetail(kind, id) }]);
  }
  return { preset, params: validateInput(preset.params as new () => PresetParams, item, base) };
}

export function unknownPresetDetail(kind: PresetKind, id: unknown): string {
  const allowed = presetsOf(kind).map((p) => p.id);
  const elsewhere =
    typeof id === 'string'
      ? (['sidecar', 'ambassador', 'adapter'] as PresetKind[]).find((k) => k !== kind && findPreset(k, id))
      : undefined;
  const hint = elsewhere
    ? ` ("${id}" is a${elsewhere === 'adapter' || elsewhere === 'ambassador' ? 'n' : ''} ${elsewhere} preset: list it under ${KIND_FIELD[elsewhere]})`
    : '';
  return `unknown ${kind} preset ${JSON.stringify(id ?? null)}; allowed: ${allowed.join(', ')}${hint}`;
}
