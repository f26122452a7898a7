// The committed OpenAPI document as JSON Schema for ajv, so that its examples and the app's real
// responses are checked against the schemas that clients are generated from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { REPO_ROOT } from './programs.js';

export const SPEC_FILE = join(REPO_ROOT, 'openapi', 'openapi.json');

type Node = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Node>>;
  components: { schemas: Record<string, Node> };
  [key: string]: any;
}

export function loadCommittedSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument;
}

const COMPONENTS = '#/components/schemas/';
const ROOT_ID = 'openapi';
/** Keywords of OpenAPI 3.0 schemas that JSON Schema (draft 7) does not have; annotations here. */
const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs'];
/** Keywords whose value is data, not a schema. */
const DATA_KEYWORDS = new Set(['example', 'default', 'enum', 'const']);

/**
 * A schema of the document in JSON Schema form: refs to components point into one root schema,
 * `nullable` becomes a null type, and discriminator mappings go (ajv checks the discriminator
 * from the oneOf members' `preset` enums; the mapping itself is checked by openapi.e2e.spec.ts).
 * `closed` also closes every object that lists its properties, so that a response field the
 * document does not declare fails.
 */
function toJsonSchema(node: unknown, closed: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, closed));
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS))
      out.$ref = `${ROOT_ID}#/definitions/${value.slice(COMPONENTS.length)}`;
    else if (key === 'discriminator') out.discriminator = { propertyName: value.propertyName };
    else if (key === 'nullable') continue;
    // the document's extension for what OpenAPI 3.0 cannot say: the grammar of a map's keys
    else if (key === 'x-propertyNames') out.propertyNames = toJsonSchema(value, closed);
    else if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(value as Node).map(([name, schema]) => [name, toJsonSchema(schema, closed)]),
      );
    else if (DATA_KEYWORDS.has(key)) out[key] = value;
    else out[key] = toJsonSchema(value, closed);
  }
  if ((node as Node).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export class SpecSchemas {
  private readonly ajv: Ajv;
  private readonly cache = new Map<unknown, ValidateFunction>();

  constructor(
    readonly spec: OpenApiDocument,
    private readonly closed = false,
  ) {
    // strictTypes off: OpenAPI's discriminated oneOf has no `type: object` of its own
    // strictRequired off: "exactly one of" members are oneOf branches that only name a property
    this.ajv = new Ajv({
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allErrors: true,
      discriminator: true,
    });
    for (const keyword of OPENAPI_ANNOTATIONS) this.ajv.addKeyword({ keyword });
    this.ajv.addSchema({ $id: ROOT_ID, definitions: toJsonSchema(spec.components.schemas, closed) });
  }

  /** A validator of a schema object of the document (inline, or a component by $ref). */
  validator(schema: Node): ValidateFunction {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, this.closed) as Node);
      this.cache.set(schema, validate);
    }
    return validate;
  }

  /** The problems of `value` against `schema`, one line each; empty when it is valid. */
  problems(schema: Node, value: unknown): string[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : describe(validate.errors ?? []);
  }

  /** The schema of an operation's response, by operationId, status and media type. */
  responseSchema(operationId: string, status: number, mediaType: string): Node {
    const operation = Object.values(this.spec.paths)
      .flatMap((item) => Object.values(item))
      .find((op) => op.operationId === operationId);
    if (!operation) throw new Error(`no operation ${operationId} in the document`);
    const schema = operation.responses?.[String(status)]?.content?.[mediaType]?.schema;
    if (!schema) throw new Error(`${operationId} documents no ${mediaType} response with status ${status}`);
    return schema as Node;
  }
}

function describe(errors: ErrorObject[]): string[] {
  return errors.map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params.additionalProperty)})` : ''}`,
  );
}
