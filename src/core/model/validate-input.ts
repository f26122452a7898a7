// The one validation of an input for callers of the core that skip the HTTP edge: the same class,
// the same options and the same error list as the global ValidationPipe (src/common/validation.ts).
// A value that is already an instance of the class has been through the pipe and is taken as is,
// so each input is validated once on every path.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidRequestError } from './errors.js';
import { checkSizes } from './size-guard.js';
import { fieldErrors } from './validation-errors.js';

/** The options of the HTTP pipe: unknown fields are refused, not dropped. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function validateInput<T extends object>(cls: new () => T, value: unknown, base = ''): T {
  if (value instanceof cls) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError([{ pointer: base, detail: 'must be an object' }]);
  }
  checkSizes(value, cls, base);
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, VALIDATION_OPTIONS);
  if (errors.length) throw new InvalidRequestError(fieldErrors(errors, base));
  return instance;
}
