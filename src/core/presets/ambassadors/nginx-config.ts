// The nginx configuration of the http-egress ambassador. It is a template: the nginx image's
// entrypoint runs envsubst over it at container start (only the variables named in
// NGINX_ENVSUBST_FILTER), which fills in the pod's DNS servers and header values from Secrets.
//
// Upstream names are resolved per request (resolver + a variable in proxy_pass), never at start:
// a name that does not resolve when nginx starts would otherwise keep the ambassador, and so the
// pod, from starting at all.

/** Where nginx writes: temp files and the pid file, all on the /tmp emptyDir. */
export const NGINX_TEMP_DIR = '/tmp';
export const NGINX_PID_FILE = `${NGINX_TEMP_DIR}/nginx.pid`;
/** nginx's temp files on the writable /tmp (the image's defaults are under the read-only root). */
export const NGINX_TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
  (kind) => `${kind}_temp_path ${NGINX_TEMP_DIR}/${kind === 'client_body' ? 'client' : kind}_temp;`,
);
/** The system CA bundle of the nginx images (and of Debian). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Placeholder the image's entrypoint fills from /etc/resolv.conf (NGINX_ENTRYPOINT_LOCAL_RESOLVERS). */
export const LOCAL_RESOLVERS_VAR = 'NGINX_LOCAL_RESOLVERS';
/** Env vars (inside the ambassador only) that carry header values from Secrets. */
export const SECRET_HEADER_VAR_PREFIX = 'AMBASSADOR_HEADER_';
/** The only variables envsubst may replace: nginx's own $variables stay untouched. */
export const ENVSUBST_FILTER = `^(${LOCAL_RESOLVERS_VAR}|${SECRET_HEADER_VAR_PREFIX}[0-9]+)$`;

export interface NginxUpstream {
  scheme: 'http' | 'https';
  /** host name, IPv4 address or [IPv6] literal */
  host: string;
  port?: number;
  /** path prefix on the upstream, without trailing slash ('' for none) */
  basePath: string;
}

export interface NginxRoute {
  /** request path prefix, starting and ending with "/" */
  pathPrefix: string;
  upstream: NginxUpstream;
  /** drop pathPrefix before forwarding (the upstream's basePath takes its place) */
  stripPrefix: boolean;
}

export interface NginxAmbassadorConfig {
  listenAddress: string;
  listenPort: number;
  healthPath: string;
  upstream: NginxUpstream;
  routes: NginxRoute[];
  /** DNS servers ("ip" or "ip:port"), or the pod's own from /etc/resolv.conf */
  resolvers: string[] | 'resolv.conf';
  resolverValid: string;
  timeouts: { connect: string; read: string; send: string };
  retries: { attempts: number; on: string[]; nonIdempotent: boolean };
  rateLimit?: { requestsPerSecond: number; burst: number; delay: boolean };
  /** extra request headers; a value may be a ${AMBASSADOR_HEADER_n} placeholder */
  headers: { name: string; value: string }[];
  tlsVerify: boolean;
  maxBodySize: string;
  accessLog: boolean;
}

export function upstreamOrigin(u: NginxUpstream): string {
  return `${u.scheme}://${u.host}${u.port ? `:${u.port}` : ''}`;
}

/** A double-quoted nginx string (inputs are validated to exclude quotes, backslashes and "$"). */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function regexEscape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `header { body }` with the body indented; nested blocks indent again. */
export function block(header: string, body: string[]): string[] {
  return [`${header} {`, ...body.map((l) => (l ? `    ${l}` : '')), '}'];
}

function proxyLocation(
  path: string,
  upstream: NginxUpstream,
  stripPrefix: boolean,
  index: number,
  c: NginxAmbassadorConfig,
): string[] {
  const variable = `$egress_upstream_${index}`;
  const lines: string[] = [];
  if (c.rateLimit) {
    // nginx refuses "burst=0"; leaving it out means no burst
    const burst = c.rateLimit.burst > 0 ? ` burst=${c.rateLimit.burst}` : '';
    lines.push(`limit_req zone=egress${burst}${c.rateLimit.delay ? '' : ' nodelay'};`);
  }
  // Prefix and base path changes work on $request_uri, the bytes the app sent: a rewrite would
  // work on the decoded $uri and send /a%2Fb as /a/b, another resource. With variables in
  // proxy_pass, the URI given there replaces the request URI as is.
  lines.push(`set ${variable} ${quote(upstreamOrigin(upstream))};`);
  if (stripPrefix) {
    const uri = strippedUriVariable(index);
    // The prefix was matched on the decoded path; one the app percent-encoded is not stripped.
    lines.push(...block(`if (${uri} = "")`, ['return 400;']), `proxy_pass ${variable}${uri};`);
  } else {
    lines.push(`proxy_pass ${variable}${upstream.basePath ? `${upstream.basePath}$request_uri` : ''};`);
  }
  if (upstream.scheme === 'https') {
    lines.push(
      'proxy_ssl_server_name on;',
      `proxy_ssl_name ${upstream.host.replace(/^\[|\]$/g, '')};`,
      'proxy_ssl_protocols TLSv1.2 TLSv1.3;',
    );
    if (c.tlsVerify) {
      lines.push(
        'proxy_ssl_verify on;',
        'proxy_ssl_verify_depth 4;',
        `proxy_ssl_trusted_certificate ${SYSTEM_CA_BUNDLE};`,
      );
    } else {
      lines.push('proxy_ssl_verify off;');
    }
  }
  return block(`location ${path}`, lines);
}

const strippedUriVariable = (index: number) => `$egress_uri_${index}`;

/**
 * Per stripping route: $request_uri without its prefix, behind the upstream's base path ("" when
 * the raw URI does not start with the prefix).
 */
function stripMaps(c: NginxAmbassadorConfig): string[] {
  return c.routes.flatMap((r, i) => {
    if (!r.stripPrefix) return [];
    const index = i + 1;
    const rest = `$egress_rest_${index}`;
    return [
      '',
      ...block(`map $request_uri ${strippedUriVariable(index)}`, [
        `"~^${regexEscape(r.pathPrefix)}(?<${rest.slice(1)}>.*)$" "${r.upstream.basePath}/${rest}";`,
        'default "";',
      ]),
    ];
  });
}

export function renderNginxConfig(c: NginxAmbassadorConfig): string {
  const resolvers = c.resolvers === 'resolv.conf' ? `\${${LOCAL_RESOLVERS_VAR}}` : c.resolvers.join(' ');
  const retry =
    // no condition to retry on is no retry
    c.retries.attempts > 1 && c.retries.on.length
      ? [
          `proxy_next_upstream ${[...c.retries.on, ...(c.retries.nonIdempotent ? ['non_idempotent'] : [])].join(' ')};`,
          `proxy_next_upstream_tries ${c.retries.attempts};`,
        ]
      : ['proxy_next_upstream off;'];
  const server = [
    `listen ${c.listenAddress}:${c.listenPort};`,
    `client_max_body_size ${c.maxBodySize};`,
    '',
    `proxy_connect_timeout ${c.timeouts.connect};`,
    `proxy_read_timeout ${c.timeouts.read};`,
    `proxy_send_timeout ${c.timeouts.send};`,
    ...retry,
    '',
    // Headers live at server level only: a location with its own proxy_set_header would drop these.
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    ...c.headers.map((h) => `proxy_set_header ${h.name} ${quote(h.value)};`),
    '',
    ...block(`location = ${c.healthPath}`, ['access_log off;', 'default_type text/plain;', 'return 200 "ok\\n";']),
    '',
    ...proxyLocation('/', c.upstream, false, 0, c),
    ...c.routes.flatMap((r, i) => ['', ...proxyLocation(r.pathPrefix, r.upstream, r.stripPrefix, i + 1, c)]),
  ];
  const http = [
    ...NGINX_TEMP_PATHS,
    c.accessLog ? 'access_log /dev/stdout;' : 'access_log off;',
    'server_tokens off;',
    '',
    `resolver ${resolvers} valid=${c.resolverValid} ipv6=off;`,
    'resolver_timeout 5s;',
    ...(c.rateLimit
      ? [
          '',
          // The app is the only client (loopback), so the per-address key is one shared bucket.
          `limit_req_zone $binary_remote_addr zone=egress:1m rate=${c.rateLimit.requestsPerSecond}r/s;`,
          'limit_req_status 429;',
          'limit_req_log_level warn;',
        ]
      : []),
    ...stripMaps(c),
    '',
    ...block('server', server),
  ];
  return nginxDocument(
    [
      '# http-egress ambassador: the app sends plain HTTP to the loopback listener below; nginx forwards',
      '# it to the upstream (TLS origination for https), resolving upstream names per request.',
    ],
    http,
  );
}

/** A whole nginx.conf for a container: one worker in the foreground, errors to stderr, `http` as given. */
export function nginxDocument(comment: string[], http: string[]): string {
  return [
    ...comment,
    'worker_processes 1;',
    'daemon off;',
    `pid ${NGINX_PID_FILE};`,
    'error_log stderr warn;',
    '',
    ...block('events', ['worker_connections 1024;']),
    '',
    ...block('http', http),
    '',
  ].join('\n');
}
