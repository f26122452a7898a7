// Ambassador: nginx on 127.0.0.1 forwards the app's plain HTTP calls to an outside API, adding TLS
// (SNI, verification), timeouts, retries, a rate limit, extra headers and path routes.
import { Type } from '../../model/class-metadata.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import { InvalidRequestError, type FieldError } from '../../model/errors.js';
import { PresetParams, type Preset } from '../preset.js';
import { ENV_NAME, HOST, HOSTNAME, IPV4_ADDRESS, IPV6_ADDRESS, PORT_NUMBER } from '../../model/grammars.js';
import { SecretKeyRef, secretEnv } from '../secret-ref.js';
import {
  claimPorts,
  defaultEnvName,
  DURATION,
  DURATION_MESSAGE,
  injectLocalAddress,
  LOOPBACK,
  loopbackProbes,
} from './loopback.js';
import {
  ENVSUBST_FILTER,
  NGINX_TEMP_DIR,
  renderNginxConfig,
  SECRET_HEADER_VAR_PREFIX,
  type NginxAmbassadorConfig,
  type NginxRoute,
  type NginxUpstream,
} from './nginx-config.js';
import { Doc, OptionalListOf } from '../../model/validators.js';

/** An HTTP token that nginx reads as one word: not starting with "#" (a comment) or "'" (a quote). */
const HTTP_TOKEN = /^[A-Za-z0-9!%&*+.^_`|~-][A-Za-z0-9!#%&'*+.^_`|~-]*$/;
const HEADER_NAME_MESSAGE =
  '$property must be an HTTP header name (letters, digits and !#%&\'*+.^_`|~-) that does not start with "#" or "\'", which nginx would read as a comment or a quoted string';
/** Printable ASCII without '"', '\' and '$' (nginx would read "$..." as one of its variables). */
const HEADER_VALUE = /^[\x20\x21\x23\x25-\x5b\x5d-\x7e]*$/;
const URL_PATH = /^\/[A-Za-z0-9._~/-]*$/;
/** http(s)://host[:port][/base-path]: a host name, IPv4 or bracketed IPv6 address, no credentials, query or fragment */
// (a name whose last label is a number, 0.a.0 or a.0x1f, is read as an IPv4 address by URL parsers)
const UPSTREAM_URL = new RegExp(
  `^https?://(${IPV4_ADDRESS}|(?!([A-Za-z0-9-]+\\.)*(0[xX][0-9A-Fa-f]*|[0-9]+)(:|/|$))${HOST}|\\[(${IPV6_ADDRESS})\\])(:${PORT_NUMBER})?(/[A-Za-z0-9._~/-]*)?$`,
);
const UPSTREAM_MESSAGE =
  '$property must be an http or https URL, http(s)://host[:port][/base-path]: a host name or IP address, a port 1-65535, a path of letters, digits and . _ ~ - /; no credentials, no query string or fragment: put keys in a Secret and send them as a header with valueFrom';
/** "ip" or "ip:port" with an IPv4 address or a bracketed IPv6 address, port 1-65535 */
const RESOLVER = new RegExp(`^(${IPV4_ADDRESS}|\\[(${IPV6_ADDRESS})\\])(:${PORT_NUMBER})?$`);
const NGINX_SIZE = /^[0-9]{1,6}[kKmMgG]?$/;
export const RETRY_CONDITIONS = [
  'error',
  'timeout',
  'invalid_header',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_429',
] as const;
/** Connection-level headers nginx manages itself; setting them would break the proxied request. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);
/** Header names whose values are credentials: only from a Secret. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|passw(or)?d|credential/i;

// value or valueFrom, exactly one
@JSONSchema({ oneOf: [{ required: ['value'] }, { required: ['valueFrom'] }] } as never)
export class HttpEgressHeader {
  @IsString()
  @MaxLength(128)
  @Matches(HTTP_TOKEN, { message: HEADER_NAME_MESSAGE })
  @Doc('header name, e.g. X-Api-Key')
  name: string;

  @ValidateIf((o: HttpEgressHeader) => o.valueFrom === undefined)
  @IsString()
  @MaxLength(4096)
  @Matches(HEADER_VALUE, { message: '$property must be printable ASCII without ", \\ or $' })
  @Doc('literal value (not for credentials: use valueFrom)')
  value?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SecretKeyRef)
  @Doc('value from a key of a Secret (rendered into the config at container start): one line, without ", \\ or $')
  valueFrom?: SecretKeyRef;
}

export class HttpEgressRoute {
  @IsString()
  @MaxLength(256)
  @Matches(/^\/([A-Za-z0-9._~-]+\/)+$/, {
    message: '$property must be a path prefix that starts and ends with "/", e.g. /refunds/',
  })
  @Doc('request path prefix, starting and ending with "/", e.g. /refunds/')
  pathPrefix: string;

  @IsString()
  @MaxLength(2048)
  @Matches(UPSTREAM_URL, { message: UPSTREAM_MESSAGE })
  @Doc('where matching requests go: http(s)://host[:port][/base-path]')
  upstream: string;

  @IsOptional()
  @IsBoolean()
  @Doc('drop pathPrefix before forwarding, so /refunds/42 reaches <upstream base path>/42 (false keeps the path)')
  stripPrefix: boolean = false;
}

export class HttpEgressTimeouts {
  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc('establishing the upstream connection')
  connect: string = '5s';

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc("between two reads of the upstream's response")
  read: string = '60s';

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc('between two writes of the request to the upstream')
  send: string = '60s';
}

export class HttpEgressRetries {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  @Doc('tries in total, the first included (1 = no retry); a retry goes to the next address of the upstream name')
  attempts: number = 2;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RETRY_CONDITIONS.length)
  @IsIn(RETRY_CONDITIONS, { each: true })
  @Doc('when to try again')
  on?: (typeof RETRY_CONDITIONS)[number][] = ['error', 'timeout'];

  @IsOptional()
  @IsBoolean()
  @Doc('also retry POST, PATCH and LOCK requests (not idempotent)')
  nonIdempotent: boolean = false;
}

export class HttpEgressRateLimit {
  @IsInt()
  @Min(1)
  @Max(100000)
  @Doc('steady rate of requests forwarded per second; more are refused with 429 (nginx limit_req)')
  requestsPerSecond: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  @Doc("requests above the rate that are still accepted (default: one second's worth)")
  burst?: number;

  @IsOptional()
  @IsBoolean()
  @Doc('hold burst requests back to the rate instead of forwarding them at once')
  delay: boolean = false;
}

export class HttpEgressParams extends PresetParams {
  @IsString()
  @MaxLength(2048)
  @Matches(UPSTREAM_URL, { message: UPSTREAM_MESSAGE })
  @Doc('the outside API: http(s)://host[:port][/base-path]; https means TLS from the ambassador')
  upstream: string;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc('port on 127.0.0.1 the app sends its requests to')
  listenPort: number = 9000;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(ENV_NAME, { message: '$property must be an upper-case env var name such as PAYMENTS_URL' })
  @Doc('env var that gives the app the local URL (default: <NAME>_URL)')
  envName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^\/[A-Za-z0-9._~-][A-Za-z0-9._~/-]*$/, { message: '$property must be a path such as /_ambassador/healthz' })
  @Doc('answered by the ambassador itself (probes); shadows the same path on the upstream')
  healthPath: string = '/_ambassador/healthz';

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @Matches(RESOLVER, {
    each: true,
    message: '$property must be IP addresses (IPv4, or IPv6 in brackets), optionally with :port (1-65535)',
  })
  @Doc('DNS servers ("ip" or "ip:port"); default: the pod\'s own, read from /etc/resolv.conf at start')
  resolvers?: string[];

  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,6}(s|m|h)$/, {
    message: '$property must be a duration in whole seconds, minutes or hours such as 30s, 5m or 1h',
  })
  @Doc('how long a DNS answer is used before the name is looked up again (whole seconds: nginx takes no ms here)')
  resolverValid: string = '30s';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpEgressTimeouts)
  @Doc('nginx proxy timeouts towards the upstream (each a duration such as 5s or 1m)')
  timeouts?: HttpEgressTimeouts;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpEgressRetries)
  @Doc('retrying a failed request (nginx proxy_next_upstream)')
  retries?: HttpEgressRetries;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpEgressRateLimit)
  @Doc('requests per second (429 beyond rate + burst)')
  rateLimit?: HttpEgressRateLimit;

  @OptionalListOf(() => HttpEgressHeader, 32)
  @Doc('headers added to every forwarded request')
  headers?: HttpEgressHeader[];

  @OptionalListOf(() => HttpEgressRoute, 32)
  @Doc('path prefixes that go to another upstream')
  routes?: HttpEgressRoute[];

  @IsOptional()
  @IsBoolean()
  @Doc("verify the upstream's certificate against the system CA bundle")
  tlsVerify: boolean = true;

  @IsOptional()
  @IsString()
  @Matches(NGINX_SIZE, { message: '$property must be a size such as 512k or 10m' })
  @Doc('largest request body forwarded (nginx size: 10m, 512k; 0 = no limit)')
  maxBodySize: string = '10m';

  @IsOptional()
  @IsBoolean()
  @Doc('log each forwarded request to stdout')
  accessLog: boolean = true;
}

/** The ConfigMap (templates) and the emptyDir nginx reads the rendered config from. */
export const NGINX_TEMPLATE_DIR = '/etc/nginx/templates';
export const NGINX_RENDERED_DIR = '/etc/nginx/ambassador';
export const NGINX_TEMPLATE_FILE = 'nginx.conf.template';

export const httpEgressPreset: Preset<HttpEgressParams> = {
  kind: 'ambassador',
  id: 'http-egress',
  title: 'HTTP egress (nginx)',
  description:
    "nginx on 127.0.0.1 in front of an outside HTTP API: the app calls plain http://127.0.0.1:<listenPort> (given in <NAME>_URL) and the ambassador adds TLS with SNI and certificate verification, timeouts, retries, a rate limit (429 beyond it), extra headers (credentials from Secrets) and path routes. Upstream names are resolved per request through the pod's DNS, so a name that does not resolve yet never blocks start-up (give cluster names fully qualified: nginx does not use search domains). Another image must keep the template rendering of the nginx images' entrypoint and wget (probes), and run as uid 101.",
  params: HttpEgressParams,
  example: {
    preset: 'http-egress',
    name: 'payments',
    upstream: 'https://api.payments.example.com',
    listenPort: 9000,
    rateLimit: { requestsPerSecond: 20, burst: 40 },
    headers: [{ name: 'X-Api-Key', valueFrom: { secretName: 'payments-api', key: 'api-key' } }],
  },
  apply(pod, p, ctx) {
    const ptr = ctx.pointer;
    const listenPort = p.listenPort;
    const healthPath = p.healthPath;
    const upstream = parseUpstream(p.upstream, `${ptr}/upstream`);
    const routes = checkRoutes(p.routes ?? [], healthPath, ptr);
    const { headers, env: headerEnv } = checkHeaders(p.headers ?? [], ptr);
    const ports = claimPorts(pod, [{ port: listenPort, pointer: `${ptr}/listenPort` }]);
    const retries = p.retries ?? new HttpEgressRetries();
    const timeouts = p.timeouts ?? new HttpEgressTimeouts();

    const config: NginxAmbassadorConfig = {
      listenAddress: LOOPBACK,
      listenPort,
      healthPath,
      upstream,
      routes,
      resolvers: p.resolvers?.length ? p.resolvers : 'resolv.conf',
      resolverValid: p.resolverValid,
      timeouts: { connect: timeouts.connect, read: timeouts.read, send: timeouts.send },
      retries: {
        attempts: retries.attempts,
        on: retries.on ?? ['error', 'timeout'],
        nonIdempotent: retries.nonIdempotent,
      },
      ...(p.rateLimit
        ? {
            rateLimit: {
              requestsPerSecond: p.rateLimit.requestsPerSecond,
              burst: p.rateLimit.burst ?? p.rateLimit.requestsPerSecond,
              delay: p.rateLimit.delay,
            },
          }
        : {}),
      headers,
      tlsVerify: p.tlsVerify,
      maxBodySize: p.maxBodySize,
      accessLog: p.accessLog,
    };
    const files = pod.addConfigFiles(p.name, { [NGINX_TEMPLATE_FILE]: renderNginxConfig(config) });

    // The image's entrypoint renders the template into the emptyDir before nginx starts.
    const env: EnvVar[] = [
      { name: 'NGINX_ENVSUBST_TEMPLATE_DIR', value: NGINX_TEMPLATE_DIR },
      { name: 'NGINX_ENVSUBST_OUTPUT_DIR', value: NGINX_RENDERED_DIR },
      { name: 'NGINX_ENVSUBST_FILTER', value: ENVSUBST_FILTER },
      ...(config.resolvers === 'resolv.conf' ? [{ name: 'NGINX_ENTRYPOINT_LOCAL_RESOLVERS', value: '1' }] : []),
      ...headerEnv,
    ];
    pod.addHelper({
      item: p,
      role: 'ambassador',
      image: 'nginx',
      args: ['nginx', '-c', `${NGINX_RENDERED_DIR}/nginx.conf`],
      env,
      ports,
      volumeMounts: [{ name: files.volumeName, mountPath: NGINX_TEMPLATE_DIR, readOnly: true }],
      writablePaths: [NGINX_RENDERED_DIR, NGINX_TEMP_DIR, '/var/cache/nginx'],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
      ...loopbackProbes(['wget', '-q', '-O', '/dev/null', `http://${LOOPBACK}:${listenPort}${healthPath}`]),
    });
    injectLocalAddress(
      pod,
      p.envName ?? defaultEnvName(p.name, 'URL'),
      `http://${LOOPBACK}:${listenPort}`,
      `${ptr}/envName`,
    );

    const all = [upstream, ...routes.map((r) => r.upstream)];
    for (const u of all)
      pod.declareEgress({
        port: u.port ?? (u.scheme === 'https' ? 443 : 80),
        protocol: 'TCP',
        purpose: `upstream ${u.host}`,
      });
    for (const resolver of config.resolvers === 'resolv.conf' ? [] : config.resolvers) {
      const port = Number(/:(\d+)$/.exec(resolver)?.[1] ?? 53);
      for (const protocol of ['UDP', 'TCP'] as const)
        pod.declareEgress({ port, protocol, purpose: `DNS resolver ${resolver}` });
    }
    if (!config.tlsVerify && all.some((u) => u.scheme === 'https')) {
      pod.addFinding({
        rule: 'ambassador.tls-verify-off',
        severity: 'warning',
        message: `ambassador "${p.name}" does not verify the upstream's TLS certificate (tlsVerify: false): anyone on the path can impersonate it`,
      });
    }
    const shortNames = all
      .map((u) => u.host)
      .filter((h) => config.resolvers === 'resolv.conf' && (/^[^.]+$/.test(h) || /\.svc$/.test(h)) && !/^\[/.test(h));
    for (const host of [...new Set(shortNames)]) {
      pod.addFinding({
        rule: 'ambassador.resolver-search-domain',
        severity: 'warning',
        message: `ambassador "${p.name}": nginx's resolver does not apply the pod's DNS search domains, so "${host}" will not resolve; use the fully qualified name (e.g. <service>.<namespace>.svc.cluster.local)`,
      });
    }
  },
};

/** An upstream URL: http or https, a host, optional port and base path; never credentials. */
export function parseUpstream(raw: string, pointer: string): NginxUpstream {
  const bad = (detail: string) => new InvalidRequestError([{ pointer, detail }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad(`"${raw}" is not a URL; expected http(s)://host[:port][/path]`);
  }
  if (url.username || url.password) {
    throw bad(
      'credentials must not be written into the URL: put them in a Secret and send them as a header with valueFrom (e.g. Authorization or X-Api-Key)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw bad(`scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw bad(
      "no query string or fragment: the request path and query are the app's; send keys as a header from a Secret",
    );
  }
  const isIpv6 = /^\[[0-9A-Fa-f:.]+\]$/.test(url.hostname);
  if (!isIpv6 && !HOSTNAME.test(url.hostname)) throw bad(`"${url.hostname}" is not a host name or IP address`);
  if (url.port === '0') throw bad("port 0 is no port: give 1-65535 or leave it out for the scheme's default");
  if (!URL_PATH.test(url.pathname)) throw bad('the path may contain only letters, digits and . _ ~ - /');
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}

function checkRoutes(routes: HttpEgressRoute[], healthPath: string, ptr: string): NginxRoute[] {
  const seen = new Map<string, number>();
  return routes.map((r, i) => {
    const at = `${ptr}/routes/${i}`;
    const earlier = seen.get(r.pathPrefix);
    if (earlier !== undefined) {
      throw new InvalidRequestError([
        { pointer: `${at}/pathPrefix`, detail: `the same prefix as ${ptr}/routes/${earlier}/pathPrefix` },
      ]);
    }
    if (healthPath === r.pathPrefix || healthPath === r.pathPrefix.replace(/\/$/, '')) {
      throw new InvalidRequestError([
        {
          pointer: `${at}/pathPrefix`,
          detail: `${r.pathPrefix} is the ambassador's healthPath; choose another healthPath or prefix`,
        },
      ]);
    }
    seen.set(r.pathPrefix, i);
    return {
      pathPrefix: r.pathPrefix,
      upstream: parseUpstream(r.upstream, `${at}/upstream`),
      stripPrefix: r.stripPrefix,
    };
  });
}

function checkHeaders(
  list: HttpEgressHeader[],
  ptr: string,
): { headers: { name: string; value: string }[]; env: EnvVar[] } {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const headers: { name: string; value: string }[] = [];
  const env: EnvVar[] = [];
  list.forEach((h, i) => {
    const at = `${ptr}/headers/${i}`;
    const lower = h.name.toLowerCase();
    if (h.value !== undefined && h.valueFrom)
      errors.push({ pointer: at, detail: 'give either value or valueFrom, not both' });
    if (HOP_BY_HOP.has(lower) || lower === 'host') {
      errors.push({ pointer: `${at}/name`, detail: `${h.name} is managed by the ambassador and cannot be set` });
    }
    if (seen.has(lower)) errors.push({ pointer: `${at}/name`, detail: `header ${h.name} is listed twice` });
    seen.add(lower);
    if (h.value !== undefined && SECRET_HEADER.test(h.name)) {
      errors.push({
        pointer: `${at}/value`,
        detail: `${h.name} carries a credential: do not write it inline; put it in a Secret and use valueFrom: { secretName, key }`,
      });
    }
    if (h.valueFrom) {
      const variable = `${SECRET_HEADER_VAR_PREFIX}${env.length}`;
      env.push(secretEnv(variable, h.valueFrom));
      headers.push({ name: h.name, value: `\${${variable}}` });
    } else {
      headers.push({ name: h.name, value: h.value ?? '' });
    }
  });
  if (errors.length) throw new InvalidRequestError(errors);
  return { headers, env };
}
