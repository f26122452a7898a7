// The global ValidationPipe: unknown fields are rejected, not ignored, and every rejected field
// becomes one InvalidRequestError entry with a JSON Pointer, which the problem filter turns into a 400.
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { InvalidRequestError, pointer, type FieldError } from '../core/model/errors.js';

export const UNKNOWN_FIELD = 'unknown field: not part of the schema (check spelling)';

/** Also answers a body that is not a JSON object (an array, a string, null) with one clear error. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidRequestError([{ pointer: '', detail: `the body must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}` }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const found = fieldErrors(errors);
      // never a 400 without a pointer, whatever shape class-validator reports
      return new InvalidRequestError(found.length ? found : [{ pointer: '', detail: 'the body does not match the BundleRequest schema' }]);
    },
  });
}

/**
 * class-validator errors as pointer + detail pairs. A missing field gets one "required" entry
 * instead of one per constraint it fails.
 */
export function fieldErrors(errors: ValidationError[], base = ''): FieldError[] {
  const out: FieldError[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const e of list) {
      // The top-level "unknown value" error (body is not an object) has no property.
      const here = e.property === undefined ? prefix : `${prefix}${pointer(e.property)}`;
      const constraints = e.constraints ?? {};
      if ('unknownValue' in constraints) {
        // "an unknown value was passed" follows from a type error reported on its own
      } else if ('whitelistValidation' in constraints) {
        out.push({ pointer: here, detail: UNKNOWN_FIELD });
      } else if (e.value === undefined && Object.keys(constraints).length) {
        out.push({ pointer: here, detail: constraints.isDefined ?? `${e.property} is required` });
      } else {
        // "nested property x must be either object or array" only repeats what isObject said
        const messages = Object.entries(constraints).filter(([name]) => name !== 'nestedValidation' || Object.keys(constraints).length === 1);
        for (const [, message] of messages) out.push({ pointer: here, detail: message });
      }
      if (e.children?.length) walk(e.children, here);
    }
  };
  walk(errors, base);
  return out;
}
