// Preset items (sidecars, ambassadors, adapters) are discriminated by `preset`. The subtypes come
// from the preset registry, so a new preset needs no change here: its parameter class is the DTO.
import { Exclude, Expose, plainToInstance, Transform } from 'class-transformer';
import { IsArray, IsOptional, registerDecorator, ValidateNested, type ValidationArguments } from 'class-validator';
import { LIMITS } from '../model/limits.js';
import { registerItemClass } from '../model/size-guard.js';
import { KIND_FIELD, type PresetKind } from '../presets/preset.js';
import { unknownPresetDetail } from '../presets/params.js';
import { findPreset, presetsOf } from '../presets/registry.js';
import { compose, SchemaFrom } from '../model/validators.js';

const SCHEMA_PREFIX = '#/components/schemas/';

/** The OpenAPI items schema of a preset list: a oneOf over the kind's parameter classes. */
export function presetItemsSchema(kind: PresetKind): Record<string, unknown> {
  const presets = presetsOf(kind);
  if (!presets.length) return { type: 'object', description: `no ${kind} presets are available yet` };
  return {
    oneOf: presets.map((p) => ({ $ref: `${SCHEMA_PREFIX}${p.params.name}` })),
    discriminator: {
      propertyName: 'preset',
      mapping: Object.fromEntries(presets.map((p) => [p.id, `${SCHEMA_PREFIX}${p.params.name}`])),
    },
  };
}

const unknownPresetClasses = new Map<PresetKind, new () => object>();

/**
 * Stands in for an item whose `preset` is missing, unknown or of another kind. It keeps only
 * `preset` (class-level @Exclude), so the answer is the one useful error, naming the allowed
 * presets, not one "unknown field" per parameter of a preset the service does not have.
 */
function unknownPresetClass(kind: PresetKind): new () => object {
  let cls = unknownPresetClasses.get(kind);
  if (!cls) {
    @Exclude()
    class UnknownPreset {
      @Expose()
      preset: unknown;
    }
    registerDecorator({
      name: 'knownPreset',
      target: UnknownPreset,
      propertyName: 'preset',
      options: { message: (args: ValidationArguments) => unknownPresetDetail(kind, args.value) },
      validator: { validate: () => false },
    });
    Object.defineProperty(UnknownPreset, 'name', { value: `Unknown${kind[0]!.toUpperCase()}${kind.slice(1)}Preset` });
    cls = UnknownPreset;
    unknownPresetClasses.set(kind, cls);
  }
  return cls;
}

/** The parameter class of an item's preset, if it names one of this kind. */
function presetClassOf(kind: PresetKind, item: unknown): (new () => object) | undefined {
  const id = typeof item === 'object' && item !== null ? (item as { preset?: unknown }).preset : undefined;
  return typeof id === 'string' ? findPreset(kind, id)?.params : undefined;
}

/** A plain item as an instance of its preset's parameter class (or of the stand-in). */
function toPresetItem(kind: PresetKind, item: unknown): unknown {
  // null makes ValidateNested report a nested array at the item, as it does any other non-object
  if (Array.isArray(item)) return null;
  if (typeof item !== 'object' || item === null) return item;
  return plainToInstance(presetClassOf(kind, item) ?? unknownPresetClass(kind), item);
}

/** A list of preset items of one kind, each validated by its preset's parameter class. */
export function PresetItems(kind: PresetKind, description: string): PropertyDecorator {
  return compose(
    IsOptional(),
    IsArray({ message: `${KIND_FIELD[kind]} must be an array of ${kind} items` }),
    // at most helpersPerKind items (a non-array is IsArray's to report, once)
    (target: object, key: string | symbol) =>
      registerDecorator({
        name: 'arrayMaxSize',
        target: target.constructor,
        propertyName: String(key),
        constraints: [LIMITS.helpersPerKind],
        options: { message: `${KIND_FIELD[kind]} must contain no more than ${LIMITS.helpersPerKind} items` },
        validator: { validate: (value: unknown) => !Array.isArray(value) || value.length <= LIMITS.helpersPerKind },
      }),
    ValidateNested({ each: true, message: 'each item must be an object with a "preset" field' }),
    // class-transformer's own discriminator fails on null items, hence the explicit mapping
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) ? value.map((item) => toPresetItem(kind, item)) : value,
    ),
    // replaces the derived items schema (which would name the stand-in class)
    SchemaFrom(() => ({ type: 'array', description, maxItems: LIMITS.helpersPerKind, items: presetItemsSchema(kind) })),
    // the size guard checks each item against its preset's parameter class
    (target: object, key: string | symbol) =>
      registerItemClass(target.constructor as new () => object, String(key), (item) => presetClassOf(kind, item)),
  );
}
