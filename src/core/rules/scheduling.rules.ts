// Pod layer: what the pod-level fields a request may now set (tolerations, node affinity, envFrom,
// topology spread, volumes of its own) let go wrong. The Kubernetes schema types these fields as
// strings and objects only; the API server's validation (and the scheduler) say more, and so do these.
import { containerSites, asArray, asObj, objEntries, podSites, show } from './pod-spec.js';
import { podExample } from './examples.js';
import type { RawFinding, Rule } from './rule.js';

const tolerating = (effect: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
  tolerations:
    - key: node.kubernetes.io/unreachable
      operator: Exists
      effect: ${effect}
      tolerationSeconds: 60
`);

export const tolerationRule: Rule = {
  id: 'pod.toleration',
  layer: 'pod',
  severity: 'error',
  title: 'Tolerations are ones the API server accepts',
  rationale:
    'The API server refuses a toleration that gives a value with operator Exists, that has no key ' +
    'without operator Exists (the match-everything form), or that sets tolerationSeconds with an ' +
    'effect other than NoExecute (only NoExecute evicts, so only it has a grace period). An effect or ' +
    'operator Kubernetes does not know is refused by the schema (schema.type).',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: tolerating('NoSchedule'),
    passing: tolerating('NoExecute'),
    at: { path: '/spec/tolerations/0/effect', line: 12 },
    more: [
      {
        about: 'operator Exists takes no value',
        failing: podExample(`  containers:
    - name: web
      image: nginx:1.27
  tolerations:
    - key: dedicated
      operator: Exists
      value: web
`),
        passing: podExample(`  containers:
    - name: web
      image: nginx:1.27
  tolerations:
    - key: dedicated
      operator: Exists
`),
        at: { path: '/spec/tolerations/0/value', line: 12 },
      },
    ],
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      for (const [t, i] of objEntries(pod.spec.tolerations)) {
        const at = `${pod.specPath}/tolerations/${i}`;
        const push = (field: string, message: string) =>
          out.push({ document: pod.document, path: `${at}/${field}`, message });
        // (an unknown effect or operator is schema.type's: the schema has their enums)
        const effect = t.effect ?? '';
        const operator = t.operator ?? '';
        if (operator === 'Exists' && t.value !== undefined && t.value !== '')
          push('value', `operator Exists matches any value: remove value ${show(t.value)}, or use operator Equal`);
        if ((t.key === undefined || t.key === '') && operator !== 'Exists')
          push('operator', 'a toleration without a key matches every taint, which needs operator Exists');
        if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute')
          push('effect', `tolerationSeconds needs effect NoExecute (the only effect that evicts), not ${show(effect)}`);
      }
    }
    return out;
  },
};

const nodeAffinity = (values: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
${values}`);

/** Every node selector term of a pod's node affinity, with its pointer. */
function nodeSelectorTerms(spec: Record<string, unknown>, specPath: string) {
  const node = asObj(asObj(spec.affinity)?.nodeAffinity);
  const base = `${specPath}/affinity/nodeAffinity`;
  const required = objEntries(asObj(node?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms).map(
    ([term, i]) => [term, `${base}/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/${i}`] as const,
  );
  const preferred = objEntries(node?.preferredDuringSchedulingIgnoredDuringExecution).flatMap(([p, i]) => {
    const term = asObj(p.preference);
    return term ? [[term, `${base}/preferredDuringSchedulingIgnoredDuringExecution/${i}/preference`] as const] : [];
  });
  return [...required, ...preferred];
}

export const nodeAffinityRule: Rule = {
  id: 'pod.node-affinity',
  layer: 'pod',
  severity: 'error',
  title: 'Node affinity expressions are ones the API server accepts',
  rationale:
    'The API server refuses a node selector requirement with In or NotIn and no values, Exists or ' +
    'DoesNotExist with values, Gt or Lt with anything but one integer, an operator it does not know, ' +
    'and a matchFields key other than metadata.name. The schema only says these are strings.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: nodeAffinity(''),
    passing: nodeAffinity('                values:\n                  - arm64\n'),
    at: {
      path: '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/operator',
      line: 15,
    },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      for (const [term, path] of nodeSelectorTerms(pod.spec, pod.specPath)) {
        for (const list of ['matchExpressions', 'matchFields'] as const) {
          for (const [e, i] of objEntries(term[list])) {
            const at = `${path}/${list}/${i}`;
            const push = (field: string, message: string) =>
              out.push({ document: pod.document, path: `${at}/${field}`, message });
            const values = asArray(e.values);
            const op = e.operator;
            if ((op === 'In' || op === 'NotIn') && !values.length)
              push('operator', `operator ${op} needs at least one value`);
            else if ((op === 'Exists' || op === 'DoesNotExist') && values.length)
              push('values', `operator ${op} takes no values`);
            else if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(show(values[0]))))
              push('values', `operator ${op} takes exactly one value, an integer`);
            else if (!['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'].includes(show(op)))
              push('operator', `operator ${show(op)} is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt`);
            if (list === 'matchFields' && e.key !== 'metadata.name')
              push(
                'key',
                `matchFields takes only the key metadata.name, not ${show(e.key)}; node labels go in matchExpressions`,
              );
          }
        }
      }
    }
    return out;
  },
};

const mounts = (second: string) =>
  podExample(`  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: config
          mountPath: /etc/web
        - name: tls
          mountPath: ${second}
  volumes:
    - name: config
      configMap:
        name: web-config
    - name: tls
      secret:
        secretName: web-tls
`);

/** "/a/b" lies inside "/a" (and inside "/"), not inside "/ab". */
const inside = (path: string, outer: string) => {
  const o = outer.endsWith('/') ? outer : `${outer}/`;
  return path !== outer && path.startsWith(o);
};

export const mountShadowRule: Rule = {
  id: 'container.mount-shadow',
  layer: 'pod',
  severity: 'warning',
  title: 'No mount of a container lies inside another of its mounts',
  rationale:
    'A volume mounted inside another mount of the same container hides what the outer volume has at ' +
    'that path, and the runtime creates the mount point inside the outer volume: in a ConfigMap or ' +
    'Secret volume that directory vanishes at the next update, and in a read-only volume the mount ' +
    'fails. Mount the two side by side, or give the outer one items so the paths do not meet. (Two ' +
    'mounts at the same path are refused outright: container.volume-mount.)',
  seeAlso: ['kube-linter (no-read-only-root-fs, for writable paths)'],
  examples: {
    failing: mounts('/etc/web/tls'),
    passing: mounts('/etc/web-tls'),
    at: { path: '/spec/containers/0/volumeMounts/1/mountPath', line: 13 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      for (const site of containerSites(pod)) {
        const list = objEntries(site.container.volumeMounts).filter(([m]) => typeof m.mountPath === 'string');
        for (const [mount, i] of list) {
          const outer = list.find(([m]) => inside(mount.mountPath as string, m.mountPath as string));
          if (!outer) continue;
          out.push({
            document: pod.document,
            path: `${site.path}/volumeMounts/${i}/mountPath`,
            message: `container "${site.name}" mounts volume "${show(mount.name)}" at ${mount.mountPath}, inside its mount of "${show(outer[0].name)}" at ${outer[0].mountPath}: it hides that volume's files there; mount it beside, not inside`,
          });
        }
      }
    }
    return out;
  },
};

const spreadBy = (selected: string) =>
  podExample(
    `  containers:
    - name: web
      image: nginx:1.27
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          app: ${selected}
`,
    '    app: web\n',
  );

export const spreadSelectsSelfRule: Rule = {
  id: 'pod.topology-spread-selector',
  layer: 'pod',
  severity: 'warning',
  title: "A topology spread constraint counts the pod's own kind of pods",
  rationale:
    'The scheduler spreads a pod by counting the pods its labelSelector matches. A constraint with no ' +
    "labelSelector counts nothing, and one that does not match the pod's own labels counts other pods: " +
    "either way the workload's replicas are not spread. Select the pod's own labels (its workload's selector).",
  seeAlso: ['kube-score (pod-topology-spread-constraints)'],
  examples: {
    failing: spreadBy('api'),
    passing: spreadBy('web'),
    at: { path: '/spec/topologySpreadConstraints/0/labelSelector', line: 15 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      const labels = asObj(pod.metadata.labels) ?? {};
      for (const [c, i] of objEntries(pod.spec.topologySpreadConstraints)) {
        const at = `${pod.specPath}/topologySpreadConstraints/${i}`;
        const selector = asObj(c.labelSelector);
        if (!selector) {
          out.push({
            document: pod.document,
            path: at,
            message:
              "this constraint has no labelSelector, so it counts no pods and spreads nothing; select the pod's own labels",
          });
          continue;
        }
        if (!selects(selector, labels))
          out.push({
            document: pod.document,
            path: `${at}/labelSelector`,
            message:
              "the labelSelector does not match this pod's own labels, so the spread counts other pods; select the pod's own labels",
          });
      }
    }
    return out;
  },
};

/** Whether a label selector matches these labels (matchLabels and matchExpressions all hold). */
function selects(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const match = asObj(selector.matchLabels) ?? {};
  if (Object.entries(match).some(([k, v]) => labels[k] !== v)) return false;
  return objEntries(selector.matchExpressions).every(([e]) => {
    const key = show(e.key);
    const has = Object.hasOwn(labels, key);
    const values = asArray(e.values);
    if (e.operator === 'In') return has && values.includes(labels[key]);
    if (e.operator === 'NotIn') return !has || !values.includes(labels[key]);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    return true;
  });
}

/** A matchLabelKeys / mismatchLabelKeys problem of one pod affinity term or spread constraint. */
export interface LabelKeyConflict {
  /** the field, relative to the term (e.g. "matchLabelKeys/0") */
  field: string;
  message: string;
}

/**
 * The API server's rules for matchLabelKeys (and, in pod affinity terms, mismatchLabelKeys): only
 * beside a labelSelector, never a key the labelSelector already uses (the API server adds
 * matchLabelKeys to the selector itself when it creates each pod, and refuses the pod when the key is
 * there twice: a Deployment is accepted, its pods never), never a key in both lists
 * (core/v1 validateMatchLabelKeysAndMismatchLabelKeys, ValidateMatchLabelKeysInTopologySpread).
 */
export function labelKeyConflicts(term: {
  labelSelector?: unknown;
  matchLabelKeys?: unknown;
  mismatchLabelKeys?: unknown;
}): LabelKeyConflict[] {
  const out: LabelKeyConflict[] = [];
  const selector = asObj(term.labelSelector);
  const match = asArray(term.matchLabelKeys);
  const mismatch = asArray(term.mismatchLabelKeys);
  if (!selector) {
    for (const [list, keys] of [
      ['matchLabelKeys', match],
      ['mismatchLabelKeys', mismatch],
    ] as const)
      if (keys.length)
        out.push({
          field: list,
          message: `${list} is only allowed beside a labelSelector (the API server refuses it alone): add a labelSelector, or remove ${list}`,
        });
    return out;
  }
  const selectorKeys = new Set([
    ...Object.keys(asObj(selector.matchLabels) ?? {}),
    ...objEntries(selector.matchExpressions).map(([e]) => show(e.key)),
  ]);
  const mismatchKeys = new Set(mismatch);
  match.forEach((key, i) => {
    if (typeof key !== 'string') return;
    if (selectorKeys.has(key))
      out.push({
        field: `matchLabelKeys/${i}`,
        message: `"${key}" is in both matchLabelKeys and labelSelector, which the API server refuses (matchLabelKeys adds the key to the selector itself); remove it from one of them`,
      });
    if (mismatchKeys.has(key))
      out.push({
        field: `matchLabelKeys/${i}`,
        message: `"${key}" is in both matchLabelKeys and mismatchLabelKeys (a pod cannot both share and differ in it); remove it from one of them`,
      });
  });
  return out;
}

/** Every pod affinity and anti-affinity term of a pod spec (required and preferred), with its pointer. */
export function podAffinityTerms<T>(
  affinity: { podAffinity?: unknown; podAntiAffinity?: unknown } | undefined,
  base: string,
): [T, string][] {
  const out: [T, string][] = [];
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const spec = asObj(affinity?.[kind]);
    for (const [term, i] of objEntries(spec?.requiredDuringSchedulingIgnoredDuringExecution))
      out.push([term as T, `${base}/${kind}/requiredDuringSchedulingIgnoredDuringExecution/${i}`]);
    for (const [p, i] of objEntries(spec?.preferredDuringSchedulingIgnoredDuringExecution)) {
      const term = asObj(p.podAffinityTerm);
      if (term)
        out.push([term as T, `${base}/${kind}/preferredDuringSchedulingIgnoredDuringExecution/${i}/podAffinityTerm`]);
    }
  }
  return out;
}

const antiAffinityKeys = (keys: string) =>
  podExample(
    `  containers:
    - name: web
      image: nginx:1.27
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - ${keys}
`,
    '    app: web\n    pod-template-hash: 5d8f7\n',
  );

export const podAffinityLabelKeysRule: Rule = {
  id: 'pod.affinity-label-keys',
  layer: 'pod',
  severity: 'error',
  title: "Pod affinity terms' matchLabelKeys are ones the API server accepts",
  rationale:
    'matchLabelKeys (and mismatchLabelKeys) take the values of these labels from the new pod and add them ' +
    'to the labelSelector. The API server does that when it creates each pod, and refuses the pod when ' +
    'the key is already in the labelSelector: a Deployment with such a term is accepted, and none of its ' +
    'pods is ever created. It also refuses either list without a labelSelector, and a key in both lists.',
  seeAlso: ['kubectl --dry-run=server', 'KEP-3633 (matchLabelKeys in pod affinity)'],
  examples: {
    failing: antiAffinityKeys('app'),
    passing: antiAffinityKeys('pod-template-hash'),
    at: {
      path: '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys/0',
      line: 20,
    },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pod of podSites(ctx)) {
      for (const [term, at] of podAffinityTerms<Record<string, unknown>>(
        asObj(pod.spec.affinity),
        `${pod.specPath}/affinity`,
      ))
        for (const { field, message } of labelKeyConflicts(term))
          out.push({ document: pod.document, path: `${at}/${field}`, message });
    }
    return out;
  },
};

export const SCHEDULING_RULES: Rule[] = [
  tolerationRule,
  nodeAffinityRule,
  podAffinityLabelKeysRule,
  mountShadowRule,
  spreadSelectsSelfRule,
];
