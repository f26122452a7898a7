import type { OpenAPIObject } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { renameSchemas, schemaName } from './schema-names.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function documentWith(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } } as OpenAPIObject;
}

describe('schema names', () => {
  it("drops the Dto suffix and uses Kubernetes' name for exec", () => {
    expect(schemaName('BundleRequestDto')).toBe('BundleRequest');
    expect(schemaName('LogForwarderParams')).toBe('LogForwarderParams');
    expect(schemaName('Exec')).toBe('ExecAction');
    expect(schemaName('CustomEnvVar')).toBe('EnvVar');
  });

  it('renames components, $refs and discriminator mappings, and leaves a property named examples alone', () => {
    const document = documentWith(
      {
        PageDto: {
          type: 'object',
          properties: {
            examples: ref('ExamplesDto'),
            item: {
              oneOf: [ref('Exec')],
              discriminator: { propertyName: 'k', mapping: { a: '#/components/schemas/Exec' } },
            },
          },
        },
        ExamplesDto: { type: 'object', example: { $ref: 'kept as data' } },
        Exec: { type: 'object' },
      },
      { '/p': { get: { responses: { 200: { content: { 'application/json': { schema: ref('PageDto') } } } } } } },
    );
    renameSchemas(document);
    expect(Object.keys(document.components!.schemas!)).toEqual(['Examples', 'ExecAction', 'Page']);
    expect(document.components!.schemas!.Page).toEqual({
      type: 'object',
      properties: {
        examples: ref('Examples'),
        item: {
          oneOf: [ref('ExecAction')],
          discriminator: { propertyName: 'k', mapping: { a: '#/components/schemas/ExecAction' } },
        },
      },
    });
    expect(document.components!.schemas!.Examples).toEqual({ type: 'object', example: { $ref: 'kept as data' } });
    expect((document.paths['/p'] as any).get.responses[200].content['application/json'].schema).toEqual(ref('Page'));
  });

  it('merges two classes of one shape, and refuses two shapes under one name', () => {
    const same = documentWith({
      EnvVarDto: { type: 'object', properties: { name: { type: 'string' } } },
      CustomEnvVar: { type: 'object', properties: { name: { type: 'string' } } },
    });
    renameSchemas(same);
    expect(Object.keys(same.components!.schemas!)).toEqual(['EnvVar']);
    const different = documentWith({
      EnvVarDto: { type: 'object', properties: { name: { type: 'string' } } },
      CustomEnvVar: { type: 'object', properties: { name: { type: 'string', maxLength: 9 } } },
    });
    expect(() => renameSchemas(different)).toThrow(
      'EnvVarDto and CustomEnvVar are both named EnvVar but their schemas differ',
    );
  });

  it('refuses a name that a target language reserves', () => {
    expect(() => renameSchemas(documentWith({ ObjectDto: { type: 'object' } }))).toThrow(
      'schema ObjectDto would be named Object, a reserved word',
    );
  });
});
