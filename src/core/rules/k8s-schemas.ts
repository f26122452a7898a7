// The Kubernetes object schemas that kubernetes-models ships (compiled ajv validators), found by
// apiVersion/kind and loaded on first use. Besides the validator's own errors (types, required
// fields, enums, formats), a run reports the fields the schema does not have: the validator is
// run over a recording view of the object, and every member of an object node that the validator
// never looked at is a field its schema does not declare. Map-typed nodes (labels, data) are
// enumerated by the validator, and schema-less nodes (preserve-unknown-fields) are never entered,
// so neither is reported.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointer } from '../model/errors.js';
import FIELDS from './k8s-fields.json' with { type: 'json' };
import { FIELD_SINCE, FIELDS_KNOWN_UNTIL } from './k8s-field-versions.js';

export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** the compiled schema module */
  schemaFile: string;
}

type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface SchemaIssue {
  /** JSON Pointer into the object */
  path: string;
  message: string;
}

export interface SchemaResult {
  errors: SchemaIssue[];
  unknownFields: SchemaIssue[];
  /** fields the compiled schema lacks and the field catalogue has ("Type.field"), for the completeness test */
  filled: string[];
}

const PACKAGES = ['kubernetes-models', '@kubernetes-models/prometheus-operator', '@kubernetes-models/gateway-api'];
const load = createRequire(import.meta.url);
let catalogue: Map<string, KindInfo> | undefined;
const validators = new Map<string, ValidateFn>();

function packageDir(name: string): string {
  return dirname(fileURLToPath(import.meta.resolve(name)));
}

/** Kind modules declare `this.apiVersion="..."`, `this.kind="..."` and import their schema. */
function scanVersionDir(dir: string, into: Map<string, KindInfo>): void {
  for (const file of readdirSync(dir)) {
    if (!/^[A-Z]\w*\.js$/.test(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const apiVersion = /this\.apiVersion="([^"]+)"/.exec(text)?.[1];
    const kind = /this\.kind="([^"]+)"/.exec(text)?.[1];
    const schema = /from"((?:\.\.\/)+_schemas\/\w+\.js)"/.exec(text)?.[1];
    if (apiVersion && kind && schema)
      into.set(`${apiVersion}/${kind}`, { apiVersion, kind, schemaFile: join(dir, schema) });
  }
}

function isDir(path: string): boolean {
  return statSync(path).isDirectory();
}

/** Every kind with a schema, by "apiVersion/kind". */
export function kindCatalogue(): Map<string, KindInfo> {
  if (catalogue) return catalogue;
  const found = new Map<string, KindInfo>();
  for (const pkg of PACKAGES) {
    const root = packageDir(pkg);
    for (const group of readdirSync(root)) {
      const groupDir = join(root, group);
      if (group.startsWith('_') || !isDir(groupDir)) continue;
      if (/^v\d/.test(group))
        scanVersionDir(groupDir, found); // the core group: v1/
      else
        for (const version of readdirSync(groupDir))
          if (isDir(join(groupDir, version))) scanVersionDir(join(groupDir, version), found);
    }
  }
  catalogue = found;
  return found;
}

export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return kindCatalogue().get(`${apiVersion}/${kind}`);
}

/** apiVersions that serve the kind, for "did you mean" messages. */
export function versionsOfKind(kind: string): string[] {
  return [...kindCatalogue().values()].filter((k) => k.kind === kind).map((k) => k.apiVersion);
}

/** The kinds served at an apiVersion. */
export function kindsAt(apiVersion: string): string[] {
  return [...kindCatalogue().values()].filter((k) => k.apiVersion === apiVersion).map((k) => k.kind);
}

function validatorFor(info: KindInfo): ValidateFn {
  let fn = validators.get(info.schemaFile);
  if (!fn) {
    fn = (load(info.schemaFile) as { validate: ValidateFn }).validate;
    validators.set(info.schemaFile, fn);
  }
  return fn;
}

interface NodeLog {
  target: object;
  /** where the node was first reached from; its JSON Pointer is worked out only when needed */
  parent?: NodeLog;
  key?: string;
  path?: string;
  /** whether the validator looked at the node at all */
  looked: boolean;
  /** the node's own members it read (reads of absent members are not kept: they name no field) */
  reads: Set<string>;
  enumerated: boolean;
}

function pathOf(log: NodeLog): string {
  log.path ??= `${pathOf(log.parent!)}${pointer(log.key!)}`;
  return log.path;
}

/** The traps of one node's view. Arrays are wrapped for their items; their reads are not kept (they have no fields). */
class Recording implements ProxyHandler<object> {
  constructor(
    private readonly recorder: Recorder,
    private readonly log: NodeLog,
    private readonly array: boolean,
  ) {}

  get(t: object, key: string | symbol, receiver: unknown): unknown {
    const value = Reflect.get(t, key, receiver);
    if (typeof key !== 'string') return value;
    if (!this.array) this.read(t, key, value);
    if (typeof value === 'object' && value !== null && Object.hasOwn(t, key))
      return this.recorder.wrap(value, this.log, key);
    return value;
  }

  has(t: object, key: string | symbol): boolean {
    if (typeof key === 'string' && !this.array) this.read(t, key, undefined);
    return Reflect.has(t, key);
  }

  ownKeys(t: object): ArrayLike<string | symbol> {
    this.log.enumerated = true;
    return Reflect.ownKeys(t);
  }

  private read(t: object, key: string, value: unknown): void {
    this.log.looked = true;
    if (value !== undefined || Object.hasOwn(t, key)) this.log.reads.add(key);
  }
}

/** A read-only view of an object that records which members the validator reads of each object node. */
class Recorder {
  readonly nodes: NodeLog[] = [];
  private readonly proxies = new WeakMap<object, object>();

  wrap(target: object, parent?: NodeLog, key?: string): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    const log: NodeLog = {
      target,
      parent,
      key,
      path: parent ? undefined : '',
      looked: false,
      reads: new Set(),
      enumerated: false,
    };
    const array = Array.isArray(target);
    if (!array) this.nodes.push(log);
    const proxy = new Proxy(target, new Recording(this, log, array));
    this.proxies.set(target, proxy);
    return proxy;
  }
}

function describe(e: AjvError): SchemaIssue {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'required':
      return {
        path: `${e.instancePath}${pointer(String(p.missingProperty))}`,
        message: `${p.missingProperty} is required`,
      };
    case 'type':
      return { path: e.instancePath, message: `must be of type ${p.type}` };
    case 'enum':
      return {
        path: e.instancePath,
        message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'format':
      return { path: e.instancePath, message: `must match format "${p.format}"` };
    default:
      return { path: e.instancePath, message: `fails schema keyword "${e.keyword}" ${JSON.stringify(p)}` };
  }
}

/**
 * What a field holds, from the field catalogue (k8s-fields.json): a scalar type, "any", "#Type",
 * "[x]" (a list) or "{x}" (a map).
 */
type Holds = string;
const CATALOGUE = FIELDS as { kinds: Record<string, Holds>; types: Record<string, Record<string, Holds>> };

/**
 * The catalogued type of the object node at the path below an object of the kind; undefined where
 * unknown or free-form.
 */
function typeAt(apiVersion: string, kind: string, segments: string[]): string | undefined {
  let holds: Holds | undefined = CATALOGUE.kinds[`${apiVersion}/${kind}`];
  for (let i = 0; holds !== undefined && i <= segments.length;) {
    if (holds.startsWith('[') || holds.startsWith('{')) {
      if (i === segments.length) return undefined;
      holds = holds.slice(1, -1);
      i++; // the index or map key
    } else if (holds.startsWith('#')) {
      if (i === segments.length) return holds.slice(1);
      holds = CATALOGUE.types[holds.slice(1)]?.[segments[i++]];
    } else return undefined;
  }
  return undefined;
}

function segmentsOf(log: NodeLog): string[] {
  const out: string[] = [];
  for (let n: NodeLog | undefined = log; n?.parent; n = n.parent) out.push(n.key!);
  return out.reverse();
}

const SCALARS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

/** Checks an object against the schema of its kind; undefined when the kind has no schema here. */
export function checkSchema(object: Record<string, unknown>): SchemaResult | undefined {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const info = kindInfo(apiVersion, kind);
  if (!info) return undefined;
  const validate = validatorFor(info);
  const recorder = new Recorder();
  const ok = validate(recorder.wrap(object));
  const errors = ok ? [] : dedupe((validate.errors ?? []).map(describe));
  const unknownFields: SchemaIssue[] = [];
  const filled: string[] = [];
  for (const node of recorder.nodes) {
    if (node.enumerated || !node.looked) continue;
    let type: string | undefined | null = null; // looked up on the first unread key only
    for (const key of Object.keys(node.target)) {
      if (node.reads.has(key)) continue;
      // The compiled schemas lack some fields the API has (a property named "description" looks
      // like documentation to their generator, x-kubernetes-* extensions are left out): the
      // catalogue of the same definitions has them.
      if (type === null) type = typeAt(apiVersion, kind, segmentsOf(node));
      const holds = type === undefined ? undefined : CATALOGUE.types[type]?.[key];
      const path = `${pathOf(node)}${pointer(key)}`;
      if (holds === undefined) {
        unknownFields.push({ path, message: `unknown field "${key}"` });
        continue;
      }
      filled.push(`${type}.${key}`);
      const value = (node.target as Record<string, unknown>)[key];
      if (value !== null && SCALARS[holds] && !SCALARS[holds](value))
        errors.push({ path, message: `must be of type ${holds}` });
    }
  }
  return { errors, unknownFields, filled };
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path} ${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Fields of the object that the target Kubernetes minor does not have yet (FIELD_SINCE): found by
 * walking the object along the field catalogue, only for targets old enough to lack some.
 */
export function fieldsNewerThan(object: Record<string, unknown>, minor: number): SchemaIssue[] {
  if (minor > FIELDS_KNOWN_UNTIL) return [];
  const root = CATALOGUE.kinds[`${String(object.apiVersion)}/${String(object.kind)}`];
  const out: SchemaIssue[] = [];
  const walk = (value: unknown, holds: Holds, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    if (holds.startsWith('[') || holds.startsWith('{')) {
      const inner = holds.slice(1, -1);
      if (Array.isArray(value) === holds.startsWith('['))
        for (const [k, v] of Object.entries(value)) walk(v, inner, `${path}${pointer(k)}`);
      return;
    }
    if (!holds.startsWith('#') || Array.isArray(value)) return;
    const type = holds.slice(1);
    const fields = CATALOGUE.types[type];
    for (const [key, v] of Object.entries(value)) {
      const field = fields?.[key];
      if (field === undefined) continue;
      const since = FIELD_SINCE[`${type}.${key}`];
      if (since !== undefined && since > minor) {
        const when =
          since > FIELDS_KNOWN_UNTIL
            ? `came after Kubernetes 1.${FIELDS_KNOWN_UNTIL}`
            : `came in Kubernetes 1.${since}`;
        out.push({
          path: `${path}${pointer(key)}`,
          message: `unknown field "${key}" at Kubernetes 1.${minor}: it ${when}`,
        });
      } else walk(v, field, `${path}${pointer(key)}`);
    }
  };
  if (root) walk(object, root, '');
  return out;
}
