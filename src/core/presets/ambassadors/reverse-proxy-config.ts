// The nginx configuration of the reverse-proxy ambassador: nginx in front of the app, listening on
// every address of the pod, forwarding to the app's port on 127.0.0.1. The file is used as is (no
// template rendering at start): every address is a loopback literal, so nothing is resolved.
//
// Paths are forwarded byte for byte: proxy_pass carries no URI part, so nginx sends the request
// line's URI as the client wrote it (location matching alone uses the decoded form).
import { LOOPBACK } from './loopback.js';
import { block, NGINX_TEMP_PATHS, nginxDocument } from './nginx-config.js';

export interface ReverseProxyRoute {
  /** request path prefix, starting and ending with "/" */
  pathPrefix: string;
  /** local port (127.0.0.1) that requests under the prefix go to */
  targetPort: number;
}

export interface ReverseProxyConfig {
  listenPort: number;
  /** the app's port on 127.0.0.1 */
  targetPort: number;
  /** answered by nginx itself, for the proxy's own probes */
  healthPath: string;
  routes: ReverseProxyRoute[];
  rateLimit?: { requestsPerSecond: number; burst: number; delay: boolean };
  maxBodySize: string;
  timeouts: { connect: string; read: string; send: string };
  /** TLS termination with these files (PEM) */
  tls?: { certificate: string; key: string };
  accessLog: boolean;
}

/** The request id the app and the access log see: the client's X-Request-Id, or one nginx makes. */
const REQUEST_ID_VAR = '$proxy_request_id';

/** One JSON object per access, on stdout (escape=json keeps every value a valid JSON string). */
const ACCESS_LOG_FORMAT = [
  ['time', '"$time_iso8601"'],
  ['request_id', `"${REQUEST_ID_VAR}"`],
  ['remote_addr', '"$remote_addr"'],
  ['x_forwarded_for', '"$http_x_forwarded_for"'],
  ['method', '"$request_method"'],
  ['host', '"$host"'],
  ['uri', '"$request_uri"'],
  ['protocol', '"$server_protocol"'],
  ['scheme', '"$scheme"'],
  ['status', '$status'],
  ['request_length', '$request_length'],
  ['body_bytes_sent', '$body_bytes_sent'],
  ['request_time', '$request_time'],
  ['upstream_addr', '"$upstream_addr"'],
  ['upstream_status', '"$upstream_status"'],
  ['upstream_response_time', '"$upstream_response_time"'],
  ['user_agent', '"$http_user_agent"'],
  ['referer', '"$http_referer"'],
]
  .map(([key, value]) => `"${key}":${value}`)
  .join(',');

function proxyLocation(path: string, port: number, c: ReverseProxyConfig): string[] {
  return block(`location ${path}`, [
    ...(c.rateLimit
      ? [`limit_req zone=per_client burst=${c.rateLimit.burst}${c.rateLimit.delay ? '' : ' nodelay'};`]
      : []),
    `proxy_pass http://${LOOPBACK}:${port};`,
  ]);
}

export function renderReverseProxyConfig(c: ReverseProxyConfig): string {
  const tls = c.tls
    ? [
        `ssl_certificate ${c.tls.certificate};`,
        `ssl_certificate_key ${c.tls.key};`,
        // Modern protocols only; with TLS 1.2 the client picks among nginx's (strong) defaults.
        'ssl_protocols TLSv1.2 TLSv1.3;',
        'ssl_prefer_server_ciphers off;',
        'ssl_session_cache shared:proxy_tls:1m;',
        'ssl_session_timeout 1h;',
        'ssl_session_tickets off;',
        '',
      ]
    : [];
  const server = [
    // every address of the pod: the Service and the kubelet's probes reach it on the pod IP
    `listen ${c.listenPort}${c.tls ? ' ssl' : ''};`,
    ...tls,
    `client_max_body_size ${c.maxBodySize};`,
    `proxy_connect_timeout ${c.timeouts.connect};`,
    `proxy_read_timeout ${c.timeouts.read};`,
    `proxy_send_timeout ${c.timeouts.send};`,
    '',
    // Headers live at server level only: a location with its own proxy_set_header would drop these.
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Host $host;',
    'proxy_set_header X-Forwarded-Port $server_port;',
    `proxy_set_header X-Request-Id ${REQUEST_ID_VAR};`,
    `add_header X-Request-Id ${REQUEST_ID_VAR} always;`,
    '',
    // nginx alone answers here (no rate limit, no app): the proxy's probes check the proxy only.
    ...block(`location = ${c.healthPath}`, ['access_log off;', 'default_type text/plain;', 'return 200 "ok\\n";']),
    '',
    ...proxyLocation('/', c.targetPort, c),
    ...c.routes.flatMap((r) => ['', ...proxyLocation(r.pathPrefix, r.targetPort, c)]),
  ];
  const http = [
    ...NGINX_TEMP_PATHS,
    'server_tokens off;',
    '',
    ...block(`map $http_x_request_id ${REQUEST_ID_VAR}`, ['default $http_x_request_id;', '"" $request_id;']),
    `log_format proxy_json escape=json '{${ACCESS_LOG_FORMAT}}';`,
    c.accessLog ? 'access_log /dev/stdout proxy_json;' : 'access_log off;',
    ...(c.rateLimit
      ? [
          '',
          // One bucket per client address (10 MB holds about 160,000 addresses).
          `limit_req_zone $binary_remote_addr zone=per_client:10m rate=${c.rateLimit.requestsPerSecond}r/s;`,
          'limit_req_status 429;',
          'limit_req_log_level warn;',
        ]
      : []),
    '',
    ...block('server', server),
  ];
  return nginxDocument(
    [
      '# reverse-proxy ambassador: clients reach the app through this listener; nginx terminates TLS,',
      '# limits requests and forwards to the app on 127.0.0.1.',
    ],
    http,
  );
}
