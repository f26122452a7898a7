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
  params: Record<string, any>;
}

export interface SchemaIssue {
  /** JSON Pointer into the object */
  path: string;
  message: string;
}

export interface SchemaResult {
  errors: SchemaIssue[];
  unknownFields: SchemaIssue[];
}

const PACKAGES = ['kubernetes-models', '@kubernetes-models/prometheus-operator'];
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
    if (apiVersion && kind && schema) into.set(`${apiVersion}/${kind}`, { apiVersion, kind, schemaFile: join(dir, schema) });
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
      if (/^v\d/.test(group)) scanVersionDir(groupDir, found); // the core group: v1/
      else for (const version of readdirSync(groupDir)) if (isDir(join(groupDir, version))) scanVersionDir(join(groupDir, version), found);
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
  path: string;
  reads: Set<string>;
  enumerated: boolean;
}

/** A read-only view that records which members the validator reads of each object node. */
function recorder(root: object): { view: object; nodes: NodeLog[] } {
  const nodes: NodeLog[] = [];
  const proxies = new WeakMap<object, object>();
  const wrap = (target: object, path: string): object => {
    const existing = proxies.get(target);
    if (existing) return existing;
    const log: NodeLog = { target, path, reads: new Set(), enumerated: false };
    nodes.push(log);
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver);
        if (typeof key !== 'string') return value;
        log.reads.add(key);
        if (typeof value === 'object' && value !== null && Object.hasOwn(t, key)) return wrap(value, `${path}${pointer(key)}`);
        return value;
      },
      has(t, key) {
        if (typeof key === 'string') log.reads.add(key);
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        log.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(target, proxy);
    return proxy;
  };
  return { view: wrap(root, ''), nodes };
}

function describe(e: AjvError): SchemaIssue {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'required':
      return { path: `${e.instancePath}${pointer(String(p.missingProperty))}`, message: `${p.missingProperty} is required` };
    case 'type':
      return { path: e.instancePath, message: `must be of type ${p.type}` };
    case 'enum':
      return { path: e.instancePath, message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'format':
      return { path: e.instancePath, message: `must match format "${p.format}"` };
    default:
      return { path: e.instancePath, message: `fails schema keyword "${e.keyword}" ${JSON.stringify(p)}` };
  }
}

/** Checks an object against the schema of its kind; undefined when the kind has no schema here. */
export function checkSchema(object: Record<string, unknown>): SchemaResult | undefined {
  const info = kindInfo(String(object.apiVersion), String(object.kind));
  if (!info) return undefined;
  const validate = validatorFor(info);
  const { view, nodes } = recorder(object);
  const ok = validate(view);
  const errors = ok ? [] : dedupe((validate.errors ?? []).map(describe));
  const unknownFields: SchemaIssue[] = [];
  for (const node of nodes) {
    if (Array.isArray(node.target) || node.enumerated || !node.reads.size) continue;
    for (const key of Object.keys(node.target)) {
      // x-kubernetes-* schema extensions (CRD schemas) are missing from the shipped JSONSchemaProps
      if (!node.reads.has(key) && !key.startsWith('x-kubernetes-')) unknownFields.push({ path: `${node.path}${pointer(key)}`, message: `unknown field "${key}"` });
    }
  }
  return { errors, unknownFields };
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
