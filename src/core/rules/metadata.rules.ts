// Metadata and bundle layers: names, labels and annotations (apimachinery's grammars and limits),
// and each object only once.
import { pointer } from '../model/errors.js';
import { memoized } from '../model/memo.js';
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  LABEL_VALUE,
  QUALIFIED_NAME_PART,
} from '../model/grammars.js';
import { asObj, podSiteOf } from './pod-spec.js';
import type { BundleDocument, RawFinding, Rule } from './rule.js';

const configMapWith = (metadata: string) => `apiVersion: v1
kind: ConfigMap
metadata:
${metadata}data:
  LOG_LEVEL: info
`;

export const duplicateObjectRule: Rule = {
  id: 'bundle.duplicate-object',
  layer: 'bundle',
  severity: 'error',
  title: 'Each object (API group, kind, namespace, name) appears once in the bundle',
  rationale:
    'Two documents for one object make the result depend on apply order: the second silently ' +
    'replaces the first (kubectl apply) or the request fails (server-side apply conflicts, Helm).',
  seeAlso: ['helm template (duplicate resource)', 'kustomize (may not add resource with an already registered id)'],
  examples: {
    failing: `${configMapWith('  name: settings\n')}---\n${configMapWith('  name: settings\n')}`,
    passing: `${configMapWith('  name: settings\n')}---\n${configMapWith('  name: settings-canary\n')}`,
    at: { path: '/metadata/name', line: 11 },
  },
  check(ctx) {
    const seen = new Map<string, BundleDocument>();
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      const { apiVersion, kind } = document.object;
      const meta = asObj(document.object.metadata);
      if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof meta?.name !== 'string') continue;
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      const key = [group, kind, typeof meta.namespace === 'string' ? meta.namespace : '', meta.name].join('\u0000');
      const first = seen.get(key);
      if (first) {
        out.push({
          document,
          path: '/metadata/name',
          message: `${kind} "${meta.name}" is already defined by document ${first.index}`,
        });
      } else seen.set(key, document);
    }
    return out;
  },
};

/** Kinds whose names must be DNS-1123 labels (they become host names or label values). */
const LABEL_NAMED = new Set(['Namespace', 'StatefulSet', 'Job']);
/** Kinds whose names are only path segments. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** CronJob names get an 11-character suffix for their Jobs, which must stay within 63. */
const CRONJOB_NAME_MAX = 52;

function nameProblem(kind: string, name: string): string | undefined {
  if (PATH_SEGMENT_NAMED.has(kind)) {
    if (name === '.' || name === '..' || /[/%]/.test(name))
      return 'may not be "." or ".." and may not contain "/" or "%"';
    return undefined;
  }
  if (kind === 'Service') {
    if (!DNS1035_LABEL.test(name) || name.length > 63)
      return 'must be a DNS-1035 label: at most 63 lower-case letters, digits and "-", starting with a letter';
    return undefined;
  }
  if (LABEL_NAMED.has(kind) || kind === 'CronJob') {
    const max = kind === 'CronJob' ? CRONJOB_NAME_MAX : 63;
    if (!DNS1123_LABEL.test(name) || name.length > max)
      return `must be a DNS-1123 label of at most ${max} characters: lower-case letters, digits and "-"`;
    return undefined;
  }
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253)
    return 'must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, "-" and "."';
  return undefined;
}

export const metaNameRule: Rule = {
  id: 'meta.name',
  layer: 'metadata',
  severity: 'error',
  title: 'Names and namespaces follow the grammar of their kind',
  rationale:
    'The API server rejects a name that is not a DNS-1123 subdomain (at most 253 characters), or, ' +
    'for kinds whose names become host names or label values (Namespace, Service, StatefulSet, Job, ' +
    'CronJob), not a DNS label of the allowed length. Services need DNS-1035 labels (starting with a letter).',
  seeAlso: ['kubectl --dry-run=server', 'kubeconform (does not check)'],
  examples: {
    failing: configMapWith('  name: My_Settings\n'),
    passing: configMapWith('  name: my-settings\n'),
    at: { path: '/metadata/name', line: 4 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      const kind = typeof document.object.kind === 'string' ? document.object.kind : '';
      const meta = asObj(document.object.metadata);
      if (!meta) {
        out.push({ document, path: '', message: 'metadata.name is required' });
        continue;
      }
      if (meta.name === undefined || meta.name === '') {
        if (typeof meta.generateName !== 'string' || !meta.generateName)
          out.push({ document, path: '/metadata', message: 'metadata.name is required' });
      } else if (typeof meta.name === 'string') {
        const problem = nameProblem(kind, meta.name);
        if (problem) out.push({ document, path: '/metadata/name', message: `name "${meta.name}" ${problem}` });
      }
      if (
        typeof meta.namespace === 'string' &&
        meta.namespace &&
        (!DNS1123_LABEL.test(meta.namespace) || meta.namespace.length > 63)
      ) {
        out.push({
          document,
          path: '/metadata/namespace',
          message: `namespace "${meta.namespace}" must be a DNS-1123 label of at most 63 characters`,
        });
      }
    }
    return out;
  },
};

/** All annotations of an object together, keys and values (apimachinery TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * What is wrong with a label or annotation key: an optional DNS-subdomain prefix (<= 253) and "/",
 * then a name (<= 63). No table of whole keys: a map of 30,000 distinct keys would only churn it
 * (a 1 MB body of bad keys: 20 -> 2 ms for the keys), and the name part is one cheap regex.
 */
export function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    name = key.slice(slash + 1);
    if (name.includes('/')) return 'may contain at most one "/"';
    const problem = prefixProblem(key.slice(0, slash));
    if (problem) return problem;
  }
  if (!name || name.length > 63 || !QUALIFIED_NAME_PART.test(name))
    return `name part "${name}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/** The prefixes are few (app.kubernetes.io, example.com) and their grammar the costly one: answers are kept. */
const prefixProblem = memoized(
  (prefix: string): string | undefined =>
    !DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253
      ? `prefix "${prefix}" must be a DNS-1123 subdomain of at most 253 characters`
      : undefined,
  1024,
);

/**
 * A finding on one member of a map (a label, an annotation) whose path and message are built only when
 * read: the engine reads them for the findings a report lists (100 of a rule on an object) and only
 * counts the rest, and a map can hold 32,000 bad keys.
 */
class MapMemberFinding implements RawFinding {
  constructor(
    readonly document: BundleDocument,
    /** pointer to the map */
    private readonly map: string,
    private readonly key: string,
    /** what is wrong with it, in a word (the key's problem, the bad value) */
    private readonly subject: string,
    private readonly say: (key: string, subject: string) => string,
  ) {}
  get path(): string {
    return `${this.map}${pointer(this.key)}`;
  }
  get message(): string {
    return this.say(this.key, this.subject);
  }
}

const badLabelKey = (key: string, problem: string) => `label key "${key}": ${problem}`;
const badAnnotationKey = (key: string, problem: string) => `annotation key "${key}": ${problem}`;
const badLabelValue = (_key: string, value: string) =>
  `label value "${value}" must be empty or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;

/** Metadata of the object and, for workloads, of its pod template. */
function metadataSites(document: BundleDocument): { meta: Record<string, unknown>; path: string }[] {
  const sites: { meta: Record<string, unknown>; path: string }[] = [];
  const own = asObj(document.object.metadata);
  if (own) sites.push({ meta: own, path: '/metadata' });
  const pod = podSiteOf(document);
  if (pod && pod.kind !== 'Pod') sites.push({ meta: pod.metadata, path: pod.metaPath });
  return sites;
}

const labelled = (value: string) =>
  configMapWith(`  name: settings\n  labels:\n    app.kubernetes.io/version: ${value}\n`);

export const metaLabelsRule: Rule = {
  id: 'meta.labels',
  layer: 'metadata',
  severity: 'error',
  title: 'Label keys and values follow the label grammar',
  rationale:
    'Label keys are an optional DNS-subdomain prefix and a name of at most 63 characters; values are ' +
    'at most 63 characters of letters, digits, "-", "_" and ".", starting and ending alphanumeric. ' +
    'The API server rejects anything else, e.g. a version "1.4.2+build" or a value with spaces.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: labelled('"1.4.2+build.7"'),
    passing: labelled('"1.4.2"'),
    at: { path: '/metadata/labels/app.kubernetes.io~1version', line: 6 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      for (const site of metadataSites(document)) {
        const labels = asObj(site.meta.labels) ?? {};
        const map = `${site.path}/labels`;
        for (const key in labels) {
          if (!Object.hasOwn(labels, key)) continue;
          const value = labels[key];
          const problem = keyProblem(key);
          const badValue = typeof value === 'string' && value !== '' && (value.length > 63 || !LABEL_VALUE.test(value));
          if (problem) out.push(new MapMemberFinding(document, map, key, problem, badLabelKey));
          if (badValue) out.push(new MapMemberFinding(document, map, key, value, badLabelValue));
        }
      }
    }
    return out;
  },
};

const annotated = (key: string) => configMapWith(`  name: settings\n  annotations:\n    ${key}: "true"\n`);

export const metaAnnotationsRule: Rule = {
  id: 'meta.annotations',
  layer: 'metadata',
  severity: 'error',
  title: 'Annotation keys follow the key grammar; all annotations together stay under 256 KiB',
  rationale:
    'Annotation keys have the same grammar as label keys (values are free text), and the API server ' +
    'rejects an object whose annotations total more than 256 KiB.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: annotated('example.com/reload on change'),
    passing: annotated('example.com/reload-on-change'),
    at: { path: '/metadata/annotations/example.com~1reload on change', line: 6 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      for (const site of metadataSites(document)) {
        const annotations = asObj(site.meta.annotations) ?? {};
        const map = `${site.path}/annotations`;
        let bytes = 0;
        for (const [key, value] of Object.entries(annotations)) {
          bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
          const problem = keyProblem(key);
          if (problem) out.push(new MapMemberFinding(document, map, key, problem, badAnnotationKey));
        }
        if (bytes > ANNOTATIONS_MAX_BYTES) {
          out.push({
            document,
            path: `${site.path}/annotations`,
            message: `annotations total ${bytes} bytes; the limit is ${ANNOTATIONS_MAX_BYTES}`,
          });
        }
      }
    }
    return out;
  },
};

export const METADATA_RULES: Rule[] = [duplicateObjectRule, metaNameRule, metaLabelsRule, metaAnnotationsRule];
