// Parse and schema layers: the text, the kinds, and the OpenAPI schema of each kind (from
// kubernetes-models), plus what schema validators miss there: unknown fields and API lifecycles.
import { isBuiltInGroup, lifecycleOf } from './api-versions.js';
import { closest } from '../model/validation-errors.js';
import { checkSchema, fieldsNewerThan, kindInfo, kindsAt, versionsOfKind, type SchemaResult } from './k8s-schemas.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

const configMap = (data: string, kind = 'ConfigMap') => `apiVersion: v1
kind: ${kind}
metadata:
  name: settings
data:
${data}`;

/** Reports the issues the parser recorded for a rule. */
function sourceIssues(ruleId: string) {
  return (ctx: RuleContext): RawFinding[] =>
    ctx.documents.flatMap((document) =>
      (document.sourceIssues ?? [])
        .filter((s) => s.rule === ruleId)
        .map((s) => ({ document, path: s.path, message: s.message, ...(s.position ? { position: s.position } : {}) })),
    );
}

export const parseYamlRule: Rule = {
  id: 'parse.yaml',
  layer: 'parse',
  severity: 'error',
  title: 'The input is YAML (or JSON) made of mappings: multi-document, `kind: List` unwrapped',
  rationale:
    'kubectl and the API server cannot read a document with a syntax error, a document that is a ' +
    'scalar or a sequence, or a stream too large to hold in memory. Such input is refused as a whole ' +
    '(400) with the line and column of the first problem; no rule runs on half-read input.',
  seeAlso: ['yamllint', 'kubeconform'],
  examples: {
    failing: configMap('  LOG_LEVEL: info: debug\n'),
    passing: configMap('  LOG_LEVEL: info\n'),
  },
  check: sourceIssues('parse.yaml'),
};

export const duplicateKeyRule: Rule = {
  id: 'parse.duplicate-key',
  layer: 'parse',
  severity: 'error',
  title: 'No key appears twice in one mapping',
  rationale:
    'YAML forbids duplicate keys; many tools silently keep the last one, so the object applied is not ' +
    'the one reviewed. kubectl and the API server reject the document (strict decoding).',
  seeAlso: ['yamllint (key-duplicates)', 'kubectl (strict decoding)'],
  examples: {
    failing: configMap('  LOG_LEVEL: info\n  LOG_LEVEL: debug\n'),
    passing: configMap('  LOG_LEVEL: info\n  LOG_FORMAT: json\n'),
    at: { path: '/data/LOG_LEVEL', line: 7 },
  },
  check: sourceIssues('parse.duplicate-key'),
};

export const schemaKindRule: Rule = {
  id: 'schema.kind',
  layer: 'schema',
  severity: 'error',
  title: 'apiVersion and kind are present and name a kind the target Kubernetes version serves',
  rationale:
    'The API server routes an object by apiVersion and kind; a missing or misspelt one, or a version ' +
    'not yet served by the target cluster, is rejected ("no matches for kind"). Kinds of custom ' +
    'resource groups cannot be checked here and are reported as info.',
  seeAlso: ['kubeconform', 'kubectl --dry-run=server'],
  examples: {
    failing: configMap('  LOG_LEVEL: info\n', 'ConfigMapp'),
    passing: configMap('  LOG_LEVEL: info\n'),
    at: { path: '/kind', line: 2 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      const { apiVersion, kind } = document.object as { apiVersion?: unknown; kind?: unknown };
      const missing = [
        typeof apiVersion === 'string' && apiVersion ? '' : 'apiVersion',
        typeof kind === 'string' && kind ? '' : 'kind',
      ].filter(Boolean);
      if (missing.length) {
        out.push({
          document,
          path: `/${missing[0]}`,
          message: `${missing.join(' and ')} must be set to a non-empty string`,
        });
        continue;
      }
      const av = apiVersion as string;
      const k = kind as string;
      const life = lifecycleOf(av, k);
      if (life?.removed !== undefined && ctx.minor >= life.removed) continue; // api.removed says it
      if (life?.introduced !== undefined && ctx.minor < life.introduced) {
        out.push({
          document,
          path: '/apiVersion',
          message: `${av} ${k} is served from Kubernetes 1.${life.introduced}; the target is 1.${ctx.minor}`,
        });
        continue;
      }
      if (kindInfo(av, k)) continue;
      if (!isBuiltInGroup(av)) {
        out.push({
          document,
          path: '/kind',
          severity: 'info',
          message: `${av} ${k} is a custom resource; its schema is not known here, so only its metadata is checked`,
        });
        continue;
      }
      const others = versionsOfKind(k);
      out.push({
        document,
        path: others.length ? '/apiVersion' : '/kind',
        message: others.length
          ? `kind ${k} is not served at ${av}; it is served at ${others.join(', ')}`
          : unknownKind(av, k),
      });
    }
    return out;
  },
};

/** A kind no version serves: the kind of the same apiVersion it most likely meant (a case slip or up to two edits). */
function unknownKind(apiVersion: string, kind: string): string {
  const meant = closest(kind, kindsAt(apiVersion));
  return `unknown kind "${kind}" for apiVersion ${apiVersion}${meant ? `; did you mean "${meant}"?` : ''}`;
}

const schemaResults = new WeakMap<object, SchemaResult | null>();

/** Schema check of a document, once per object (shared by schema.type and schema.unknown-field). */
export function schemaOf(document: BundleDocument): SchemaResult | undefined {
  const object = document.object as Record<string, unknown>;
  if (typeof object !== 'object' || object === null) return undefined;
  let result = schemaResults.get(object);
  if (result === undefined) {
    result =
      typeof object.apiVersion === 'string' && typeof object.kind === 'string'
        ? (checkSchema(object, {
            tree: document.tree,
            members: document.members,
            scalarMaps: document.scalarMaps,
          }) ?? null)
        : null;
    schemaResults.set(object, result);
  }
  return result ?? undefined;
}

/** A Service with two named ports, each with the given port lines (none: port, which is required, is missing). */
const serviceWithPorts = (first: string, second = first) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - name: http
${first}      targetPort: 8080
    - name: https
${second}      targetPort: 8443
`;

export const schemaTypeRule: Rule = {
  id: 'schema.type',
  layer: 'schema',
  severity: 'error',
  title: 'Fields have the types, required members, enum values and formats of the Kubernetes schema',
  rationale: 'The API server rejects an object whose fields do not match the OpenAPI schema of its kind.',
  seeAlso: ['kubeconform', 'kubernetes-models validate()', 'kubectl --dry-run=server'],
  examples: {
    failing: serviceWithPorts(''),
    passing: serviceWithPorts('      port: 80\n', '      port: 443\n'),
    at: { path: '/spec/ports/0/port', line: 7 },
    more: [
      {
        about: 'a value of the wrong type',
        failing: configMap('  RETRIES: 3\n'),
        passing: configMap('  RETRIES: "3"\n'),
        at: { path: '/data/RETRIES', line: 6 },
      },
    ],
  },
  check(ctx) {
    return ctx.documents.flatMap((document) =>
      (schemaOf(document)?.errors ?? []).map((e) => ({
        document,
        path: e.path,
        message: `${e.path || '/'}: ${e.message}`,
      })),
    );
  },
};

export const unknownFieldRule: Rule = {
  id: 'schema.unknown-field',
  layer: 'schema',
  severity: 'error',
  title: 'Every field is one the schema of the kind has',
  rationale:
    'A misspelt field (imagePullpolicy, resource, livenessprobe) is dropped or rejected by the API ' +
    'server (strict field validation, kubectl default since 1.27), so the setting never takes effect. ' +
    'Schema-only validators accept it because the Kubernetes schemas do not forbid extra properties. ' +
    'A field the target release does not have yet is unknown there too (appArmorProfile before 1.30), ' +
    'where the definitions of that release can be had (1.29 and 1.30; see the README).',
  seeAlso: ['kubeconform -strict', 'kubectl --validate=strict'],
  examples: {
    failing: podExampleWithField('imagePullpolicy'),
    passing: podExampleWithField('imagePullPolicy'),
    at: { path: '/spec/containers/0/imagePullpolicy', line: 9 },
  },
  check(ctx) {
    return ctx.documents.flatMap((document) => {
      const schema = schemaOf(document);
      if (!schema) return [];
      const newer = fieldsNewerThan(document.object as Record<string, unknown>, ctx.minor);
      return [...schema.unknownFields, ...newer].map((e) => ({ document, path: e.path, message: e.message }));
    });
  },
};

function podExampleWithField(field: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ${field}: IfNotPresent
`;
}

const pdbExample = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`;

export const apiDeprecatedRule: Rule = {
  id: 'api.deprecated',
  layer: 'schema',
  severity: 'warning',
  title: 'apiVersion is not deprecated at the target Kubernetes version',
  rationale:
    'A deprecated apiVersion still works but will be removed in a later release; the API server returns a warning.',
  seeAlso: ['pluto', 'kubent', 'kubectl (deprecation warnings)'],
  examples: {
    failing: `apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
subsets:
  - addresses:
      - ip: 10.0.0.12
    ports:
      - port: 5432
`,
    passing: `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-db
addressType: IPv4
endpoints:
  - addresses:
      - 10.0.0.12
ports:
  - port: 5432
`,
    at: { path: '/apiVersion', line: 1 },
  },
  check(ctx) {
    return lifecycleFindings(
      ctx,
      (life) =>
        life.deprecated !== undefined &&
        ctx.minor >= life.deprecated &&
        (life.removed === undefined || ctx.minor < life.removed),
      (life, av, kind) =>
        `${av} ${kind} is deprecated since Kubernetes 1.${life.deprecated}${life.removed ? ` and removed in 1.${life.removed}` : ''}${life.replacement ? `; use ${life.replacement}` : ''}`,
    );
  },
};

export const apiRemovedRule: Rule = {
  id: 'api.removed',
  layer: 'schema',
  severity: 'error',
  title: 'apiVersion is still served at the target Kubernetes version',
  rationale: 'The API server no longer serves a removed apiVersion: applying the object fails.',
  seeAlso: ['pluto', 'kubent'],
  examples: {
    failing: pdbExample('policy/v1beta1'),
    passing: pdbExample('policy/v1'),
    at: { path: '/apiVersion', line: 1 },
  },
  check(ctx) {
    return lifecycleFindings(
      ctx,
      (life) => life.removed !== undefined && ctx.minor >= life.removed,
      (life, av, kind) =>
        `${av} ${kind} was removed in Kubernetes 1.${life.removed}; the target is 1.${ctx.minor}${life.replacement ? `; use ${life.replacement}` : ''}`,
    );
  },
};

function lifecycleFindings(
  ctx: RuleContext,
  applies: (life: NonNullable<ReturnType<typeof lifecycleOf>>) => boolean,
  message: (life: NonNullable<ReturnType<typeof lifecycleOf>>, apiVersion: string, kind: string) => string,
): RawFinding[] {
  return ctx.documents.flatMap((document) => {
    const { apiVersion, kind } = document.object;
    const life = typeof apiVersion === 'string' && typeof kind === 'string' ? lifecycleOf(apiVersion, kind) : undefined;
    return life && applies(life) ? [{ document, path: '/apiVersion', message: message(life, apiVersion, kind) }] : [];
  });
}

export const SCHEMA_RULES: Rule[] = [
  parseYamlRule,
  duplicateKeyRule,
  schemaKindRule,
  schemaTypeRule,
  unknownFieldRule,
  apiDeprecatedRule,
  apiRemovedRule,
];
