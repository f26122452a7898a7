// References layer: objects a bundle refers to by name but does not carry. They may well exist in
// the cluster already (a Secret made by an operator), so this is information, not an error.
import { asObj, containerSites, objectsNamed, objEntries, podSites, sameNamespace } from './pod-spec.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

interface Reference {
  kind: string;
  name: string;
  path: string;
}

/** What a pod refers to: ServiceAccount, ConfigMaps, Secrets and claims, skipping optional ones. */
function podReferences(ctx: RuleContext): { document: BundleDocument; refs: Reference[] }[] {
  return podSites(ctx).map((pod) => {
    const refs: Reference[] = [];
    const add = (kind: string, name: unknown, path: string, optional?: unknown) => {
      if (typeof name === 'string' && name && optional !== true) refs.push({ kind, name, path });
    };
    const sp = pod.specPath;
    const sa = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    if (sa !== 'default')
      add(
        'ServiceAccount',
        sa,
        `${sp}/${pod.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'}`,
      );
    for (const [s, i] of objEntries(pod.spec.imagePullSecrets))
      add('Secret', s.name, `${sp}/imagePullSecrets/${i}/name`);
    for (const [v, i] of objEntries(pod.spec.volumes)) {
      const at = `${sp}/volumes/${i}`;
      add('ConfigMap', v.configMap?.name, `${at}/configMap/name`, v.configMap?.optional);
      add('Secret', v.secret?.secretName, `${at}/secret/secretName`, v.secret?.optional);
      add('PersistentVolumeClaim', v.persistentVolumeClaim?.claimName, `${at}/persistentVolumeClaim/claimName`);
      for (const [src, j] of objEntries(asObj(v.projected)?.sources)) {
        add('ConfigMap', src.configMap?.name, `${at}/projected/sources/${j}/configMap/name`, src.configMap?.optional);
        add('Secret', src.secret?.name, `${at}/projected/sources/${j}/secret/name`, src.secret?.optional);
      }
    }
    for (const site of containerSites(pod)) {
      for (const [e, i] of objEntries(site.container.env)) {
        const from = asObj(e.valueFrom);
        add(
          'ConfigMap',
          from?.configMapKeyRef?.name,
          `${site.path}/env/${i}/valueFrom/configMapKeyRef/name`,
          from?.configMapKeyRef?.optional,
        );
        add(
          'Secret',
          from?.secretKeyRef?.name,
          `${site.path}/env/${i}/valueFrom/secretKeyRef/name`,
          from?.secretKeyRef?.optional,
        );
      }
      for (const [e, i] of objEntries(site.container.envFrom)) {
        add('ConfigMap', e.configMapRef?.name, `${site.path}/envFrom/${i}/configMapRef/name`, e.configMapRef?.optional);
        add('Secret', e.secretRef?.name, `${site.path}/envFrom/${i}/secretRef/name`, e.secretRef?.optional);
      }
    }
    return { document: pod.document, refs };
  });
}

const withEnvFromSecret = (secret: string) => `apiVersion: v1
kind: Secret
metadata:
  name: orders-db
stringData:
  password: change-me
---
apiVersion: v1
kind: Pod
metadata:
  name: orders
spec:
  containers:
    - name: orders
      image: ghcr.io/acme/orders:1.4.2
      envFrom:
        - secretRef:
            name: ${secret}
`;

export const refExistsRule: Rule = {
  id: 'ref.exists',
  layer: 'references',
  severity: 'info',
  title: 'ServiceAccounts, ConfigMaps, Secrets and claims a pod refers to are in the bundle (or known to exist)',
  rationale:
    'A pod that refers to a missing ServiceAccount is not created; a missing ConfigMap, Secret or ' +
    'claim keeps it in ContainerCreating. They may exist in the cluster already, so this is only ' +
    'information: check that they do before applying.',
  seeAlso: ['kube-linter (non-existent-service-account)', 'kube-score'],
  examples: {
    failing: withEnvFromSecret('orders-database'),
    passing: withEnvFromSecret('orders-db'),
    at: { path: '/spec/containers/0/envFrom/0/secretRef/name', line: 18 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const present = (kind: string, name: string, from: BundleDocument) =>
      objectsNamed(ctx, kind, name).some((d) => sameNamespace(d, from));
    for (const { document, refs } of podReferences(ctx)) {
      const reported = new Set<string>();
      for (const ref of refs) {
        if (present(ref.kind, ref.name, document)) continue;
        const key = `${ref.kind}/${ref.name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        out.push({
          document,
          path: ref.path,
          message: `${ref.kind} "${ref.name}" is not in the bundle; make sure it exists in the namespace before the pod starts`,
        });
      }
    }
    return out;
  },
};

export const REFERENCE_RULES: Rule[] = [refExistsRule];
