// The NetworkPolicy of an app's pods (networking.k8s.io/v1). Ingress: the app's Service ports from
// `ingressFrom` (anyone by default), the helpers' Service ports (metrics) from `metricsFrom` (the
// monitoring namespace by default) and, for a StatefulSet, every app port from the set's own pods
// (members of a replica set or cluster talk to each other through the headless Service). Egress is
// left open unless `restricted`: then DNS, what each helper declared it connects to, and
// extraEgress. Ports are named where the Service names them, so a policy follows the pod's ports.
// Traffic over 127.0.0.1 (app to ambassador, exporter to app) never leaves the pod and needs no rule.
import { BlockList, isIP } from 'node:net';
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { K8sObject } from '../model/bundle.js';
import { InvalidRequestError, type FieldError } from '../model/errors.js';
import type { AppDto } from '../request/app.js';
import type { LabelSelectorDto, NetworkPeerDto, NetworkPolicyDto } from '../request/workload-companions.js';
import type { EgressNeed } from '../compose/pod-builder.js';

const AT = '/app/networkPolicy';
export const EGRESS_ANNOTATION = 'pod-patterns.io/egress';
/** Namespaces carry their own name in this label (set by the API server since 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_METRICS_FROM: NetworkPeerDto[] = [
  { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'monitoring' } } },
];
export const DEFAULT_DNS_TO: NetworkPeerDto[] = [
  {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  },
];
export const DNS_PORTS = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
] as const;

/** A helper's declared egress, with the helper it came from. */
export interface HelperEgress extends EgressNeed {
  helper: string;
}

export interface PortRef {
  port: number | string;
  protocol: string;
}

export interface PolicyPorts {
  /** the app's own Service ports (targetPort and protocol) */
  app: PortRef[];
  /** the helpers' Service ports (metrics) */
  helpers: PortRef[];
  /** with a StatefulSet: every app port, for the set's own pods */
  peers: PortRef[];
}

/**
 * Cross-field rules of app.networkPolicy: peers are pods or an IP block, CIDRs parse, extraEgress
 * only with restricted egress.
 */
export function checkNetworkPolicy(app: AppDto): void {
  const np = app.networkPolicy;
  if (!np) return;
  const errors: FieldError[] = [];
  const peers = (list: NetworkPeerDto[] | undefined, at: string) =>
    (list ?? []).forEach((peer, i) => errors.push(...peerProblems(peer, `${at}/${i}`)));
  peers(np.ingressFrom, `${AT}/ingressFrom`);
  peers(np.metricsFrom, `${AT}/metricsFrom`);
  peers(np.dnsTo, `${AT}/dnsTo`);
  (np.extraEgress ?? []).forEach((rule, i) => peers(rule.to, `${AT}/extraEgress/${i}/to`));
  const restricted = np.egress === 'restricted';
  for (const key of ['dnsTo', 'extraEgress'] as const) {
    // (an empty list asks for nothing, so it fits "allow" too)
    if (np[key]?.length && !restricted) {
      errors.push({
        pointer: `${AT}/${key}`,
        detail: `${key} applies only with egress "restricted"; with "allow" every destination is open`,
      });
    }
  }
  if (errors.length) throw new InvalidRequestError(errors);
}

function peerProblems(peer: NetworkPeerDto, at: string): FieldError[] {
  const given = (['namespaceSelector', 'podSelector', 'ipBlock'] as const).filter((k) => peer[k] !== undefined);
  if (!given.length)
    return [{ pointer: at, detail: 'give namespaceSelector and/or podSelector, or ipBlock ({} would not say whom)' }];
  if (peer.ipBlock && given.length > 1)
    return [
      {
        pointer: `${at}/ipBlock`,
        detail: 'an ipBlock cannot be combined with selectors in one peer; list it as a peer of its own',
      },
    ];
  const block = peer.ipBlock;
  if (!block)
    return (['namespaceSelector', 'podSelector'] as const).flatMap((k) => expressionProblems(peer[k], `${at}/${k}`));
  const problems: FieldError[] = [];
  const cidr = parseCidr(block.cidr);
  if (!cidr)
    problems.push({
      pointer: `${at}/ipBlock/cidr`,
      detail: `"${block.cidr}" is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32`,
    });
  (block.except ?? []).forEach((ex, i) => {
    const inner = parseCidr(ex);
    if (!inner) problems.push({ pointer: `${at}/ipBlock/except/${i}`, detail: `"${ex}" is not a CIDR` });
    else if (cidr && !strictlyInside(inner, cidr)) {
      problems.push({
        pointer: `${at}/ipBlock/except/${i}`,
        detail: `${ex} must be a smaller range inside ${block.cidr}`,
      });
    }
  });
  return problems;
}

/** In and NotIn need values, Exists and DoesNotExist take none (the API server refuses either way). */
export function expressionProblems(selector: LabelSelectorDto | undefined, at: string): FieldError[] {
  return (selector?.matchExpressions ?? []).flatMap((e, i) => {
    const needs = e.operator === 'In' || e.operator === 'NotIn';
    const has = (e.values?.length ?? 0) > 0;
    if (needs === has) return [];
    return [
      {
        pointer: `${at}/matchExpressions/${i}/values`,
        detail: needs ? `operator ${e.operator} needs at least one value` : `operator ${e.operator} takes no values`,
      },
    ];
  });
}

interface Cidr {
  address: string;
  family: 'ipv4' | 'ipv6';
  prefix: number;
}

function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const version = m ? isIP(m[1]) : 0;
  const prefix = m ? Number(m[2]) : NaN;
  if (!version || !(prefix <= (version === 4 ? 32 : 128))) return undefined;
  return { address: m![1], family: version === 4 ? 'ipv4' : 'ipv6', prefix };
}

/** What the API server asks of an except entry: a strict subset of the block's CIDR. */
function strictlyInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const block = new BlockList();
  block.addSubnet(outer.address, outer.prefix, outer.family);
  return block.check(inner.address, inner.family);
}

/** Ports once each, in first-seen order. */
export function uniquePorts(ports: PortRef[]): PortRef[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The policy port of a Service port: where its traffic arrives in the pod. */
export function servicePolicyPort(p: ServicePort): PortRef {
  return { port: p.targetPort as number | string, protocol: p.protocol ?? 'TCP' };
}

/** Why an egress port is open, for the policy's annotation. */
export function egressPurpose(e: HelperEgress): string {
  return `${e.helper} ${e.port}/${e.protocol}: ${e.purpose}`;
}

/** A StatefulSet's pods reach each other on every app port, by name. */
export function statefulSetPeerPorts(app: AppDto): PortRef[] {
  return (app.ports ?? []).map((p) => ({ port: p.name, protocol: p.protocol ?? 'TCP' }));
}

const withPeers = (key: 'from' | 'to', peers: NetworkPeerDto[] | undefined) => (peers?.length ? { [key]: peers } : {});

/** extraEgress as NetworkPolicy egress rules: protocols filled in, no empty peer list. */
export function extraEgressRules(np: NetworkPolicyDto) {
  return (np.extraEgress ?? []).map((rule) => ({
    ...withPeers('to', rule.to),
    ports: rule.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
  }));
}

export function networkPolicy(
  np: NetworkPolicyDto,
  selector: Record<string, string>,
  ports: PolicyPorts,
  egress: HelperEgress[],
  metadata: NonNullable<K8sObject['metadata']>,
): K8sObject {
  const ingress = [
    ...(ports.app.length ? [{ ...withPeers('from', np.ingressFrom), ports: ports.app }] : []),
    ...(ports.helpers.length
      ? [{ ...withPeers('from', np.metricsFrom ?? DEFAULT_METRICS_FROM), ports: ports.helpers }]
      : []),
    ...(ports.peers.length ? [{ from: [{ podSelector: { matchLabels: selector } }], ports: ports.peers }] : []),
  ];
  const restricted = np.egress === 'restricted';
  const helperPorts = uniquePorts(egress.map((e) => ({ port: e.port, protocol: e.protocol })));
  const egressRules = restricted
    ? [
        { ...withPeers('to', np.dnsTo ?? DEFAULT_DNS_TO), ports: DNS_PORTS.map((p) => ({ ...p })) },
        ...(helperPorts.length ? [{ ports: helperPorts }] : []),
        ...extraEgressRules(np),
      ]
    : [];
  const purposes = restricted ? egress.map(egressPurpose) : [];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      ...metadata,
      ...(purposes.length ? { annotations: { [EGRESS_ANNOTATION]: JSON.stringify(purposes) } } : {}),
    },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: restricted ? ['Ingress', 'Egress'] : ['Ingress'],
      ...(ingress.length ? { ingress } : {}),
      ...(egressRules.length ? { egress: egressRules } : {}),
    },
  };
}
