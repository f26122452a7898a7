// The global ValidationPipe: unknown fields are rejected, not ignored, and every rejected field
// becomes one InvalidRequestError entry with a JSON Pointer, which the problem filter turns into a 400.
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { InvalidRequestError } from '../core/model/errors.js';
import { checkSizes } from '../core/model/size-guard.js';
import { loneSurrogateErrors } from '../core/model/strings.js';
import { fieldErrors } from '../core/model/validation-errors.js';

/** Also answers a body that is not a JSON object (an array, a string, null) with one clear error. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      this.toValidate(metadata) &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new InvalidRequestError([
        {
          pointer: '',
          detail: `the body must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`,
        },
      ]);
    }
    // over-long arrays and deep nesting are refused before the costly per-item work
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      checkSizes(value, metadata.metatype as new () => object);
      const unwritable = loneSurrogateErrors(value);
      if (unwritable.length) throw new InvalidRequestError(unwritable);
    }
    return super.transform(value, metadata);
  }

  // What reaches this pipe comes from the JSON parser, the YAML reader or the query string (other
  // media types are answered 415 by MediaTypeGuard, which runs first): no sparse array and no binary
  // value can be in it, so Nest's two walks looking for them are skipped.
  protected override closeArrayGaps(): void {}

  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }

  // every validator here is synchronous: the same validation without a promise per check
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] {
    return validateSync(object, options);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // the target lets an unknown field name the known one it was probably meant to be
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => {
      const found = fieldErrors(errors);
      // never a 400 without a pointer, whatever shape class-validator reports
      return new InvalidRequestError(
        found.length ? found : [{ pointer: '', detail: 'the body does not match the BundleRequest schema' }],
      );
    },
  });
}
