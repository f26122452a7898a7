// Manifests in, bundle documents out: multi-document YAML (with line/column for every JSON Pointer)
// or the JSON form { manifests: [...] }. `kind: List` is unwrapped. Input that cannot be read as
// Kubernetes objects at all (syntax errors, scalars, too many documents, alias bombs) is a request
// error, raised before any rule runs and without materialising what the input would expand to.
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type Document,
  type Node,
  type Pair,
  type Tags,
  type YAMLMap,
} from 'yaml';
import type { K8sObject } from '../model/bundle.js';
import { InvalidRequestError, pointer, type FieldError } from '../model/errors.js';
import type { BundleDocument, SourceIssue, SourcePosition } from '../rules/rule.js';

export interface ParseLimits {
  /** objects after `kind: List` is unwrapped */
  maxObjects: number;
  /**
   * YAML documents, empty ones included: they hold no object but each costs a parse, and a body of
   * nothing but "---" lines would otherwise be read to its end before it is found empty
   */
  maxDocuments: number;
  /** alias dereferences per document (yaml's resource-exhaustion guard) */
  maxAliasCount: number;
  /** mapping/sequence nesting depth */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxObjects: 1000, maxDocuments: 2000, maxAliasCount: 100, maxDepth: 64 };

type YamlNode = Node | null | undefined;

/**
 * Read as kubectl reads (YAML 1.1: yes/no/on/off are booleans, merge keys "<<" apply), except that
 * timestamps stay strings, as they do once kubectl has turned the YAML into JSON. Duplicate keys
 * are found by scanTree, not refused by the composer, so they become findings with positions.
 */
export const YAML_OPTIONS = {
  uniqueKeys: false,
  prettyErrors: false,
  schema: 'yaml-1.1',
  merge: true,
  customTags: (tags: Tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
} as const;

export function position(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

// Every finding looks up its path: each mapping's keys are indexed once, so a mapping with many
// keys and a finding on each costs linear time. The first pair of a duplicated key wins, as before.
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!index.has(key)) index.set(key, p as Pair);
    }
    pairIndex.set(map, index);
  }
  return index;
}

/** The YAML node a JSON Pointer names; for a mapping member, its key node. Stops at the deepest existing node. */
export function nodeAt(doc: Document, root: YamlNode, path: string): Node | undefined {
  let node: YamlNode = root;
  let found: Node | undefined = root ?? undefined;
  for (const raw of path.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isAlias(node)) node = node.resolve(doc) as YamlNode;
    if (isMap(node)) {
      const pair = pairsByKey(node).get(seg);
      if (!pair) return found;
      found = (pair.key as Node) ?? found;
      node = pair.value as YamlNode;
    } else if (isSeq(node) && /^\d+$/.test(seg)) {
      const item = node.items[Number(seg)] as YamlNode;
      if (!item) return found;
      found = item;
      node = item;
    } else return found;
  }
  return found;
}

/** What scanTree finds on a YAML tree. */
interface TreeScan {
  duplicates: { path: string; node: Node }[];
  tooDeep?: Node;
  /** the tree holds an alias: one object may stand in two places */
  aliases?: boolean;
  /** members of its mappings and items of its sequences */
  members: number;
}

/** Duplicate keys and excessive nesting, found on the YAML tree (aliases are not followed). */
export function scanTree(node: YamlNode, path: string, depth: number, limits: ParseLimits, out: TreeScan): void {
  if (!node || out.tooDeep) return;
  if (isAlias(node)) out.aliases = true;
  if (depth > limits.maxDepth && (isMap(node) || isSeq(node))) {
    out.tooDeep = node;
    return;
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    out.members += node.items.length;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
      const child = `${path}${pointer(key)}`;
      if (seen.has(key)) out.duplicates.push({ path: child, node: pair.key as Node });
      seen.add(key);
      scanTree(pair.value as YamlNode, child, depth + 1, limits, out);
    }
  } else if (isSeq(node)) {
    out.members += node.items.length;
    node.items.forEach((item, i) => scanTree(item as YamlNode, `${path}/${i}`, depth + 1, limits, out));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `kind: List` (or any *List with items) becomes its items; other objects stay as they are. */
function unwrapList(
  object: Record<string, unknown>,
): { object: Record<string, unknown>; prefix: string }[] | undefined {
  if (typeof object.kind !== 'string' || !object.kind.endsWith('List') || !Array.isArray(object.items))
    return undefined;
  return object.items.map((item, i) => ({ object: item as Record<string, unknown>, prefix: `/items/${i}` }));
}

function tooMany(limits: ParseLimits, at: string): InvalidRequestError {
  return new InvalidRequestError([
    { pointer: at, detail: `too many objects: at most ${limits.maxObjects} per request` },
  ]);
}

/**
 * The YAML tokenizer takes seconds on a megabyte of "[[[[...", so flow nesting is bounded first,
 * by a linear scan that counts brackets naively (quotes are not tracked; the bound is generous
 * enough for brackets inside strings). Returns the offset where the bound is passed, or -1.
 */
const FLOW_DEPTH_FACTOR = 4;

function flowNestingBeyond(text: string, bound: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > bound) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/** Refuses text whose flow nesting passes the bound, before the tokenizer sees it. */
export function refuseDeepFlow(text: string, limits: ParseLimits): void {
  const deep = flowNestingBeyond(text, limits.maxDepth * FLOW_DEPTH_FACTOR);
  if (deep >= 0) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const column = deep - before.lastIndexOf('\n');
    throw new InvalidRequestError([
      {
        pointer: '',
        detail: `parse.yaml: line ${line}, column ${column}: nesting deeper than ${limits.maxDepth} levels`,
        line,
        column,
      },
    ]);
  }
}

/**
 * Multi-document YAML to bundle documents. Documents that are empty are skipped (as kubectl does);
 * a document that is not a mapping, a syntax error, too many documents or alias expansion beyond
 * the limit is an InvalidRequestError naming the line and column.
 */
export function parseYamlManifests(text: string, limits: ParseLimits = DEFAULT_LIMITS): BundleDocument[] {
  refuseDeepFlow(text, limits);
  const lines = new LineCounter();
  const composer = new Composer(YAML_OPTIONS);
  const documents: BundleDocument[] = [];
  const errors: FieldError[] = [];
  let docNumber = 0;
  const where = (offset: number) => {
    const p = position(lines, offset);
    return `line ${p.line}, column ${p.column}`;
  };
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text), true)) {
    docNumber += 1;
    const at = `document ${docNumber}`;
    if (docNumber > limits.maxDocuments) {
      errors.push({
        pointer: '',
        detail: `parse.yaml: ${at}, ${where(doc.range[0])}: too many documents: at most ${limits.maxDocuments} per request, empty ones included`,
      });
      break;
    }
    if (doc.errors.length) {
      for (const e of doc.errors.slice(0, 10)) {
        // the composer recurses per nesting level; its stack overflow is reported as a document error
        const message = /call stack/i.test(e.message)
          ? `nesting deeper than ${limits.maxDepth} levels`
          : e.message.split('\n')[0];
        errors.push({ pointer: '', detail: `parse.yaml: ${at}, ${where(e.pos[0])}: ${message}` });
      }
      break;
    }
    const root = doc.contents as YamlNode;
    if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === undefined)))
      continue;
    if (!isMap(root)) {
      errors.push({
        pointer: '',
        detail: `parse.yaml: ${at}, ${where(root.range?.[0] ?? 0)}: a manifest must be a mapping (an object with apiVersion and kind), not a ${isSeq(root) ? 'sequence' : 'scalar'}`,
      });
      break;
    }
    const scan: TreeScan = { duplicates: [], members: 0 };
    scanTree(root, '', 0, limits, scan);
    if (scan.tooDeep) {
      errors.push({
        pointer: '',
        detail: `parse.yaml: ${at}, ${where(scan.tooDeep.range?.[0] ?? 0)}: nesting deeper than ${limits.maxDepth} levels`,
      });
      break;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (err) {
      errors.push({
        pointer: '',
        detail: `parse.yaml: ${at}: ${(err as Error).message} (aliases are limited to ${limits.maxAliasCount} per document)`,
      });
      break;
    }
    const object = value as Record<string, unknown>;
    if (object.manifests !== undefined && object.kind === undefined && object.apiVersion === undefined) {
      errors.push({
        pointer: '',
        detail: `${at} looks like the JSON request form { "manifests": [...] }; send it with Content-Type: application/json, or send the manifests themselves as YAML`,
      });
      break;
    }
    const sourceIssues: SourceIssue[] = scan.duplicates.map((d) => ({
      rule: 'parse.duplicate-key',
      path: d.path,
      message: `key "${d.path.split('/').pop()}" appears more than once in this mapping; the last one wins, and the API server rejects the object`,
      position: position(lines, d.node.range?.[0] ?? 0),
    }));
    for (const part of unwrapList(object) ?? [{ object, prefix: '' }]) {
      if (documents.length >= limits.maxObjects) throw tooMany(limits, '');
      if (!isObject(part.object)) {
        errors.push({ pointer: '', detail: `parse.yaml: ${at}${part.prefix}: a List item must be an object` });
        continue;
      }
      const { prefix } = part;
      documents.push({
        index: documents.length,
        object: part.object as K8sObject,
        locate: (path) => {
          const node = nodeAt(doc, root, prefix + path);
          return node?.range ? position(lines, node.range[0]) : undefined;
        },
        sourceIssues: sourceIssues
          .filter((s) => s.path.startsWith(`${prefix}/`) || (!prefix && s.path))
          .map((s) => ({ ...s, path: s.path.slice(prefix.length) })),
        // an alias makes one object of two places
        tree: !scan.aliases,
        ...(!scan.aliases && !prefix ? { members: scan.members } : {}),
      });
    }
    if (errors.length) break;
  }
  if (errors.length) throw new InvalidRequestError(errors);
  if (!documents.length)
    throw new InvalidRequestError([
      { pointer: '', detail: 'no Kubernetes objects: the body holds no YAML document with content' },
    ]);
  return documents;
}

/** The JSON form: { "manifests": [...] }; each object may be a `kind: List`. `tree`: as JSON.parse made it. */
export function parseJsonManifests(
  body: unknown,
  limits: ParseLimits = DEFAULT_LIMITS,
  tree = false,
): BundleDocument[] {
  if (!isObject(body))
    throw new InvalidRequestError([{ pointer: '', detail: 'the body must be an object { "manifests": [...] }' }]);
  const extra = Object.keys(body).filter((k) => k !== 'manifests');
  if (extra.length)
    throw new InvalidRequestError(
      extra.map((k) => ({ pointer: pointer(k), detail: `unknown field "${k}"; the body has only "manifests"` })),
    );
  if (!Array.isArray(body.manifests))
    throw new InvalidRequestError([
      { pointer: '/manifests', detail: 'manifests must be an array of Kubernetes objects' },
    ]);
  if (!body.manifests.length)
    throw new InvalidRequestError([{ pointer: '/manifests', detail: 'manifests must hold at least one object' }]);
  const documents: BundleDocument[] = [];
  const errors: FieldError[] = [];
  body.manifests.forEach((item, i) => {
    if (!isObject(item)) {
      errors.push({ pointer: `/manifests/${i}`, detail: 'each manifest must be a Kubernetes object' });
      return;
    }
    const shape: Shape = { members: 0, scalarMaps: new Map() };
    const depth = depthOf(item, limits.maxDepth + 1, 0, shape);
    if (depth > limits.maxDepth) {
      errors.push({ pointer: `/manifests/${i}`, detail: `nesting deeper than ${limits.maxDepth} levels` });
      return;
    }
    for (const part of unwrapList(item) ?? [{ object: item, prefix: '' }]) {
      if (documents.length >= limits.maxObjects) throw tooMany(limits, `/manifests/${i}`);
      if (!isObject(part.object))
        errors.push({ pointer: `/manifests/${i}${part.prefix}`, detail: 'a List item must be an object' });
      else
        documents.push({
          index: documents.length,
          object: part.object as K8sObject,
          ...(tree
            ? { tree, ...(part.object === item ? { members: shape.members, scalarMaps: shape.scalarMaps } : {}) }
            : {}),
        });
    }
  });
  if (errors.length) throw new InvalidRequestError(errors);
  return documents;
}

/** Maps of scalars (labels, data) from this many members are noted: a smaller one costs little to walk again. */
const SCALAR_MAP_FROM = 32;

/** What depthOf counts on the way: members and items, and the large maps of scalars only. */
interface Shape {
  members: number;
  scalarMaps: Map<object, number>;
}

/**
 * Nesting depth, counted only as far as `stop`, and the members and items met on the way (in
 * `shape`). Scalars are not descended into and no array of values is made (a 1 MB object of 50,000
 * members: 45 ms with Object.values, 31 ms with for-in, loaded machine).
 */
function depthOf(value: unknown, stop: number, depth: number, shape: Shape): number {
  if (depth >= stop || typeof value !== 'object' || value === null) return depth;
  // no closure per member: a map of 32,000 members is walked member by member
  let max = depth;
  if (Array.isArray(value)) {
    // lists by index: for-in would name each index as a string
    shape.members += value.length;
    for (let i = 0; i < value.length && max < stop; i++) max = deeper(value[i], max, stop, depth, shape);
  } else {
    let members = 0;
    let objects = 0;
    for (const key in value) {
      members++;
      const member = (value as Record<string, unknown>)[key];
      if (typeof member === 'object' && member !== null) objects++;
      max = deeper(member, max, stop, depth, shape);
      if (max >= stop) break;
    }
    shape.members += members;
    if (!objects && members >= SCALAR_MAP_FROM) shape.scalarMaps.set(value, members);
  }
  return max;
}

/** The depth so far with a member of a node at `depth` counted. */
function deeper(member: unknown, max: number, stop: number, depth: number, shape: Shape): number {
  if (typeof member !== 'object' || member === null) return max === depth ? depth + 1 : max;
  return Math.max(max, depthOf(member, stop, depth + 1, shape));
}
