// The request object of POST /v1/bundles and /v1/charts, as JSON or as one YAML document. Runs
// after MediaTypeGuard and before the validation pipe: YAML text becomes the same object as the
// JSON body, a member given twice is refused in either form, and the positions of a YAML body are
// kept so that the problem filter can add line and column to each field error.
import {
  applyDecorators,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { ExamplesObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { duplicateKeyDetail, duplicateKeys } from '../core/model/duplicate-keys.js';
import { InvalidRequestError } from '../core/model/errors.js';
import { parseYamlRequest } from '../core/validate/parse-request.js';
import type { SourcePosition } from '../core/rules/rule.js';
import { ApiBodyContent } from '../openapi/body-content.js';
import { YAML_MEDIA_TYPES } from '../validations/yaml-body.js';
import { Consumes, mediaTypeOf } from './media-types.js';

const JSON_TYPE = 'application/json';

/** The text of each JSON body, kept (by the JSON body parser) until the request is gone. */
const jsonTexts = new WeakMap<object, string>();
/** Where each field of a YAML body is. */
const locators = new WeakMap<object, (pointer: string) => SourcePosition | undefined>();

export function rememberJsonText(request: FastifyRequest, text: string): void {
  jsonTexts.set(request, text);
}

/** The line and column of the field `pointer` names in the request's YAML body, if it was YAML. */
export function locateInBody(request: FastifyRequest, pointer: string): SourcePosition | undefined {
  return locators.get(request)?.(pointer);
}

@Injectable()
export class RequestObjectInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if ((YAML_MEDIA_TYPES as readonly string[]).includes(mediaTypeOf(request.headers['content-type']) ?? '')) {
      const parsed = parseYamlRequest(typeof request.body === 'string' ? request.body : '');
      request.body = parsed.value;
      locators.set(request, parsed.locate);
    } else {
      const text = jsonTexts.get(request);
      const duplicates = text ? duplicateKeys(text) : [];
      if (duplicates.length) {
        throw new InvalidRequestError(
          duplicates.map(({ pointer, line, column }) => ({
            pointer,
            detail: `line ${line}, column ${column}: ${duplicateKeyDetail(pointer)}`,
            line,
            column,
          })),
        );
      }
    }
    return next.handle();
  }
}

/**
 * The route takes the request object as JSON or as one YAML document: one schema for every media
 * type (YAML describes the same object), the examples once, under JSON.
 */
export function RequestObjectBody(schema: SchemaObject | ReferenceObject, examples: ExamplesObject): MethodDecorator {
  return applyDecorators(
    Consumes(JSON_TYPE, ...YAML_MEDIA_TYPES),
    ApiBodyContent({
      description:
        'the request object as JSON, or the same object as one YAML document (YAML 1.1, as kubectl reads it)',
      content: {
        [JSON_TYPE]: { schema, examples },
        ...Object.fromEntries(YAML_MEDIA_TYPES.map((type) => [type, { schema }])),
      },
    }),
    UseInterceptors(RequestObjectInterceptor),
  );
}
