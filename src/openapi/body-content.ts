// Request bodies whose schema depends on the media type (a JSON object, or the same data as YAML
// text). @ApiBody gives every consumed media type one schema, so an operation states its content
// per media type with @ApiBodyContent, kept under an extension that buildOpenApiDocument() moves
// into the request body.
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtension, type ContentObject, type OpenAPIObject } from '@nestjs/swagger';

const EXTENSION = 'x-body-content';

export function ApiBodyContent(options: { description: string; content: ContentObject }): MethodDecorator {
  return applyDecorators(
    ApiBody({ required: true, description: options.description, schema: {} }),
    ApiExtension(EXTENSION, options.content),
  );
}

type Operation = { [EXTENSION]?: ContentObject; requestBody?: { content: ContentObject } };

/**
 * Moves each operation's per-media-type content into its request body; the media types must be the
 * ones it consumes.
 */
export function applyBodyContent(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const content = operation?.[EXTENSION];
      if (!content) continue;
      delete operation[EXTENSION];
      const consumed = Object.keys(operation.requestBody?.content ?? {}).sort();
      if (consumed.join() !== Object.keys(content).sort().join()) {
        throw new Error(
          `OpenAPI ${path}: @ApiBodyContent documents ${Object.keys(content).join(', ')} but the route consumes ${consumed.join(', ')}`,
        );
      }
      operation.requestBody!.content = content;
    }
  }
}

/**
 * A response's other representations, chosen with Accept. They stay out of `content`, which holds
 * the default (JSON) one only: clients generated from `content` (openapi-typescript with
 * openapi-fetch among them) type the body as the union of every entry, so a JSON caller would
 * have to narrow or pick a media type by hand. Tools and readers find the others here and in the
 * operation's description.
 */
export function alternativeContent(
  mediaTypes: readonly string[],
  schema: Record<string, unknown>,
): { 'x-alternative-content': ContentObject } {
  return { 'x-alternative-content': Object.fromEntries(mediaTypes.map((type) => [type, { schema }])) };
}
