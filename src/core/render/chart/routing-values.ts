// The chart's `ingress` and `httpRoute` values, with `helm create`'s names (ingress.enabled,
// className, annotations, hosts[].host, hosts[].paths[].path/pathType, tls; httpRoute.enabled,
// annotations, parentRefs, hostnames, rules[].matches), and their schema. With a route in the
// request the block holds the bundle's object as values; without one it is off, with a starting
// point to turn on. A path or rule without a port goes to `port` when set, else to the port the
// generator would choose among the enabled helpers (templates/_routing.tpl), so turning the
// reverse proxy off sends it to the app's own port, as the bundle without the proxy does.
import type { HttpRouteDto, IngressDto } from '../../request/routing.js';
import { WILDCARD_DNS1123_SUBDOMAIN } from '../../model/grammars.js';
import { DEFAULT_PATH_TYPE, DEFAULT_ROUTE_PATH, INGRESS_PATH_TYPES } from '../../request/routing.js';
import type { BundleParts } from './bundle-parts.js';
import { PATTERNS, ref, schemaHelpers } from './k8s-value-schemas.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are walked as plain JSON
type Obj = Record<string, any>;
type Schema = Record<string, unknown>;
const { str, bool, closed, arrayOf, port } = schemaHelpers;

const EXAMPLE_HOST = 'chart-example.local';
const prefixMatch = (value: string) => [{ path: { type: 'PathPrefix', value } }];

export function routingValues(parts: BundleParts): { ingress: Obj; httpRoute: Obj } {
  const app = parts.request.app;
  const find = (kind: string) =>
    parts.bundle.manifests.find((o) => o.kind === kind && o.metadata?.name === app.name) as Obj | undefined;
  return {
    ingress: ingressValues(find('Ingress'), app.ingress),
    httpRoute: httpRouteValues(find('HTTPRoute'), app.httpRoute),
  };
}

/** The bundle's Ingress as values; a path keeps its port only where the request named one (else the default). */
function ingressValues(ingress: Obj | undefined, request: IngressDto | undefined): Obj {
  const spec = ingress?.spec;
  return {
    enabled: ingress !== undefined,
    className: spec?.ingressClassName ?? '',
    annotations: ingress?.metadata?.annotations ?? {},
    hosts: spec
      ? spec.rules.map((rule: Obj, i: number) => ({
          host: rule.host,
          paths: rule.http.paths.map((p: Obj, j: number) => ({
            path: p.path,
            pathType: p.pathType,
            ...(request?.hosts[i]?.paths?.[j]?.port !== undefined ? { port: p.backend.service.port.name } : {}),
          })),
        }))
      : [{ host: EXAMPLE_HOST, paths: [{ path: DEFAULT_ROUTE_PATH, pathType: DEFAULT_PATH_TYPE }] }],
    tls: spec?.tls ?? [],
    port: '',
  };
}

function httpRouteValues(route: Obj | undefined, request: HttpRouteDto | undefined): Obj {
  const spec = route?.spec;
  return {
    enabled: route !== undefined,
    annotations: route?.metadata?.annotations ?? {},
    parentRefs: spec?.parentRefs ?? [],
    hostnames: spec?.hostnames ?? [],
    rules: spec
      ? spec.rules.map((rule: Obj, i: number) => ({
          matches: rule.matches,
          ...(request?.rules?.[i]?.port !== undefined ? { port: rule.backendRefs[0].port } : {}),
        }))
      : [{ matches: prefixMatch(DEFAULT_ROUTE_PATH) }],
    port: '',
  };
}

const host = (description?: string) => str(description, { maxLength: 253, pattern: WILDCARD_DNS1123_SUBDOMAIN.re2 });
const none = { type: 'string', maxLength: 0 };
const nameOrNumber = { oneOf: [port, str(undefined, { pattern: PATTERNS.portName })] };
/** A list that must not be empty while its block is enabled. */
const neededWhenEnabled = (key: string) => ({
  if: { properties: { enabled: { const: true } } },
  then: { properties: { [key]: { minItems: 1 } } },
});

export function routingValuesSchema(): { ingress: Schema; httpRoute: Schema } {
  const ingress = closed(
    {
      enabled: { ...bool, description: 'make a networking.k8s.io/v1 Ingress to the Service' },
      className: str('the IngressClass ("" for the cluster default)', {
        maxLength: 253,
        pattern: `^$|${PATTERNS.dnsSubdomain}`,
      }),
      annotations: ref('annotations', 'annotations on the Ingress'),
      hosts: arrayOf(
        closed(
          {
            host: host('host name the rule serves ("*." in front for every subdomain)'),
            paths: arrayOf(
              closed(
                {
                  path: str('request path (default /)', { maxLength: 1024, pattern: PATTERNS.absolutePath }),
                  pathType: { type: 'string', enum: [...INGRESS_PATH_TYPES], description: 'default Prefix' },
                  port: { ...nameOrNumber, description: 'Service port, by name or number (default: ingress.port)' },
                },
                [],
              ),
              'paths of the host (default: / as a Prefix)',
            ),
          },
          ['host'],
        ),
        'the hosts and their paths',
      ),
      tls: arrayOf(
        closed(
          {
            secretName: str('a kubernetes.io/tls Secret with the certificate', {
              maxLength: 253,
              pattern: PATTERNS.dnsSubdomain,
            }),
            hosts: arrayOf(host(), 'hosts the certificate is for (each one of the hosts)'),
          },
          ['secretName', 'hosts'],
        ),
        'TLS Secrets and their hosts ([] for plain HTTP)',
      ),
      port: {
        oneOf: [port, str(undefined, { pattern: PATTERNS.portName }), none],
        description:
          'the Service port a path without its own goes to, by name or number ("": a reverse proxy\'s port, else the Service\'s first)',
      },
    },
    ['enabled', 'className', 'annotations', 'hosts', 'tls', 'port'],
    "the Ingress to the app's Service",
  );
  const httpRoute = closed(
    {
      enabled: { ...bool, description: 'make a gateway.networking.k8s.io/v1 HTTPRoute to the Service' },
      annotations: ref('annotations', 'annotations on the HTTPRoute'),
      parentRefs: arrayOf(
        closed(
          {
            name: str('the Gateway', { maxLength: 253, pattern: PATTERNS.dnsSubdomain }),
            namespace: str("its namespace (default: the route's)", { maxLength: 63, pattern: PATTERNS.dnsLabel }),
            sectionName: str('its listener', { maxLength: 253, pattern: PATTERNS.dnsSubdomain }),
          },
          ['name'],
        ),
        'the Gateways the route attaches to (at least one when enabled)',
      ),
      hostnames: { ...arrayOf(host(), "host names the route serves ([] for the listeners' own)"), maxItems: 16 },
      rules: {
        ...arrayOf(
          closed(
            {
              matches: arrayOf({ type: 'object' }, 'Gateway API HTTPRouteMatch list, e.g. a path of type PathPrefix'),
              filters: arrayOf({ type: 'object' }, 'Gateway API HTTPRouteFilter list'),
              port: { ...port, description: 'Service port number (default: httpRoute.port)' },
            },
            [],
          ),
          'rules: what they match and the Service port it goes to',
        ),
        minItems: 1,
        maxItems: 16,
      },
      port: {
        oneOf: [port, none],
        description:
          'the Service port number a rule without its own goes to ("": a reverse proxy\'s port, else the Service\'s first)',
      },
    },
    ['enabled', 'annotations', 'parentRefs', 'hostnames', 'rules', 'port'],
    'the Gateway API HTTPRoute to the Service',
  );
  return {
    ingress: { ...ingress, ...neededWhenEnabled('hosts') },
    httpRoute: { ...httpRoute, ...neededWhenEnabled('parentRefs') },
  };
}
