// Validation decorators the request DTOs and preset parameter classes share. Each one also states its
// JSON Schema, because the OpenAPI request schemas are derived from the validation metadata (one
// declaration per rule).
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsOptional,
  Matches,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Type } from './class-metadata.js';
import { LIMITS } from './limits.js';
import './validation-metadata.js';
import {
  LABEL_KEY_PATTERN,
  LABEL_VALUE,
  PORT_NAME,
  isPortName,
  qualifiedNameProblem,
  type Grammar,
} from './grammars.js';

/** A port name with its two further rules (a letter somewhere, no "--") as lookaheads */
export const PORT_NAME_PATTERN = PORT_NAME.source;

/** Several property decorators as one. */
export function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}
/**
 * An optional list of at most `max` items of a nested class: IsOptional, IsArray, ArrayMaxSize,
 * ValidateNested (each) and Type, applied in the order the same stack of decorators written one per
 * line applies them (bottom up), so the derived schema keeps its key order.
 */
export function OptionalListOf(type: Parameters<typeof Type>[0], max: number): PropertyDecorator {
  return compose(Type(type), ValidateNested({ each: true }), ArrayMaxSize(max), IsArray(), IsOptional());
}
const given = (o: object, key: string) => (o as Record<string, unknown>)[key] != null;

/**
 * `@Matches` with a message that says what the field is (by default the grammar's own words), not
 * which regex failed.
 */
export function MatchesGrammar(
  pattern: RegExp | Grammar,
  what?: string,
  options: { each?: boolean } = {},
): PropertyDecorator {
  const words = what ?? ('what' in pattern ? pattern.what : 'valid');
  return Matches(pattern, { message: `${options.each ? 'each of ' : ''}$property must be ${words}`, ...options });
}

/**
 * Exactly one member of `group` must be given. Put it on every member: the first one reports a
 * missing choice, a later one reports that an earlier one is already given.
 */
export function ExactlyOneOf(group: readonly string[], owner: string): PropertyDecorator {
  const list = group.join(', ');
  return (target, key) => {
    const self = String(key);
    const index = group.indexOf(self);
    if (index < 0) throw new Error(`ExactlyOneOf: ${self} is not in [${list}]`);
    if (index === 0) {
      // the same rule for the object, in its schema: exactly one member present
      (JSONSchema({ oneOf: group.map((g) => ({ required: [g] })) } as never) as ClassDecorator)(target.constructor);
      ValidateIf((o: object) => given(o, self) || !group.some((g) => given(o, g)))(target, key);
      IsDefined({ message: `${owner} needs exactly one of ${list}` })(target, key);
    } else {
      IsOptional()(target, key);
    }
    registerDecorator({
      name: 'exactlyOneOf',
      target: target.constructor,
      propertyName: self,
      options: {
        message: (args: ValidationArguments) =>
          `give only one of ${list}: ${group.filter((g) => g !== self && given(args.object, g)).join(', ')} is already given`,
      },
      validator: {
        validate: (_: unknown, args: ValidationArguments) => !group.slice(0, index).some((g) => given(args.object, g)),
      },
    });
  };
}

/** A validator class-validator does not have, with the JSON Schema that says the same. */
function customRule(
  name: string,
  message: string | ((args: ValidationArguments) => string),
  validate: (value: unknown) => boolean,
  schema: Record<string, unknown>,
): PropertyDecorator {
  return compose(
    (target, key) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(key),
        options: { message },
        validator: { validate },
      }),
    SchemaIs(schema),
  );
}

const isPortNumber = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
const PORT_NAME_SCHEMA = { type: 'string', pattern: PORT_NAME_PATTERN, maxLength: 15 };

/**
 * Items of an array are unique by a key (class-validator's ArrayUnique compares with indexOf, which
 * costs the square of the length): one pass with a Set.
 */
export function UniqueBy<T>(key: (item: T) => unknown, message: string): PropertyDecorator {
  return compose(
    (target, property) =>
      registerDecorator({
        name: 'arrayUnique',
        target: target.constructor,
        propertyName: String(property),
        options: { message },
        validator: {
          validate: (value: unknown) => {
            if (!Array.isArray(value)) return false;
            const seen = new Set<unknown>();
            for (const item of value as T[]) seen.add(key(item));
            return seen.size === value.length;
          },
        },
      }),
    Schema({ uniqueItems: true }),
  );
}

/** A container port by number (1-65535) or by name (IANA_SVC_NAME). */
export function IsPortRef(): PropertyDecorator {
  return customRule(
    'isPortRef',
    '$property must be a port number (1-65535) or a port name of the container (e.g. "http")',
    (v) => isPortNumber(v) || (typeof v === 'string' && isPortName(v)),
    // the pattern already bounds a name to 15 characters
    {
      oneOf: [
        { type: 'integer', minimum: 1, maximum: 65535 },
        { type: 'string', pattern: PORT_NAME_PATTERN },
      ],
    },
  );
}

/** A port name: IANA_SVC_NAME (at most 15 characters, a letter, no "--"). */
export function IsPortName(): PropertyDecorator {
  return customRule(
    'isPortName',
    `$property must be ${PORT_NAME.what}`,
    (v) => typeof v === 'string' && isPortName(v),
    PORT_NAME_SCHEMA,
  );
}

/** A string-to-string map: Kubernetes labels (values limited) or annotations (values free). */
export function IsStringMap(kind: 'labels' | 'annotations'): PropertyDecorator {
  const max = LIMITS[kind];
  const problems = (value: unknown): string[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be an object of strings'];
    const entries = Object.entries(value);
    if (entries.length > max) return [`has ${entries.length} entries; at most ${max} are allowed`];
    return entries.flatMap(([k, v]) => {
      const keyProblem = qualifiedNameProblem(k);
      if (keyProblem) return [`key "${k}" ${keyProblem}`];
      if (typeof v !== 'string') return [`value of "${k}" must be a string`];
      if (kind === 'labels' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        return [`value of "${k}" must be ${LABEL_VALUE.what}`];
      }
      return [];
    });
  };
  return customRule(
    'isStringMap',
    (args) => `${args.property}: ${problems(args.value).join('; ')}`,
    (v) => problems(v).length === 0,
    {
      type: 'object',
      maxProperties: max,
      // OpenAPI 3.0 has no propertyNames: the key grammar goes in an extension (and the description)
      'x-propertyNames': { type: 'string', pattern: LABEL_KEY_PATTERN, maxLength: 317 },
      additionalProperties:
        kind === 'labels' ? { type: 'string', maxLength: 63, pattern: LABEL_VALUE.source } : { type: 'string' },
    },
  );
}

/** Documentation of a field for the OpenAPI schema. */
export function Doc(description: string, example?: unknown): PropertyDecorator {
  return Schema({ description, ...(example !== undefined ? { example } : {}) });
}

type JsonSchema = Record<string, unknown>;
type Fragment =
  | { kind: 'merge' | 'replace'; schema: JsonSchema }
  | { kind: 'transform'; transform: (derived: JsonSchema) => JsonSchema };
const fragments = new WeakMap<object, Map<string, Fragment[]>>();

/**
 * Adds to the schema class-validator-jsonschema derives for a field. Its @JSONSchema keeps one
 * value per field, so the fragments are collected here and applied together: replacements and
 * transforms first (custom validators, whose derived schema means nothing), then merges (docs).
 */
function addSchema(fragment: Fragment): PropertyDecorator {
  return (target, key) => {
    const byKey = fragments.get(target) ?? new Map<string, Fragment[]>();
    fragments.set(target, byKey);
    const list = [...(byKey.get(String(key)) ?? []), fragment];
    byKey.set(String(key), list);
    const apply = (derived: JsonSchema) => {
      let schema = derived;
      for (const f of list) {
        if (f.kind === 'replace') schema = { ...f.schema };
        else if (f.kind === 'transform') schema = f.transform(schema);
      }
      for (const f of list) if (f.kind === 'merge') schema = { ...schema, ...f.schema };
      return schema;
    };
    (JSONSchema(apply as never) as PropertyDecorator)(target, key);
  };
}

/** JSON Schema keywords merged into the derived schema of a field. */
export function Schema(schema: JsonSchema): PropertyDecorator {
  return addSchema({ kind: 'merge', schema });
}

/** The whole JSON Schema of a field whose validator the converter does not know. */
export function SchemaIs(schema: JsonSchema): PropertyDecorator {
  return addSchema({ kind: 'replace', schema });
}

/** A function of the derived JSON Schema of a field. */
export function SchemaFrom(transform: (derived: JsonSchema) => JsonSchema): PropertyDecorator {
  return addSchema({ kind: 'transform', transform });
}
