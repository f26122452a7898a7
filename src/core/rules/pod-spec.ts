// Where pod specs live in each workload kind, and a walk over their containers with JSON Pointers.
// Every pod-level rule goes through here, so a Pod, a Deployment's template and a CronJob's job
// template are checked alike. Submitted objects may have any shape: nothing here assumes a type.
import { pointer } from '../model/errors.js';
import type { BundleDocument, RuleContext } from './rule.js';

/** A JSON object of unknown shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules walk what users bring, field by field
export type Obj = Record<string, any>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A value of unknown type for a message or a comparison key: a string as it is, anything else as
 * JSON. Never throws (a submitted object may carry a "toString" member, which breaks String()).
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '(unprintable)';
  }
}

/** Entries of an array that are objects, with their index in the array. */
export function objEntries(value: unknown): [Obj, number][] {
  // a loop, not flatMap with an array per item: most rules call this on every container list, and on
  // a Deployment of 1,500 containers the flatMap form was the rules' largest self time
  const items = asArray(value);
  const out: [Obj, number][] = [];
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (isObj(v)) out.push([v, i]);
  }
  return out;
}

/** Path (as segments) from the object root to the pod template, by kind. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const WORKLOAD_KINDS = Object.keys(TEMPLATE_PATHS).filter((k) => k !== 'PodTemplate');

export interface PodSite {
  document: BundleDocument;
  /** kind of the object holding the pod (Pod, Deployment, ...) */
  kind: string;
  /** the pod's (or template's) metadata, possibly empty */
  metadata: Obj;
  /** JSON Pointer of that metadata */
  metaPath: string;
  /** the PodSpec; empty when the object has none (the API server then asks for containers) */
  spec: Obj;
  /** JSON Pointer of the PodSpec */
  specPath: string;
  /** the object has no PodSpec at specPath */
  noSpec?: true;
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerSite {
  pod: PodSite;
  container: Obj;
  /** JSON Pointer of the container */
  path: string;
  list: ContainerList;
  index: number;
  /** an init container with restartPolicy Always: runs for the life of the pod */
  nativeSidecar: boolean;
  /** name, when it is a string */
  name?: string;
}

function dig(root: unknown, segments: string[]): Obj | undefined {
  let node: unknown = root;
  for (const s of segments) node = asObj(node)?.[s];
  return asObj(node);
}

/** A spec that is absent (not of another type, which schema.type reports) is an empty one. */
function specOf(holder: Obj): { spec: Obj; noSpec?: true } | undefined {
  const spec = asObj(holder.spec);
  if (spec) return { spec };
  return holder.spec === undefined || holder.spec === null ? { spec: {}, noSpec: true } : undefined;
}

/**
 * The pod spec of one object, if its kind has one. A Pod or template without a spec is still a
 * pod (with its labels): a Service or HPA may point at it, and pod.containers says it lacks containers.
 */
export function podSiteOf(document: BundleDocument): PodSite | undefined {
  const object = asObj(document.object);
  if (!object) return undefined;
  const kind = typeof object.kind === 'string' ? object.kind : '';
  if (kind === 'Pod') {
    const spec = specOf(object);
    if (!spec) return undefined;
    return {
      document,
      kind,
      metadata: asObj(object.metadata) ?? {},
      metaPath: '/metadata',
      ...spec,
      specPath: '/spec',
    };
  }
  const segments = TEMPLATE_PATHS[kind];
  if (!segments) return undefined;
  const template = dig(object, segments);
  const spec = template && specOf(template);
  if (!spec) return undefined;
  return {
    document,
    kind,
    metadata: asObj(template.metadata) ?? {},
    metaPath: pointer(...segments, 'metadata'),
    ...spec,
    specPath: pointer(...segments, 'spec'),
  };
}

// Every rule walks the same pods: computed once per bundle, and once per pod.
const podSiteCache = new WeakMap<BundleDocument[], PodSite[]>();
const containerSiteCache = new WeakMap<PodSite, ContainerSite[]>();

export function podSites(ctx: RuleContext): PodSite[] {
  let sites = podSiteCache.get(ctx.documents);
  if (!sites) {
    sites = ctx.documents.flatMap((d) => podSiteOf(d) ?? []);
    podSiteCache.set(ctx.documents, sites);
  }
  return sites;
}

const LISTS: ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** Every container of a pod: init containers first (in start order), then containers, then ephemeral. */
export function containerSites(pod: PodSite, lists: readonly ContainerList[] = LISTS): ContainerSite[] {
  let all = containerSiteCache.get(pod);
  if (!all) {
    all = walkContainers(pod);
    containerSiteCache.set(pod, all);
  }
  return lists === LISTS ? all : all.filter((s) => lists.includes(s.list));
}

function walkContainers(pod: PodSite): ContainerSite[] {
  return LISTS.flatMap((list) =>
    objEntries(pod.spec[list]).map(([container, index]) => ({
      pod,
      container,
      path: `${pod.specPath}/${list}/${index}`,
      list,
      index,
      nativeSidecar: list === 'initContainers' && container.restartPolicy === 'Always',
      ...(typeof container.name === 'string' ? { name: container.name } : {}),
    })),
  );
}

export function allContainerSites(ctx: RuleContext, lists?: readonly ContainerList[]): ContainerSite[] {
  return podSites(ctx).flatMap((pod) => containerSites(pod, lists));
}

/** Containers that run alongside the app: regular containers and native sidecars. */
export function isLongRunning(site: ContainerSite): boolean {
  return site.list === 'containers' || site.nativeSidecar;
}

// Rules compare every selector with every pod's labels: each map is read once.
const stringMapCache = new WeakMap<Obj, Readonly<Record<string, string>>>();

/** Labels of an object's metadata that are string-valued (read-only: shared between rules). */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const o = asObj(value);
  if (!o) return {};
  let map = stringMapCache.get(o);
  if (!map) {
    map = Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    stringMapCache.set(o, map);
  }
  return map;
}

/** Whether a metav1.LabelSelector (matchLabels + matchExpressions) selects the labels. */
export function labelSelectorMatches(selector: Obj, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = asObj(selector.matchLabels);
  if (matchLabels && !mapSelectorMatches(matchLabels as Record<string, string>, labels)) return false;
  if (!Array.isArray(selector.matchExpressions)) return true;
  for (const [expr] of objEntries(selector.matchExpressions)) {
    const key = show(expr.key ?? '');
    const values = asArray(expr.values).map(show);
    const has = Object.hasOwn(labels, key);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const entriesCache = new WeakMap<object, [string, string][]>();

/** Whether a plain map selector (Service, ReplicationController) selects the labels. */
export function mapSelectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  // every Service is compared with every pod: a selector's entries are listed once
  let entries = entriesCache.get(selector);
  if (!entries) {
    entries = Object.entries(selector);
    entriesCache.set(selector, entries);
  }
  for (const [k, v] of entries) if (labels[k] !== v) return false;
  return true;
}

const namespaceCache = new WeakMap<BundleDocument, string>();

export function namespaceOf(document: BundleDocument): string {
  let namespace = namespaceCache.get(document);
  if (namespace === undefined) {
    const ns = asObj(asObj(document.object)?.metadata)?.namespace;
    namespace = typeof ns === 'string' ? ns : '';
    namespaceCache.set(document, namespace);
  }
  return namespace;
}

/** Objects without a namespace go wherever the bundle is applied, so they share any namespace. */
export function sameNamespace(a: BundleDocument, b: BundleDocument): boolean {
  const na = namespaceOf(a);
  const nb = namespaceOf(b);
  return !na || !nb || na === nb;
}

// Rules ask for the port names of a container once per probe, Service port or scrape endpoint:
// computed once per container, and once per pod.
const portNameCache = new WeakMap<Obj, Set<string>>();
const podPortNameCache = new WeakMap<PodSite, Set<string>>();

/** Port names a container declares. */
export function portNames(container: Obj): Set<string> {
  let names = portNameCache.get(container);
  if (!names) {
    names = new Set(objEntries(container.ports).flatMap(([p]) => (typeof p.name === 'string' ? [p.name] : [])));
    portNameCache.set(container, names);
  }
  return names;
}

/** Port names the long-running containers of a pod declare (those a Service can reach). */
export function servingPortNames(pod: PodSite): Set<string> {
  let names = podPortNameCache.get(pod);
  if (!names) {
    names = new Set(
      containerSites(pod)
        .filter(isLongRunning)
        .flatMap((s) => [...portNames(s.container)]),
    );
    podPortNameCache.set(pod, names);
  }
  return names;
}

/** A Service of the bundle with a non-empty selector, and the pods of the bundle it selects. */
export interface ServiceSelection {
  document: BundleDocument;
  spec: Obj | undefined;
  selector: Readonly<Record<string, string>>;
  /** in bundle order */
  pods: PodSite[];
}

const selectionCache = new WeakMap<BundleDocument[], ServiceSelection[]>();

/**
 * Which pods each Service selects, worked out once per bundle for every rule that asks: a bundle of
 * many Services and Pods that all select each other has a pair for each Service and Pod, and each
 * rule going through them again (and again per Service port) cost seconds.
 */
export function serviceSelections(ctx: RuleContext): ServiceSelection[] {
  let found = selectionCache.get(ctx.documents);
  if (found) return found;
  const pods = podSites(ctx);
  const labels = pods.map((pod) => stringMap(pod.metadata.labels));
  const namespaces = pods.map((pod) => namespaceOf(pod.document));
  found = [];
  for (const document of ctx.documents) {
    if (document.object?.kind !== 'Service') continue;
    const spec = asObj(document.object.spec);
    const selector = stringMap(spec?.selector);
    const entries = Object.entries(selector);
    if (!entries.length) continue;
    const namespace = namespaceOf(document);
    const selected: PodSite[] = [];
    for (let i = 0; i < pods.length; i++) {
      // objects without a namespace share any namespace (sameNamespace)
      if (namespace && namespaces[i] && namespace !== namespaces[i]) continue;
      const podLabels = labels[i];
      let matches = true;
      for (const [k, v] of entries) {
        if (podLabels[k] !== v) {
          matches = false;
          break;
        }
      }
      if (matches) selected.push(pods[i]);
    }
    found.push({ document, spec, selector, pods: selected });
  }
  selectionCache.set(ctx.documents, found);
  return found;
}

const selectingCache = new WeakMap<BundleDocument[], Map<PodSite, BundleDocument[]>>();

/** The Service documents that select a pod, in bundle order. */
export function servicesSelecting(ctx: RuleContext, pod: PodSite): BundleDocument[] {
  let byPod = selectingCache.get(ctx.documents);
  if (!byPod) {
    byPod = new Map();
    for (const service of serviceSelections(ctx)) {
      for (const selected of service.pods) {
        const services = byPod.get(selected);
        if (services) services.push(service.document);
        else byPod.set(selected, [service.document]);
      }
    }
    selectingCache.set(ctx.documents, byPod);
  }
  return byPod.get(pod) ?? [];
}

const namedCache = new WeakMap<BundleDocument[], Map<unknown, Map<unknown, BundleDocument[]>>>();

/**
 * The objects of the bundle with a kind and name, in bundle order, from an index made once per bundle:
 * rules look up every reference of every pod and the target of every autoscaler.
 */
export function objectsNamed(ctx: RuleContext, kind: string, name: string): BundleDocument[] {
  let named = namedCache.get(ctx.documents);
  if (!named) {
    named = new Map();
    for (const d of ctx.documents) {
      let byName = named.get(d.object?.kind);
      if (!byName) named.set(d.object?.kind, (byName = new Map()));
      const same = byName.get(d.object?.metadata?.name);
      if (same) same.push(d);
      else byName.set(d.object?.metadata?.name, [d]);
    }
    namedCache.set(ctx.documents, named);
  }
  return named.get(kind)?.get(name) ?? [];
}
