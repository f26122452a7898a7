// The app's Ingress (networking.k8s.io/v1) and HTTPRoute (gateway.networking.k8s.io/v1): how
// clients outside the cluster reach its Service. Each path goes to a Service port the request
// names, or by default to the port a reverse-proxy ambassador serves on the Service (the proxy is
// what clients are meant to reach; it is the one helper that serves a port in front of the app),
// else the Service's first port. The Ingress names the Service
// port (so it follows a proxy that takes the app port's place under the same name); an HTTPRoute
// backendRef can only give a number.
import type { IIoK8sApiCoreV1ServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
import type { K8sObject } from '../model/bundle.js';
import { InvalidRequestError, type FieldError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { AppDto } from '../request/app.js';
import type { HttpRouteDto, IngressDto } from '../request/routing.js';
import { tlsHostServed } from '../rules/routing.rules.js';
import { DEFAULT_PATH_TYPE, DEFAULT_ROUTE_PATH as DEFAULT_PATH } from '../request/routing.js';

export type NamedServicePort = ServicePort & { name: string; port: number };

/**
 * The Service port clients outside the cluster reach by default: the first port a helper serves in
 * front of the app (the reverse-proxy ambassador's: what clients are meant to reach), else the
 * Service's first port.
 */
export function defaultRoutePort(
  servicePorts: NamedServicePort[],
  frontServicePorts: readonly { name: string }[],
): NamedServicePort | undefined {
  return servicePorts.find((p) => p.name === frontServicePorts[0]?.name) ?? servicePorts[0];
}

/**
 * The Service port a path goes to: by name, by Service port number, or by the container port of
 * an app port on the Service. Undefined when the Service has no such port.
 */
export function findServicePort(
  app: AppDto,
  servicePorts: NamedServicePort[],
  ref: number | string,
): NamedServicePort | undefined {
  if (typeof ref === 'string') return servicePorts.find((p) => p.name === ref);
  return (
    servicePorts.find((p) => p.port === ref) ??
    servicePorts.find((p) => app.ports?.some((a) => a.name === p.name && a.containerPort === ref))
  );
}

interface Resolver {
  app: AppDto;
  servicePorts: NamedServicePort[];
  fallback: NamedServicePort | undefined;
  errors: FieldError[];
}

function resolvePort(r: Resolver, ref: number | string | undefined, pointer: string): NamedServicePort | undefined {
  const known = r.servicePorts.length
    ? `the Service's ports are ${r.servicePorts.map((p) => `"${p.name}" (${p.port})`).join(', ')}`
    : 'the app has no Service: give app.ports';
  if (ref === undefined) {
    if (!r.fallback) r.errors.push({ pointer, detail: `there is no Service port to route to; ${known}` });
    return r.fallback;
  }
  const port = findServicePort(r.app, r.servicePorts, ref);
  if (!port) r.errors.push({ pointer, detail: `the Service has no port ${JSON.stringify(ref)}; ${known}` });
  return port;
}

export interface RoutingInput {
  app: AppDto;
  servicePorts: NamedServicePort[];
  /** the Service ports helpers serve in front of the app */
  frontServicePorts: readonly { name: string }[];
  /** metadata of an object named after the app, with these annotations */
  metadata: (annotations?: Record<string, string>) => K8sObject['metadata'];
}

/** The Ingress and HTTPRoute the request asks for; 400s for ports the Service lacks and stray TLS hosts. */
export function routingObjects(input: RoutingInput): K8sObject[] {
  const { app, servicePorts, frontServicePorts } = input;
  const r: Resolver = { app, servicePorts, fallback: defaultRoutePort(servicePorts, frontServicePorts), errors: [] };
  const objects: K8sObject[] = [];
  if (app.ingress) objects.push(ingress(app.name, app.ingress, r, input.metadata(app.ingress.annotations)));
  if (app.httpRoute) objects.push(httpRoute(app.name, app.httpRoute, r, input.metadata(app.httpRoute.annotations)));
  if (r.errors.length) throw new InvalidRequestError(r.errors);
  return objects;
}

function ingress(name: string, spec: IngressDto, r: Resolver, metadata: K8sObject['metadata']): K8sObject {
  const at = '/app/ingress';
  const hosts = spec.hosts.map((h) => h.host);
  (spec.tls ?? []).forEach((tls, i) =>
    tls.hosts.forEach((host, j) => {
      if (!tlsHostServed(host, hosts)) {
        r.errors.push({
          pointer: `${at}/tls/${i}/hosts/${j}`,
          detail: `TLS host "${host}" is not among the Ingress hosts (${hosts.join(', ')}); add it to hosts or remove it here`,
        });
      }
    }),
  );
  const rules = spec.hosts.map((h, i) => ({
    host: h.host,
    http: {
      paths: (h.paths ?? [{}]).map((p, j) => ({
        path: p.path ?? DEFAULT_PATH,
        pathType: p.pathType ?? DEFAULT_PATH_TYPE,
        backend: {
          service: { name, port: { name: resolvePort(r, p.port, `${at}/hosts/${i}/paths/${j}/port`)?.name } },
        },
      })),
    },
  }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata,
    spec: {
      ...(spec.className ? { ingressClassName: spec.className } : {}),
      ...(spec.tls?.length ? { tls: spec.tls.map((t) => ({ hosts: [...t.hosts], secretName: t.secretName })) } : {}),
      rules,
    },
  };
}

function httpRoute(name: string, spec: HttpRouteDto, r: Resolver, metadata: K8sObject['metadata']): K8sObject {
  const at = '/app/httpRoute';
  const rules = (spec.rules ?? [{}]).map((rule, i) => ({
    matches: [{ path: { type: 'PathPrefix', value: rule.path ?? DEFAULT_PATH } }],
    backendRefs: [{ name, port: resolvePort(r, rule.port, `${at}/rules/${i}/port`)?.port }],
  }));
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata,
    spec: {
      parentRefs: spec.parentRefs.map((p) => ({
        name: p.name,
        ...(p.namespace ? { namespace: p.namespace } : {}),
        ...(p.sectionName ? { sectionName: p.sectionName } : {}),
      })),
      ...(spec.hostnames?.length ? { hostnames: [...spec.hostnames] } : {}),
      rules,
    },
  };
}

/**
 * With a NetworkPolicy that admits only some peers to the app's ports, the Ingress controller or
 * Gateway's pods must be among them, or every request through the Ingress is dropped.
 */
export function routingPolicyFindings(app: AppDto): Finding[] {
  const from = app.networkPolicy?.ingressFrom;
  if (!from?.length) return [];
  const routes = [app.ingress && 'Ingress', app.httpRoute && 'HTTPRoute'].filter(Boolean).join(' and ');
  if (!routes) return [];
  return [
    {
      rule: 'app.routing-network-policy',
      severity: 'warning',
      message: `the NetworkPolicy admits only networkPolicy.ingressFrom to the app's Service ports, so the ${routes} works only when the Ingress controller's (or Gateway's) pods are among those peers; add them to app.networkPolicy.ingressFrom (e.g. a namespaceSelector for the controller's namespace)`,
    },
  ];
}
