// Routes into the bundle: an Ingress (networking.k8s.io/v1) or Gateway API HTTPRoute sends
// requests to a Service by name and port. The API server checks neither against the Service, so a
// port the Service lacks answers every request with 503, and a TLS host no rule serves gets the
// controller's default certificate.
import { asObj, namespaceOf, objectsNamed, objEntries, show } from './pod-spec.js';
import { webService } from './examples.js';
import type { BundleDocument, RawFinding, Rule, RuleContext } from './rule.js';

type Obj = Record<string, unknown>;

/** Whether a host name pattern covers a host: equal, or "*.x" covering one more label in front of x. */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return host.length > suffix.length && host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
}

/** Whether a TLS host is among the rule hosts: equal, or one covers the other by a wildcard. */
export function tlsHostServed(tlsHost: string, hosts: readonly string[]): boolean {
  return hosts.some((h) => hostCovers(h, tlsHost) || hostCovers(tlsHost, h));
}

const isIngress = (d: BundleDocument) => d.object?.kind === 'Ingress' && d.object.apiVersion === 'networking.k8s.io/v1';
const isHttpRoute = (d: BundleDocument) =>
  d.object?.kind === 'HTTPRoute' && /^gateway\.networking\.k8s\.io\/v1(beta1)?$/.test(String(d.object.apiVersion));

interface Backend {
  document: BundleDocument;
  /** pointer to the Service name */
  path: string;
  service: string;
  namespace?: string;
  /** pointer to the port, and the port by name or number */
  portPath: string;
  port: { name?: string; number?: number };
}

/** Every Service backend of the bundle's Ingresses and HTTPRoutes. */
function backends(ctx: RuleContext): Backend[] {
  const out: Backend[] = [];
  for (const document of ctx.documents) {
    const spec = asObj(document.object?.spec);
    if (!spec) continue;
    if (isIngress(document)) {
      const add = (backend: unknown, at: string) => {
        const service = asObj(asObj(backend)?.service);
        if (typeof service?.name !== 'string') return;
        const port = asObj(service.port) ?? {};
        const byName = typeof port.name === 'string' && port.name !== '';
        out.push({
          document,
          path: `${at}/service/name`,
          service: service.name,
          portPath: `${at}/service/port/${byName ? 'name' : 'number'}`,
          port: byName ? { name: port.name as string } : { number: port.number as number },
        });
      };
      add(spec.defaultBackend, '/spec/defaultBackend');
      for (const [rule, i] of objEntries(spec.rules))
        for (const [p, j] of objEntries(asObj(rule.http)?.paths))
          add(p.backend, `/spec/rules/${i}/http/paths/${j}/backend`);
    } else if (isHttpRoute(document)) {
      for (const [rule, i] of objEntries(spec.rules))
        for (const [ref, j] of objEntries(rule.backendRefs)) {
          if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '' || typeof ref.name !== 'string')
            continue;
          const at = `/spec/rules/${i}/backendRefs/${j}`;
          out.push({
            document,
            path: `${at}/name`,
            service: ref.name,
            ...(typeof ref.namespace === 'string' ? { namespace: ref.namespace } : {}),
            portPath: `${at}/port`,
            port: { number: ref.port as number },
          });
        }
    }
  }
  return out;
}

/** The Services of the bundle a backend names, in its namespace (one without a namespace goes anywhere). */
function servicesOf(ctx: RuleContext, b: Backend): BundleDocument[] {
  const namespace = b.namespace ?? namespaceOf(b.document);
  return objectsNamed(ctx, 'Service', b.service).filter(
    (s) => !namespace || !namespaceOf(s) || namespaceOf(s) === namespace,
  );
}

const ingressTo = (port: string) => `${webService('http')}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: ${port}
`;

const routeTo = (port: number) => `${webService('http')}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
    - name: public
  rules:
    - backendRefs:
        - name: web
          port: ${port}
`;

export const routeBackendPortRule: Rule = {
  id: 'route.backend-port',
  layer: 'service',
  severity: 'warning',
  title: "An Ingress or HTTPRoute backend names a port of the bundle's Service",
  rationale:
    'An Ingress path or HTTPRoute rule reaches a Service by name and port (an HTTPRoute by number ' +
    'only). The API server does not look at the Service, so a port it lacks is accepted and every ' +
    'request on that path fails with 503. Submitted bundles get a warning; the generator treats it ' +
    'as an error.',
  seeAlso: ['kube-linter (dangling-ingress)', 'ingress-nginx: "service does not have port"'],
  examples: {
    failing: ingressTo('https'),
    passing: ingressTo('http'),
    at: { path: '/spec/rules/0/http/paths/0/backend/service/port/name', line: 28 },
    more: [
      {
        about: 'an HTTPRoute backendRef gives the Service port number',
        failing: routeTo(8080),
        passing: routeTo(80),
        at: { path: '/spec/rules/0/backendRefs/0/port', line: 23 },
      },
    ],
  },
  check(ctx) {
    const out: RawFinding[] = [];
    const severity = ctx.mode === 'generate' ? 'error' : 'warning';
    for (const b of backends(ctx)) {
      const services = servicesOf(ctx, b);
      if (!services.length) continue;
      const ports = services.flatMap((s) => objEntries(asObj(s.object?.spec)?.ports).map(([p]) => p));
      const found = ports.some((p) => (b.port.name !== undefined ? p.name === b.port.name : p.port === b.port.number));
      if (found) continue;
      const known = ports.map((p) => (p.name ? `"${show(p.name)}" (${show(p.port)})` : show(p.port))).join(', ');
      out.push({
        document: b.document,
        path: b.portPath,
        severity,
        message: `Service "${b.service}" has no port ${b.port.name !== undefined ? `named "${b.port.name}"` : show(b.port.number)}; its ports are ${known || 'none'}`,
      });
    }
    return out;
  },
};

const withTls = (tlsHost: string) => `${ingressTo('http').trimEnd()}
  tls:
    - secretName: shop-tls
      hosts:
        - ${tlsHost}
`;

export const ingressTlsHostRule: Rule = {
  id: 'ingress.tls-host',
  layer: 'service',
  severity: 'warning',
  title: "An Ingress's TLS hosts are among its rule hosts",
  rationale:
    'The certificate of a tls entry is served for the hosts it lists, and an Ingress controller ' +
    'serves only the hosts its rules name: a TLS host no rule covers (equal, or by a "*." ' +
    'wildcard) is usually a typo, and clients of the rule host get the default certificate.',
  seeAlso: ['ingress-nginx: "ssl certificate not found for host"'],
  examples: {
    failing: withTls('www.example.com'),
    passing: withTls('shop.example.com'),
    at: { path: '/spec/tls/0/hosts/0', line: 32 },
  },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const document of ctx.documents.filter(isIngress)) {
      const spec = asObj(document.object?.spec) as Obj;
      const hosts = objEntries(spec.rules)
        .map(([r]) => r.host)
        .filter((h): h is string => typeof h === 'string');
      // an Ingress without hosts serves every host: nothing to compare with
      if (!hosts.length) continue;
      for (const [tls, i] of objEntries(spec.tls))
        (Array.isArray(tls.hosts) ? tls.hosts : []).forEach((host: unknown, j: number) => {
          if (typeof host === 'string' && !tlsHostServed(host, hosts))
            out.push({
              document,
              path: `/spec/tls/${i}/hosts/${j}`,
              message: `TLS host "${host}" is not among the Ingress's rule hosts (${hosts.join(', ')}); fix the host or add a rule for it`,
            });
        });
    }
    return out;
  },
};

export const ROUTING_RULES: Rule[] = [routeBackendPortRule, ingressTlsHostRule];
