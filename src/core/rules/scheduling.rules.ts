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

export const SCHEDULING_RULES: Rule[] = [tolerationRule, nodeAffinityRule, mountShadowRule, spreadSelectsSelfRule];
