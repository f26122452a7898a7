// Every example in the committed OpenAPI document validates against the schema it illustrates:
// Swagger UI's "Try it out" starts from them and generated clients' docs show them, so a wrong
// example is a wrong promise. Checked with ajv on the document's own schemas (request objects are
// closed, preset items discriminated by `preset`).
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../src/core/presets/registry.js';
import { loadCommittedSpec, SpecSchemas } from './support/openapi-spec.js';

type Node = Record<string, any>;

interface Example {
  /** JSON Pointer of the example in the document */
  where: string;
  schema: Node;
  value: unknown;
}

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every example of the document with the schema it belongs to: schema, parameter, header and media type examples. */
function examplesIn(spec: Node): Example[] {
  const found: Example[] = [];
  const inSchema = (schema: Node | undefined, where: string): void => {
    if (!schema || typeof schema !== 'object') return;
    if ('example' in schema) found.push({ where: `${where}/example`, schema, value: schema.example });
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Node))
      inSchema(property, `${where}/properties/${escape(name)}`);
    inSchema(schema.items, `${where}/items`);
    if (typeof schema.additionalProperties === 'object')
      inSchema(schema.additionalProperties, `${where}/additionalProperties`);
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const)
      ((schema[key] ?? []) as Node[]).forEach((s, i) => inSchema(s, `${where}/${key}/${i}`));
    inSchema(schema.not, `${where}/not`);
  };
  // parameters, headers and media types: a schema with `example` or `examples` beside it
  const withSchema = (host: Node | undefined, where: string): void => {
    if (!host?.schema) return;
    inSchema(host.schema, `${where}/schema`);
    if ('example' in host) found.push({ where: `${where}/example`, schema: host.schema, value: host.example });
    for (const [name, example] of Object.entries((host.examples ?? {}) as Node))
      found.push({ where: `${where}/examples/${escape(name)}`, schema: host.schema, value: example.value });
  };
  for (const [name, schema] of Object.entries(spec.components.schemas as Node))
    inSchema(schema, `#/components/schemas/${escape(name)}`);
  for (const [path, item] of Object.entries(spec.paths as Node)) {
    for (const [method, operation] of Object.entries(item as Node)) {
      const at = `#/paths/${escape(path)}/${method}`;
      ((operation.parameters ?? []) as Node[]).forEach((p, i) => withSchema(p, `${at}/parameters/${i}`));
      for (const [type, media] of Object.entries((operation.requestBody?.content ?? {}) as Node))
        withSchema(media, `${at}/requestBody/content/${escape(type)}`);
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Node)) {
        for (const [type, media] of Object.entries((response.content ?? {}) as Node))
          withSchema(media, `${at}/responses/${status}/content/${escape(type)}`);
        for (const [name, header] of Object.entries((response.headers ?? {}) as Node))
          withSchema(header, `${at}/responses/${status}/headers/${escape(name)}`);
      }
    }
  }
  return found;
}

const spec = loadCommittedSpec();
const schemas = new SpecSchemas(spec);
const examples = examplesIn(spec);

describe('examples in openapi/openapi.json', () => {
  it("include the request examples, every preset's example and the validation examples", () => {
    const where = examples.map((e) => e.where);
    const requestExamples = Object.keys(
      spec.paths['/v1/bundles']!.post!.requestBody.content['application/json'].examples,
    );
    expect(requestExamples.length).toBeGreaterThan(0);
    for (const name of requestExamples) {
      expect(where).toContain(`#/paths/~1v1~1bundles/post/requestBody/content/application~1json/examples/${name}`);
      expect(where).toContain(`#/paths/~1v1~1charts/post/requestBody/content/application~1json/examples/${name}`);
    }
    for (const preset of PRESETS) expect(where).toContain(`#/components/schemas/${preset.params.name}/example`);
    for (const type of ['application~1json', 'application~1yaml'])
      expect(where).toContain(`#/paths/~1v1~1validations/post/requestBody/content/${type}/example`);
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s matches its schema', (_where, example) => {
    expect(schemas.problems(example.schema, example.value)).toEqual([]);
  });
});

describe('the example check', () => {
  const request = spec.paths['/v1/bundles']!.post!.requestBody.content['application/json'];
  const [name, { value }] = Object.entries(request.examples as Record<string, { value: Node }>).find(
    ([, e]) => e.value.sidecars?.length && e.value.app.ports?.length,
  )!;
  const broken = (change: (body: any) => void) => {
    const body = structuredClone(value);
    change(body);
    return schemas.problems(request.schema, body);
  };

  it(`fails a copy of ${name} with an out-of-range port, an unknown field or an unknown preset`, () => {
    expect(schemas.problems(request.schema, value)).toEqual([]);
    expect(broken((b) => (b.app.ports[0].containerPort = 70000))).toContain(
      '/app/ports/0/containerPort must be <= 65535',
    );
    expect(broken((b) => (b.app.nmae = 'x'))).toContain('/app must NOT have additional properties ("nmae")');
    expect(broken((b) => (b.sidecars[0].preset = 'no-such-preset'))).toContain(
      '/sidecars/0 value of tag "preset" must be in oneOf',
    );
  });
});
