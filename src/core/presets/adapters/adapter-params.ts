// Parameter pieces the adapter presets share: references to app ports, label maps, Secret
// references that refuse inline credentials with a message that says what to do instead, and the
// optional ServiceMonitor.
import 'reflect-metadata';
import { Type } from '../../model/class-metadata.js';
import { ValidateBy, ValidateNested, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { isPortName } from '../../model/grammars.js';
import { PORT_NAME_PATTERN } from '../../model/validators.js';
import { SecretKeyRef } from '../secret-ref.js';

/** A port of the app: its name (as in app.ports) or its number. */
export type PortReference = string | number;

export function isPortReference(value: unknown): value is PortReference {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 65535;
  return typeof value === 'string' && isPortName(value);
}

export function IsPortReference(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPortReference',
      validator: {
        validate: (value) => isPortReference(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must name a port of the app: its name from app.ports (at most 15 characters: a-z, 0-9, "-") or its number (1-65535)`,
      },
    },
    options,
  );
}

/**
 * A Secret reference for a credential. Anything but `{ secretName, key }` is refused with a message
 * that says to use a Secret; the message never repeats the value it was given.
 */
export function SecretReference(what: string, example: string): PropertyDecorator {
  const notObject = (args: ValidationArguments) => {
    const value: unknown = args.value;
    const inline = typeof value === 'string' && /:\/\/[^/@\s]*:[^/@\s]*@/.test(value);
    const said =
      typeof value === 'string'
        ? inline
          ? `an inline ${what} with credentials (user:password@)`
          : `an inline ${what}`
        : `a ${value === null ? 'null' : typeof value}`;
    return `${args.property} got ${said}; credentials are only accepted by Secret reference: store the ${what} in a Secret (e.g. kubectl create secret generic <name> --from-literal=<key>=${example}) and give ${args.property}: { "secretName": "<name>", "key": "<key>" }`;
  };
  return (target: object, key: string | symbol) => {
    ValidateNested({ message: notObject })(target, key as string);
    Type(() => SecretKeyRef)(target, key as string);
    ValidateBy({
      name: 'isSingleSecretReference',
      validator: {
        // Non-objects are reported by ValidateNested above; a list would pass it element-wise.
        validate: (value) => !Array.isArray(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be one Secret reference { "secretName", "key" }, not a list`,
      },
    })(target, key as string);
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const PORT_REFERENCE_SCHEMA: Exclude<Parameters<typeof JSONSchema>[0], (...args: never[]) => unknown> = {
  oneOf: [
    { type: 'string', pattern: PORT_NAME_PATTERN, description: 'the name of a port in app.ports' },
    { type: 'integer', minimum: 1, maximum: 65535, description: 'the number of a port in app.ports' },
  ],
};
