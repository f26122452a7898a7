// Service layer: ports, and whether a Service reaches the pods of the bundle.
import {
  asObj,
  objEntries,
  podSites,
  serviceSelections,
  servingPortNames,
  show,
  type PodSite,
  type ServiceSelection,
} from './pod-spec.js';
import { DNS1123_LABEL, isPortName } from '../model/grammars.js';
import { labelledTemplate, podExample, webService } from './examples.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

/**
 * Services of the bundle that select pods by label (not ExternalName, not selector-less), with the
 * pods they select.
 */
function selectingServices(ctx: RuleContext): (ServiceSelection & { spec: Record<string, unknown> })[] {
  return serviceSelections(ctx).filter(
    (s): s is ServiceSelection & { spec: Record<string, unknown> } => !!s.spec && s.spec.type !== 'ExternalName',
  );
}

const servedCache = new WeakMap<BundleDocument[], Set<PodSite>>();

/** The pods of the bundle that some Service of the bundle sends traffic to. */
export function podsBehindServices(ctx: RuleContext): Set<PodSite> {
  let served = servedCache.get(ctx.documents);
  if (!served) {
    served = new Set(selectingServices(ctx).flatMap((service) => service.pods));
    servedCache.set(ctx.documents, served);
  }
  return served;
}

/** A Service selecting app=web with a named targetPort "http", and a Pod with the given label and port name. */
const serviceAndPod = (podLabel: string, portName: string) => `${webService('http')}---
${podExample(
  `  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: ${portName}
          containerPort: 8080
`,
  `    ${podLabel}\n`,
)}`;

export const serviceTargetPortRule: Rule = {
  id: 'service.target-port',
  layer: 'service',
  severity: 'warning',
  title: 'A named targetPort is a port name of the pods the Service selects',
  rationale:
    'A Service resolves a named targetPort in each selected pod; a pod without a container port of ' +
    'that name gets no endpoint, so traffic silently goes nowhere. The API server accepts it, so ' +
    'submitted bundles get a warning; the generator treats it as an error.',
  seeAlso: ['kube-linter (dangling-service, target port)', 'kubectl describe endpoints'],
  examples: {
    failing: serviceAndPod('app: web', 'web'),
    passing: serviceAndPod('app: web', 'http'),
    at: { path: '/spec/ports/0/targetPort', line: 11 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const severity = ctx.mode === 'generate' ? 'error' : 'warning';
    for (const service of selectingServices(ctx)) {
      for (const [port, i] of objEntries(service.spec.ports)) {
        const target = port.targetPort;
        if (typeof target !== 'string' || /^\d+$/.test(target)) continue;
        // one finding per Service port, naming the first three pods that lack the name
        const names: string[] = [];
        let lacking = 0;
        for (const pod of service.pods) {
          if (servingPortNames(pod).has(target)) continue;
          if (++lacking <= 3)
            names.push(`${pod.kind} "${show(pod.document.object?.metadata?.name ?? pod.document.index)}"`);
        }
        if (!lacking) continue;
        const shown = lacking > 3 ? `${names.join(', ')} and ${lacking - 3} more` : names.join(', ');
        out.push({
          document: service.document,
          path: `/spec/ports/${i}/targetPort`,
          severity,
          message: `targetPort "${target}" is not a container port name of ${shown}, which the Service selects`,
        });
      }
    }
    return out;
  },
};

/** A Service selecting app=web, and a Deployment whose template has only labels (app=<label>). */
const serviceAndLabelledTemplate = (label: string) => `${webService(8080)}---\n${labelledTemplate(label)}`;

export const serviceSelectsPodsRule: Rule = {
  id: 'service.selects-pods',
  layer: 'service',
  severity: 'warning',
  title: 'A Service selector matches a pod template of the bundle',
  rationale:
    'A Service whose selector matches no pod of the bundle has no endpoints unless something else ' +
    'creates matching pods; usually a label typo.',
  seeAlso: ['kube-linter (dangling-service)'],
  examples: {
    failing: serviceAndPod('app: website', 'http'),
    passing: serviceAndPod('app: web', 'http'),
    at: { path: '/spec/selector', line: 6 },
    more: [
      {
        about: 'a workload whose pod template has labels but no spec still counts as a workload of the bundle',
        failing: serviceAndLabelledTemplate('website'),
        passing: serviceAndLabelledTemplate('web'),
        at: { path: '/spec/selector', line: 6 },
        otherErrors: ['pod.containers'],
      },
    ],
  },
  check(ctx) {
    // Only meaningful when the bundle carries workloads at all: a Service-only bundle points elsewhere.
    if (!podSites(ctx).length) return [];
    return selectingServices(ctx)
      .filter((service) => !service.pods.length)
      .map((service) => ({
        document: service.document,
        path: '/spec/selector',
        message: `the selector ${JSON.stringify(service.selector)} matches no pod template in the bundle`,
      }));
  },
};

const serviceWithPorts = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
${ports}`;

export const servicePortsRule: Rule = {
  id: 'service.ports',
  layer: 'service',
  severity: 'error',
  title: 'Service ports are in range, named when there are several, unique, with a valid targetPort',
  rationale:
    'The API server rejects port or targetPort numbers outside 1-65535, a targetPort name that is not ' +
    'an IANA service name, unnamed ports when a Service has more than one, repeated names or ' +
    'port/protocol pairs, and nodePort on a Service that is not NodePort or LoadBalancer. A Service ' +
    'other than a headless or ExternalName one needs at least one port.',
  seeAlso: ['kubectl --dry-run=server'],
  examples: {
    failing: serviceWithPorts('    - port: 80\n      targetPort: 8080\n    - port: 443\n      targetPort: 8443\n'),
    passing: serviceWithPorts(
      '    - name: http\n      port: 80\n      targetPort: 8080\n    - name: https\n      port: 443\n      targetPort: 8443\n',
    ),
    at: { path: '/spec/ports/0/name', line: 7 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents) {
      if (document.object.kind !== 'Service') continue;
      const spec = asObj(document.object.spec);
      if (!spec) continue;
      const ports = objEntries(spec.ports);
      const type = spec.type ?? 'ClusterIP';
      if (!ports.length && type !== 'ExternalName' && spec.clusterIP !== 'None') {
        out.push({
          document,
          path: '/spec/ports',
          message: 'a Service needs at least one port (unless it is headless or ExternalName)',
        });
      }
      const names = new Map<string, number>();
      const pairs = new Map<string, number>();
      for (const [port, i] of ports) {
        const at = `/spec/ports/${i}`;
        const push = (field: string, message: string) => out.push({ document, path: `${at}${field}`, message });
        if (typeof port.port === 'number' && (port.port < 1 || port.port > 65535))
          push('/port', `port ${port.port} must be between 1 and 65535`);
        const target = port.targetPort;
        if (typeof target === 'number' && (target < 1 || target > 65535))
          push('/targetPort', `targetPort ${target} must be between 1 and 65535`);
        if (typeof target === 'string' && !isPortName(target))
          push(
            '/targetPort',
            `targetPort "${target}" must be a number or an IANA service name (at most 15 lower-case letters, digits and "-", with a letter)`,
          );
        if (typeof port.name === 'string' && port.name) {
          if (!DNS1123_LABEL.test(port.name) || port.name.length > 63)
            push('/name', `port name "${port.name}" must be a DNS-1123 label`);
          const first = names.get(port.name);
          if (first !== undefined) push('/name', `port name "${port.name}" is already used by ports[${first}]`);
          else names.set(port.name, i);
        } else if (ports.length > 1) push('/name', 'a Service with more than one port needs a name on each');
        // a port without a number is schema.type's finding (port is required), not a repeat
        const pair = typeof port.port === 'number' ? `${port.port}/${show(port.protocol ?? 'TCP')}` : undefined;
        const firstPair = pair === undefined ? undefined : pairs.get(pair);
        if (firstPair !== undefined) push('/port', `port ${pair} is already used by ports[${firstPair}]`);
        else if (pair !== undefined) pairs.set(pair, i);
        if (port.nodePort !== undefined && port.nodePort !== null && type !== 'NodePort' && type !== 'LoadBalancer') {
          push('/nodePort', `nodePort is only allowed on NodePort and LoadBalancer Services, not ${show(type)}`);
        }
      }
    }
    return out;
  },
};

export const SERVICE_RULES: Rule[] = [servicePortsRule, serviceTargetPortRule, serviceSelectsPodsRule];
