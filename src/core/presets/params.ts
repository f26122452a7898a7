// Turns a plain preset item into its parameter class and validates it with the same rules the HTTP
// layer uses, so the core is safe to call directly (charts, property tests, other callers).
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidRequestError, pointer } from '../model/errors.js';
import { checkSizes } from '../model/size-guard.js';
import { fieldErrors } from '../model/validation-errors.js';
import { KIND_FIELD, type Preset, type PresetKind, type PresetParams } from './preset.js';
import { findPreset, presetsOf } from './registry.js';

export function parsePresetItem(kind: PresetKind, item: unknown, index: number): { preset: Preset; params: PresetParams } {
  const base = pointer(KIND_FIELD[kind], index);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InvalidRequestError([{ pointer: base, detail: 'must be an object' }]);
  }
  const id = (item as { preset?: unknown }).preset;
  const preset = typeof id === 'string' ? findPreset(kind, id) : undefined;
  if (!preset) {
    throw new InvalidRequestError([{ pointer: `${base}/preset`, detail: unknownPresetDetail(kind, id) }]);
  }
  checkSizes(item, preset.params, base);
  const params = plainToInstance(preset.params, item) as PresetParams;
  const errors = validateSync(params, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) throw new InvalidRequestError(fieldErrors(errors, base));
  return { preset, params };
}

export function unknownPresetDetail(kind: PresetKind, id: unknown): string {
  const allowed = presetsOf(kind).map((p) => p.id);
  const elsewhere = typeof id === 'string' ? (['sidecar', 'ambassador', 'adapter'] as PresetKind[]).find((k) => k !== kind && findPreset(k, id)) : undefined;
  const hint = elsewhere ? ` ("${id}" is a${elsewhere === 'adapter' || elsewhere === 'ambassador' ? 'n' : ''} ${elsewhere} preset: list it under ${KIND_FIELD[elsewhere]})` : '';
  return `unknown ${kind} preset ${JSON.stringify(id ?? null)}; allowed: ${allowed.join(', ')}${hint}`;
}
