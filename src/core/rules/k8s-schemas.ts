// The Kubernetes object schemas that kubernetes-models ships (compiled ajv validators), found by
// apiVersion/kind and loaded on first use. Besides the validator's own errors (types, required
// fields, enums, formats), a run reports the fields the schema does not have: the validator is
// run over a recording view, and every member of an object node that the validator never looked
// at is a field its schema does not declare. Map-typed nodes (labels, data) are enumerated by the
// validator, and schema-less nodes (preserve-unknown-fields) are never entered, so neither is
// reported. The view is of a small stand-in of the object (see StandIn): a view costs a trap per
// read, which made the check of a 1,500-container Deployment 100 ms; the validator's errors come
// from a plain run over the object itself.
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

/** What the validator did at one node of the object it was given. */
interface NodeLog {
  target: object;
  parent?: NodeLog;
  key?: string;
  /** whether the validator looked at the node at all */
  looked: boolean;
  /** every member it read, present or not (arrays: none kept, they have no fields) */
  reads: Set<string>;
  enumerated: boolean;
  /** the members it was handed as views, by key */
  children: Map<string, NodeLog>;
  /** in order: the first read of each member that is an object, and the first entry into each member's subtree */
  steps: Step[];
  entered: boolean;
}

/** `enter`: control went into the member's subtree; otherwise the member was first handed out. */
interface Step {
  key: string;
  log: NodeLog;
  enter: boolean;
}

function isAncestorOrSelf(node: NodeLog, of: NodeLog | undefined): boolean {
  for (let n = of; n; n = n.parent) if (n === node) return true;
  return false;
}

/** The traps of one node's view. */
class Recording implements ProxyHandler<object> {
  constructor(
    private readonly recorder: Recorder,
    private readonly log: NodeLog,
    private readonly array: boolean,
  ) {}

  get(t: object, key: string | symbol, receiver: unknown): unknown {
    const value = Reflect.get(t, key, receiver);
    if (typeof key !== 'string') return value;
    this.recorder.at(this.log);
    if (!this.array) this.read(key);
    if (typeof value === 'object' && value !== null && Object.hasOwn(t, key))
      return this.recorder.wrap(value, this.log, key);
    return value;
  }

  has(t: object, key: string | symbol): boolean {
    if (typeof key === 'string') {
      this.recorder.at(this.log);
      if (!this.array) this.read(key);
    }
    return Reflect.has(t, key);
  }

  ownKeys(t: object): ArrayLike<string | symbol> {
    this.recorder.at(this.log);
    this.log.enumerated = true;
    return Reflect.ownKeys(t);
  }

  private read(key: string): void {
    this.log.looked = true;
    this.log.reads.add(key);
  }
}

/**
 * A read-only view of an object that records, for each node, which members the validator reads and
 * in which order it hands out and enters the object members (the order of the findings).
 */
class Recorder {
  private readonly proxies = new WeakMap<object, object>();

  /** `replay`: keep the steps a replay needs (the view of the whole object needs none) */
  constructor(private readonly replay: boolean) {}
  private current?: NodeLog;
  root?: NodeLog;
  /** the object (not list) nodes, in the order the validator was first handed them */
  readonly nodes: NodeLog[] = [];

  wrap(target: object, parent?: NodeLog, key?: string): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    const log: NodeLog = {
      target,
      parent,
      key,
      looked: false,
      reads: new Set(),
      enumerated: false,
      children: new Map(),
      steps: [],
      entered: false,
    };
    if (parent) {
      if (this.replay) {
        parent.children.set(key!, log);
        parent.steps.push({ key: key!, log, enter: false });
      }
    } else this.root = this.current = log;
    if (!Array.isArray(target)) this.nodes.push(log);
    const proxy = new Proxy(target, new Recording(this, log, Array.isArray(target)));
    this.proxies.set(target, proxy);
    return proxy;
  }

  /** A trap fired on the node: when control moved down into a member's subtree, the steps say so. */
  at(log: NodeLog): void {
    if (log === this.current || !this.replay) return;
    const down: NodeLog[] = [];
    for (let n: NodeLog | undefined = log; n && !isAncestorOrSelf(n, this.current); n = n.parent) down.push(n);
    for (let i = down.length - 1; i >= 0; i--) {
      const n = down[i];
      // a subtree entered again holds nothing new for the replay: its steps are the node's own
      if (n.parent && !n.entered) n.parent.steps.push({ key: n.key!, log: n, enter: true });
      n.entered = true;
    }
    this.current = log;
  }
}

/**
 * A small stand-in for the object with every node the validator treats alike kept once. The
 * compiled schemas use no keyword whose reads depend on the values (no anyOf/oneOf over objects,
 * no if/then, no dependencies): at an object node the validator reads every declared member,
 * present or not, and enters the object members it has. So the items of an array (one item
 * schema) are merged into one item, scalars are left out, and what the validator does on the
 * stand-in is what it does on each node of the object. A 1,500-container Deployment is checked
 * through the view as one container. Where items cannot be merged (one holds an object where
 * another holds a list), the array is kept item by item.
 */
const VERBATIM = new WeakSet<object>();

/**
 * From this many members (about a Deployment of 20 containers) a stand-in is always built; below, only
 * for an object of flat maps (`FLAT`): the view of a small object of nested nodes costs less than
 * building a stand-in and replaying it. Where it is built, it is kept only where it pays (`pays`).
 */
const STAND_IN_FROM = 1000;
/** An object of at least `members` members, on average more than `perNode` to each of its nodes. */
const FLAT = { members: 32, perNode: 8 };

/** Whether a stand-in is worth building; `members`: the parser's count, where it gave one. */
function worthAStandIn(value: object, members: number | undefined): boolean {
  // even a walk that stops early collects every key of a large map first: the count saves it
  if (members !== undefined && members >= STAND_IN_FROM) return true;
  const size = sizeOf(value, STAND_IN_FROM);
  return size.members >= STAND_IN_FROM || (size.members >= FLAT.members && size.members > FLAT.perNode * size.nodes);
}

/** The object and list nodes of the value and their members (items included), counted until `stop` members. */
function sizeOf(value: object, stop: number): { nodes: number; members: number } {
  const size = { nodes: 0, members: 0 };
  const walk = (node: object): boolean => {
    size.nodes++;
    if (Array.isArray(node)) {
      size.members += node.length;
      for (let i = 0; i < node.length && size.members < stop; i++) {
        const v: unknown = node[i];
        if (typeof v === 'object' && v !== null && walk(v)) return true;
      }
    } else
      for (const key in node) {
        size.members++;
        const v = (node as Record<string, unknown>)[key];
        if (typeof v === 'object' && v !== null && walk(v)) return true;
        if (size.members >= stop) return true;
      }
    return size.members >= stop;
  };
  walk(value);
  return size;
}

/** Builds a stand-in, counting the object's nodes and members against the stand-in's nodes. */
class StandIn {
  /** object and list nodes of the object, and members of its objects */
  realNodes = 0;
  realMembers = 0;
  /** object and list nodes of the stand-in */
  nodes = 0;

  /** `scalarMaps`: objects known to hold only scalars, with their member counts (not walked again) */
  constructor(private readonly scalarMaps?: ReadonlyMap<object, number>) {}

  of(value: object): object {
    return Array.isArray(value) ? this.array(value, true)! : this.merge([value], true)!;
  }

  /** Whether the view of the stand-in saves enough over the view of the whole object to pay for the replay. */
  get pays(): boolean {
    // the view costs per member read, the replay per node: scalars (a map of labels) are left out of
    // the stand-in (1,000 ConfigMaps of 35 labels and data keys: 62 -> 23 ms), merged items too
    return this.realNodes > 2 * this.nodes || this.realMembers > 1000 || this.realMembers > FLAT.perNode * this.nodes;
  }

  /** An array's stand-in: its items merged (one object, one list), or item by item where `single` allows. */
  private array(items: unknown[], single: boolean): unknown[] | undefined {
    const objects: object[] = [];
    const lists: unknown[] = [];
    this.realNodes++;
    for (const item of items)
      if (typeof item === 'object' && item !== null) {
        if (Array.isArray(item)) {
          this.realNodes++;
          for (const inner of item as unknown[]) lists.push(inner);
        } else objects.push(item);
      }
    const merged: unknown[] = [];
    const object = objects.length ? this.merge(objects, false) : undefined;
    const list = lists.length ? this.array(lists, false) : undefined;
    if ((!objects.length || object) && (!lists.length || list)) {
      if (object) merged.push(object);
      if (list) merged.push(list);
      this.nodes++;
      return merged;
    }
    if (!single) return undefined;
    // kept item by item: each stand-in stands for one item
    const verbatim = items.map((item) => (typeof item === 'object' && item !== null ? this.of(item) : item));
    VERBATIM.add(verbatim);
    this.nodes++;
    return verbatim;
  }

  /**
   * One object with the object members of all, merged; undefined where a member is an object in some
   * and a list in others. `single`: the objects are one node of the object, not items merged.
   */
  private merge(objects: object[], single: boolean): Record<string, unknown> | undefined {
    const members = new Map<string, object[]>();
    for (const o of objects) {
      this.realNodes++;
      const scalars = this.scalarMaps?.get(o);
      if (scalars !== undefined) {
        // nothing to merge: a map of 32,000 labels is not walked a second time
        this.realMembers += scalars;
        continue;
      }
      // for-in: on a large object (a map of thousands of labels) twice as fast as Object.keys and a read by key
      for (const key in o)
        if (Object.hasOwn(o, key)) {
          this.realMembers++;
          const v = (o as Record<string, unknown>)[key];
          if (typeof v !== 'object' || v === null) continue;
          const same = members.get(key);
          if (same) same.push(v);
          else members.set(key, [v]);
        }
    }
    const out: Record<string, unknown> = {};
    const one = single && objects.length === 1;
    for (const [key, values] of members) {
      const list = Array.isArray(values[0]);
      let merged: unknown;
      if (values.some((v) => Array.isArray(v) !== list)) return undefined;
      if (list) merged = this.array(values.length === 1 ? (values[0] as unknown[]) : values.flat(), one);
      else merged = this.merge(values, one);
      if (merged === undefined) return undefined;
      // an own "__proto__" member (JSON.parse makes one) stays a member
      Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
    this.nodes++;
    return out;
  }
}

/** A node of the object as the validator met it: where first, and the stand-in nodes it was met as. */
interface Met {
  target: object;
  parent?: Met;
  key?: string;
  path?: string;
  as: NodeLog;
  /** further stand-in nodes, when the object is met again at another place (a YAML alias) */
  more?: NodeLog[];
}

function pathOf(node: Met): string {
  node.path ??= node.parent ? `${pathOf(node.parent)}${pointer(node.key!)}` : '';
  return node.path;
}

function segmentsOf(node: Met): string[] {
  const out: string[] = [];
  for (let n: Met | undefined = node; n?.parent; n = n.parent) out.push(n.key!);
  return out.reverse();
}

/**
 * Replays on the object what the validator did on the stand-in: the object nodes it would have
 * been handed, in the order it would have met them, each with what it read there.
 */
class Replay {
  /** the nodes met, by object: only where an object can be reached twice (a map of 50,000 objects costs) */
  private readonly met?: Map<object, Met>;
  /** the object (not list) nodes, in the order the validator first met them */
  readonly order: Met[] = [];

  /** The node met as `log`; undefined when it was met as that before (its subtree is replayed). */
  constructor(tree: boolean) {
    if (!tree) this.met = new Map();
  }

  meet(target: object, log: NodeLog, parent?: Met, key?: string): Met | undefined {
    const node = this.met?.get(target);
    if (!node) {
      const met: Met = { target, parent, key, path: parent ? undefined : '', as: log };
      this.met?.set(target, met);
      if (!Array.isArray(target)) this.order.push(met);
      return met;
    }
    if (node.as === log || node.more?.includes(log)) return undefined;
    (node.more ??= []).push(log);
    return node;
  }

  run(node: Met, log: NodeLog): void {
    const t = node.target;
    if (!log.children.size) return; // the validator was handed no member here
    if (Array.isArray(t)) {
      const verbatim = VERBATIM.has(log.target);
      let objectItem: NodeLog | undefined;
      let listItem: NodeLog | undefined;
      if (!verbatim)
        for (const child of log.children.values())
          if (Array.isArray(child.target)) listItem = child;
          else objectItem = child;
      for (let i = 0; i < t.length; i++) {
        const item: unknown = t[i];
        if (typeof item !== 'object' || item === null) continue;
        const as = verbatim ? log.children.get(String(i)) : Array.isArray(item) ? listItem : objectItem;
        if (!as) continue;
        const child = this.meet(item, as, node, String(i));
        if (child) this.run(child, as);
      }
    } else if (log.enumerated) {
      // enumerated members come in the object's own order, each met and entered in turn
      const values = Object.values(t) as unknown[];
      let keys: string[] | undefined;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'object' || v === null) continue;
        const key = (keys ??= Object.keys(t))[i];
        const as = log.children.get(key);
        if (!as) continue;
        const child = this.meet(v, as, node, key);
        if (child) this.run(child, as);
      }
    } else {
      const members = t as Record<string, unknown>;
      let first: Map<string, Met | undefined> | undefined; // the members handed out, until entered
      for (const step of log.steps) {
        const v = members[step.key];
        if (typeof v !== 'object' || v === null || !Object.hasOwn(members, step.key)) continue;
        if (Array.isArray(v) !== Array.isArray(step.log.target)) continue;
        if (!step.enter) (first ??= new Map()).set(step.key, this.meet(v, step.log, node, step.key));
        else {
          const child = first?.has(step.key) ? first.get(step.key) : this.meet(v, step.log, node, step.key);
          if (child) this.run(child, step.log);
        }
      }
    }
  }
}

/** Whether any of the stand-in nodes an object was met as satisfies the test. */
function anyAs(node: Met, test: (log: NodeLog) => boolean): boolean {
  return test(node.as) || (node.more?.some(test) ?? false);
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

const SCALARS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

/** Checks an object against the schema of its kind; undefined when the kind has no schema here. */
/**
 * How the fields read are found: `whole`, the view of the whole object; `stand-in`, the view of its
 * stand-in, replayed on the object; by default the stand-in where it is much smaller than the object
 * (merged items, large maps), else the whole (a small object gains nothing from the replay).
 */
export type SchemaCheckWay = 'whole' | 'stand-in';

export function checkSchema(
  object: Record<string, unknown>,
  options: { way?: SchemaCheckWay; tree?: boolean; members?: number; scalarMaps?: ReadonlyMap<object, number> } = {},
): SchemaResult | undefined {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const info = kindInfo(apiVersion, kind);
  if (!info) return undefined;
  const validate = validatorFor(info);
  let stand: object | undefined;
  if (options.way === 'stand-in' || (options.way === undefined && worthAStandIn(object, options.members))) {
    const builder = new StandIn(options.scalarMaps);
    stand = builder.of(object);
    if (options.way !== 'stand-in' && !builder.pays) stand = undefined;
  }
  // the validator's own errors from a run over the object itself (through the view of it, or plain)
  const recorder = new Recorder(!!stand);
  const ok = validate(stand ? object : recorder.wrap(object));
  const errors = ok ? [] : dedupe((validate.errors ?? []).map(describe));
  if (stand) validate(recorder.wrap(stand));
  let order: Met[];
  if (!stand) {
    // each node was met as itself
    const mets = new Map<NodeLog, Met>();
    const metOf = (log: NodeLog): Met => {
      let met = mets.get(log);
      if (!met) {
        met = { target: log.target, parent: log.parent && metOf(log.parent), key: log.key, as: log };
        mets.set(log, met);
      }
      return met;
    };
    order = recorder.nodes.map(metOf);
  } else {
    const replay = new Replay(options.tree ?? false);
    replay.run(replay.meet(object, recorder.root!)!, recorder.root!);
    order = replay.order;
  }
  const unknownFields: SchemaIssue[] = [];
  const filled: string[] = [];
  for (const node of order) {
    const { as, more } = node;
    if (more ? anyAs(node, (log) => log.enumerated) || !anyAs(node, (log) => log.looked) : as.enumerated || !as.looked)
      continue;
    let type: string | undefined | null = null; // looked up on the first unread key only
    for (const key of Object.keys(node.target)) {
      if (as.reads.has(key) || (more && more.some((log) => log.reads.has(key)))) continue;
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
