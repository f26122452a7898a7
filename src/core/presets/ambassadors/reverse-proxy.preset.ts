// Ambassador, inbound half: nginx in front of the app. Clients reach the pod on listenPort (the
// Service targets it instead of the app's port); nginx terminates TLS, limits request rate and body
// size, adds the forwarding headers and a request id, logs each request as JSON and forwards to the
// app on 127.0.0.1.
import { Type } from '../../model/class-metadata.js';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AppPortDto } from '../../request/app.js';
import { InvalidRequestError } from '../../model/errors.js';
import { DNS1123_SUBDOMAIN } from '../../model/grammars.js';
import { Doc, IsPortName, IsPortRef, OptionalListOf } from '../../model/validators.js';
import type { PodBuilder } from '../../compose/pod-builder.js';
import { PresetParams, type Preset } from '../preset.js';
import { HttpEgressRateLimit, HttpEgressTimeouts } from './http-egress.preset.js';
import { claimPorts } from './loopback.js';
import { NGINX_TEMP_DIR } from './nginx-config.js';
import { renderReverseProxyConfig, type ReverseProxyRoute } from './reverse-proxy-config.js';

const NGINX_SIZE = /^[0-9]{1,6}[kKmMgG]?$/;
const PATH_PREFIX = /^\/([A-Za-z0-9._~-]+\/)+$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~-][A-Za-z0-9._~/-]*$/;

export const REVERSE_PROXY_CONFIG_DIR = '/etc/nginx/reverse-proxy';
export const REVERSE_PROXY_TLS_DIR = '/etc/nginx/tls';
const DEFAULT_HEALTH_PATH = '/_proxy/healthz';

export class ReverseProxyTls {
  @IsString()
  @MaxLength(253)
  @Matches(DNS1123_SUBDOMAIN, { message: '$property must be a Secret name (DNS-1123 subdomain)' })
  @Doc("a Secret of type kubernetes.io/tls in the app's namespace: tls.crt (chain, PEM) and tls.key")
  secretName: string;
}

export class ReverseProxyRoutePort {
  @IsString()
  @MaxLength(256)
  @Matches(PATH_PREFIX, { message: '$property must be a path prefix that starts and ends with "/", e.g. /admin/' })
  @Doc('request path prefix, starting and ending with "/", e.g. /admin/ (the path is forwarded unchanged)')
  pathPrefix: string;

  @IsPortRef()
  @Doc('local port on 127.0.0.1 that requests under the prefix go to: a number, or the name of a port in the pod')
  targetPort: number | string;
}

export class ReverseProxyParams extends PresetParams {
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("the pod port nginx listens on, on every address; the Service sends the app's clients here")
  listenPort: number;

  @IsOptional()
  @IsPortRef()
  @Doc("the app's port nginx forwards to on 127.0.0.1 (number or port name; default: the app's first port)")
  targetPort?: number | string;

  @IsOptional()
  @IsPortName()
  @Doc("name of the proxy's container port (default http-proxy, or https-proxy with tls)")
  portName?: string;

  @IsOptional()
  @IsBoolean()
  @Doc("keep the app's port on the Service beside the proxy's (false: clients reach the app only through the proxy)")
  exposeAppPort?: boolean = false;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReverseProxyTls)
  @Doc('terminate TLS with the certificate of this Secret (TLS 1.2 and 1.3 only)')
  tls?: ReverseProxyTls;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpEgressRateLimit)
  @Doc('requests per second per client address (429 beyond rate + burst)')
  rateLimit?: HttpEgressRateLimit;

  @IsOptional()
  @IsString()
  @Matches(NGINX_SIZE, { message: '$property must be a size such as 512k or 10m' })
  @Doc('largest request body (nginx size: 1m, 512k; 0 = no limit); 413 beyond it')
  maxBodySize: string = '1m';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpEgressTimeouts)
  @Doc('connect, read and send timeouts towards the app')
  timeouts?: HttpEgressTimeouts;

  @OptionalListOf(() => ReverseProxyRoutePort, 32)
  @Doc('path prefixes that go to another local port')
  routes?: ReverseProxyRoutePort[];

  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(HEALTH_PATH, { message: '$property must be a path such as /_proxy/healthz' })
  @Doc("answered by nginx itself for the proxy's probes; shadows the same path of the app")
  healthPath?: string = DEFAULT_HEALTH_PATH;

  @IsOptional()
  @IsBoolean()
  @Doc('log each request as one JSON object per line on stdout')
  accessLog: boolean = true;
}

export const reverseProxyPreset: Preset<ReverseProxyParams> = {
  kind: 'ambassador',
  id: 'reverse-proxy',
  title: 'Reverse proxy (nginx)',
  description:
    "nginx in front of the app: it listens on listenPort on every address of the pod and the Service targets it instead of the app's port (which stays reachable inside the pod, and by the app's own probes). It forwards to the app on 127.0.0.1, terminates TLS (tls.crt/tls.key from a Secret, TLS 1.2 and 1.3), limits the request rate per client address (429) and the body size (413), applies timeouts, sends path prefixes to other local ports unchanged, passes X-Forwarded-For/-Proto/-Host and X-Request-Id, and logs one JSON object per request on stdout. Its probes ask nginx only, never the app, so it can make the pod unready only when nginx itself fails.",
  params: ReverseProxyParams,
  example: {
    preset: 'reverse-proxy',
    name: 'edge',
    listenPort: 8443,
    tls: { secretName: 'shop-tls' },
    rateLimit: { requestsPerSecond: 50, burst: 100 },
    maxBodySize: '2m',
  },
  apply(pod, p, ctx) {
    const ptr = ctx.pointer;
    const appPorts = ctx.app.ports ?? [];
    const healthPath = p.healthPath ?? DEFAULT_HEALTH_PATH;
    const portName = p.portName ?? (p.tls ? 'https-proxy' : 'http-proxy');
    const ports = claimPorts(pod, [{ port: p.listenPort, pointer: `${ptr}/listenPort` }]);
    const taken = pod.allPorts().find((x) => x.port.name === portName);
    if (taken) {
      throw new InvalidRequestError([
        {
          pointer: `${ptr}/portName`,
          detail: `port name "${portName}" is already used by container "${taken.container}"; set portName to another name`,
        },
      ]);
    }

    const target = resolveLocalPort(pod, p.targetPort, appPorts, p.listenPort, `${ptr}/targetPort`);
    const routes = checkRoutes(pod, p, healthPath, ptr);
    const timeouts = p.timeouts ?? new HttpEgressTimeouts();
    const config = renderReverseProxyConfig({
      listenPort: p.listenPort,
      targetPort: target,
      healthPath,
      routes,
      ...(p.rateLimit
        ? {
            rateLimit: {
              requestsPerSecond: p.rateLimit.requestsPerSecond,
              burst: p.rateLimit.burst ?? p.rateLimit.requestsPerSecond,
              delay: p.rateLimit.delay,
            },
          }
        : {}),
      maxBodySize: p.maxBodySize,
      timeouts: { connect: timeouts.connect, read: timeouts.read, send: timeouts.send },
      ...(p.tls
        ? { tls: { certificate: `${REVERSE_PROXY_TLS_DIR}/tls.crt`, key: `${REVERSE_PROXY_TLS_DIR}/tls.key` } }
        : {}),
      accessLog: p.accessLog,
    });
    const files = pod.addConfigFiles(p.name, { 'nginx.conf': config });
    const mounts = [{ name: files.volumeName, mountPath: REVERSE_PROXY_CONFIG_DIR, readOnly: true }];
    if (p.tls) {
      const volumeName = pod.volumeNameFor(p.name, 'tls');
      // Only the two files nginx reads, readable by the owner and the pod's fsGroup (nginx's supplementary group).
      pod.addVolume({
        name: volumeName,
        secret: {
          secretName: p.tls.secretName,
          defaultMode: 0o440,
          items: [
            { key: 'tls.crt', path: 'tls.crt' },
            { key: 'tls.key', path: 'tls.key' },
          ],
        },
      });
      mounts.push({ name: volumeName, mountPath: REVERSE_PROXY_TLS_DIR, readOnly: true });
    }

    // The kubelet probes nginx's own health location on the pod IP. It must not pass through to the
    // app: as a native sidecar the proxy has to be started before the app starts at all, and its
    // readiness counts toward the pod's, so a probe that reached the app would deadlock start-up and
    // double the app's own readiness signal.
    const httpGet = { path: healthPath, port: portName, scheme: p.tls ? ('HTTPS' as const) : ('HTTP' as const) };
    pod.addHelper({
      item: p,
      role: 'ambassador',
      image: 'nginx',
      // nginx directly: the config needs none of the image entrypoint's template rendering
      command: ['nginx', '-c', `${REVERSE_PROXY_CONFIG_DIR}/nginx.conf`],
      ports: ports.map((port) => ({ ...port, name: portName })),
      volumeMounts: mounts,
      writablePaths: [NGINX_TEMP_DIR, '/var/cache/nginx'],
      resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      startupProbe: { httpGet, periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 60 },
      readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
      livenessProbe: { httpGet, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
    });

    // The Service: the proxy takes the place of the app port it fronts (same name and port number,
    // so clients and Ingresses keep working), unless that port is to stay exposed too.
    const fronted = appPorts.find((a) => a.containerPort === target && (a.protocol ?? 'TCP') === 'TCP');
    const replace =
      fronted && fronted.expose !== false && !p.exposeAppPort && !pod.replacedAppServicePorts.includes(fronted.name)
        ? fronted
        : undefined;
    const servicePort = replace ? (replace.servicePort ?? replace.containerPort) : p.listenPort;
    const clash = appPorts.find(
      (a) =>
        a !== replace &&
        a.expose !== false &&
        (a.servicePort ?? a.containerPort) === servicePort &&
        (a.protocol ?? 'TCP') === 'TCP',
    );
    if (clash) {
      throw new InvalidRequestError([
        {
          pointer: `${ptr}/listenPort`,
          detail: `the Service already has port ${servicePort} for the app's port "${clash.name}"; choose another listenPort`,
        },
      ]);
    }
    pod.addFrontServicePort(
      { name: replace?.name ?? portName, port: servicePort, targetPort: portName, protocol: 'TCP' },
      replace?.name,
    );
  },
};

/** A local port by number, or by the name of a port in the pod (default: the app's first port), as a number. */
function resolveLocalPort(
  pod: PodBuilder,
  ref: number | string | undefined,
  appPorts: AppPortDto[],
  listenPort: number,
  pointer: string,
): number {
  let port: number;
  if (ref === undefined) {
    const first = appPorts[0];
    if (!first)
      throw new InvalidRequestError([
        { pointer, detail: 'the app declares no ports: give targetPort, the port the app serves HTTP on' },
      ]);
    if ((first.protocol ?? 'TCP') !== 'TCP')
      throw new InvalidRequestError([
        { pointer, detail: `the app's first port "${first.name}" is ${first.protocol}, not TCP: give targetPort` },
      ]);
    port = first.containerPort;
  } else if (typeof ref === 'string') {
    const named = pod.allPorts().find((x) => x.port.name === ref && (x.port.protocol ?? 'TCP') === 'TCP');
    if (!named)
      throw new InvalidRequestError([
        { pointer, detail: `no TCP port named "${ref}" in the pod; use a port name of the app or a number` },
      ]);
    port = named.port.containerPort;
  } else {
    port = ref;
  }
  if (port === listenPort)
    throw new InvalidRequestError([
      { pointer, detail: `${port} is the proxy's own listenPort; the proxy would forward to itself` },
    ]);
  return port;
}

function checkRoutes(pod: PodBuilder, p: ReverseProxyParams, healthPath: string, ptr: string): ReverseProxyRoute[] {
  const seen = new Map<string, number>();
  return (p.routes ?? []).map((r, i) => {
    const at = `${ptr}/routes/${i}`;
    const earlier = seen.get(r.pathPrefix);
    if (earlier !== undefined)
      throw new InvalidRequestError([
        { pointer: `${at}/pathPrefix`, detail: `the same prefix as ${ptr}/routes/${earlier}/pathPrefix` },
      ]);
    if (healthPath === r.pathPrefix || healthPath === r.pathPrefix.replace(/\/$/, '')) {
      throw new InvalidRequestError([
        {
          pointer: `${at}/pathPrefix`,
          detail: `${r.pathPrefix} is the proxy's healthPath; choose another healthPath or prefix`,
        },
      ]);
    }
    seen.set(r.pathPrefix, i);
    return {
      pathPrefix: r.pathPrefix,
      targetPort: resolveLocalPort(pod, r.targetPort, [], p.listenPort, `${at}/targetPort`),
    };
  });
}
