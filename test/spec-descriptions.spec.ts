// Every property is documented: the committed OpenAPI document and the catalogue (GET /v1/patterns)
// describe each property of every request, response and preset schema, and the catalogue states
// the same descriptions and defaults as the document.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../src/core/presets/registry.js';
import { schemaName } from '../src/openapi/schema-names.js';
import { catalogue } from '../src/patterns/pattern-catalogue.js';
import { loadCommittedSpec } from './support/openapi-spec.js';
import { undocumentedProperties } from './support/schema-docs.js';

type Node = Record<string, any>;

/** Properties in the document when every one was first described: a walk that finds fewer has lost its way. */
const KNOWN_SPEC_PROPERTIES = 408;

describe('the walk', () => {
  it('reports each property without a description by its JSON pointer, wherever it sits', () => {
    const doc = {
      components: {
        schemas: {
          A: {
            type: 'object',
            properties: {
              ok: { type: 'string', description: 'documented' },
              bare: { type: 'string' },
              list: {
                type: 'array',
                description: 'documented',
                items: { type: 'object', properties: { inner: { type: 'integer' } } },
              },
              ref: { allOf: [{ $ref: '#/components/schemas/B' }], description: 'documented' },
              map: {
                type: 'object',
                description: 'documented',
                additionalProperties: { type: 'object', properties: { deep: { type: 'string', description: ' ' } } },
              },
              'a/b': { type: 'string' },
            },
            example: { properties: { notASchema: 1 } },
          },
          B: { oneOf: [{ type: 'object', properties: { branch: { type: 'string' } } }] },
        },
      },
      paths: {
        '/x': {
          post: {
            requestBody: {
              content: {
                'application/json': { schema: { type: 'object', properties: { inline: { type: 'string' } } } },
              },
            },
          },
        },
      },
    };
    expect(undocumentedProperties(doc)).toEqual({
      visited: 10,
      missing: [
        '#/components/schemas/A/properties/bare',
        '#/components/schemas/A/properties/list/items/properties/inner',
        '#/components/schemas/A/properties/map/additionalProperties/properties/deep',
        '#/components/schemas/A/properties/a~1b',
        '#/components/schemas/B/oneOf/0/properties/branch',
        '#/paths/~1x/post/requestBody/content/application~1json/schema/properties/inline',
      ],
    });
  });
});

describe('the committed OpenAPI document', () => {
  it('describes every property of every schema', () => {
    const { visited, missing } = undocumentedProperties(loadCommittedSpec());
    expect(missing).toEqual([]);
    expect(visited).toBeGreaterThanOrEqual(KNOWN_SPEC_PROPERTIES);
  });
});

describe('the catalogue (GET /v1/patterns)', () => {
  const entries = catalogue();
  const components = loadCommittedSpec().components.schemas;
  /** description and default of each property, as the document and the catalogue state them */
  const docs = (schema: Node) =>
    Object.fromEntries(
      Object.entries((schema.properties ?? {}) as Record<string, Node>).map(([k, p]) => [
        k,
        { description: p.description, default: p.default },
      ]),
    );

  it('describes every parameter of every preset, nested ones included', () => {
    for (const entry of entries) {
      const { visited, missing } = undocumentedProperties(entry.parameters, `${entry.kind}/${entry.id}#`);
      expect(missing).toEqual([]);
      expect(visited, entry.id).toBeGreaterThan(Object.keys(entry.parameters.properties as Node).length);
    }
  });

  it('states the same description and default for each parameter as the OpenAPI document', () => {
    let compared = 0;
    for (const preset of PRESETS) {
      const parameters = entries.find((e) => e.kind === preset.kind && e.id === preset.id)!.parameters as Node;
      const pairs: [string, Node][] = [
        [preset.params.name, parameters],
        ...Object.entries((parameters.$defs ?? {}) as Record<string, Node>),
      ];
      for (const [className, schema] of pairs) {
        const component = components[schemaName(className)];
        expect(component, className).toBeDefined();
        const inCatalogue = docs(schema);
        const inSpec = docs(component);
        // the document fixes `preset` to one id per component, the catalogue to this preset's
        expect(inCatalogue, `${preset.id}: ${className}`).toEqual(inSpec);
        compared += Object.keys(inCatalogue).length;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('documents the defaults the presets apply, e.g. the egress timeouts and retries', () => {
    const egress = entries.find((e) => e.id === 'http-egress')!.parameters as Node;
    expect(egress.properties.listenPort.default).toBe(9000);
    expect(egress.$defs.HttpEgressTimeouts.properties.connect.default).toBe('5s');
    expect(egress.$defs.HttpEgressRetries.properties.on.default).toEqual(['error', 'timeout']);
  });
});
