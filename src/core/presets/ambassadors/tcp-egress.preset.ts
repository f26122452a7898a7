// Ambassador: HAProxy on 127.0.0.1 forwards the app's TCP connections (a managed database, a
// message broker) to one or more outside servers, with health checks and timeouts.
import { Type } from '../../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateNested,
} from 'class-validator';
import { InvalidRequestError } from '../../model/errors.js';
import { PresetParams, type Preset } from '../preset.js';
import { ENV_NAME } from '../../model/grammars.js';
import {
  claimPorts,
  defaultEnvName,
  DURATION,
  DURATION_MESSAGE,
  HOST_PORT,
  injectLocalAddress,
  LOOPBACK,
  loopbackProbes,
  parseHostPort,
} from './loopback.js';
import { HAPROXY_HEALTH_URI, renderHaproxyConfig, type HaproxyAmbassadorConfig } from './haproxy-config.js';
import { Doc } from '../../model/validators.js';

export const BALANCE_ALGORITHMS = ['roundrobin', 'leastconn', 'first', 'source'] as const;

export class TcpEgressTimeouts {
  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc('establishing a connection to a server')
  connect: string = '5s';

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc("the app's side of a connection may stay silent this long")
  client: string = '1h';

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc("the server's side of a connection may stay silent this long")
  server: string = '1h';
}

export class TcpEgressHealthCheck {
  @IsOptional()
  @IsBoolean()
  @Doc('check each server with a TCP connect')
  enabled: boolean = true;

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc('time between two checks of a server (a duration such as 5s)')
  interval: string = '5s';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc('failed checks before a server is taken out')
  fall: number = 3;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc('passed checks before a server is used again')
  rise: number = 2;

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc("time a check's connect may take before it counts as failed")
  timeout?: string = '2s';
}

export class TcpEgressParams extends PresetParams {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @Matches(HOST_PORT, {
    each: true,
    message: 'each of $property must be host:port: a host name or IPv4 address, then a port 1-65535',
  })
  @Doc('outside servers as host:port')
  servers: string[];

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("port on 127.0.0.1 the app connects to (default: the first server's port)")
  listenPort?: number;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("port on 127.0.0.1 where HAProxy answers the container's probes")
  healthPort: number = 8404;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(ENV_NAME, { message: '$property must be an upper-case env var name such as ORDERS_DB_ADDR' })
  @Doc('env var that gives the app the local address host:port (default: <NAME>_ADDR)')
  envName?: string;

  @IsOptional()
  @IsIn(BALANCE_ALGORITHMS)
  @Doc('how connections are spread over healthy servers (leastconn suits long-lived connections)')
  balance: (typeof BALANCE_ALGORITHMS)[number] = 'leastconn';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TcpEgressTimeouts)
  @Doc('HAProxy timeouts (each a duration such as 5s or 1h)')
  timeouts?: TcpEgressTimeouts;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TcpEgressHealthCheck)
  @Doc('active health checks of the servers; a failing server gets no new connections')
  healthCheck?: TcpEgressHealthCheck;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  @Doc('connections HAProxy accepts at once')
  maxConnections: number = 1024;
}

const CONFIG_DIR = '/usr/local/etc/haproxy';

export const tcpEgressPreset: Preset<TcpEgressParams> = {
  kind: 'ambassador',
  id: 'tcp-egress',
  title: 'TCP egress (HAProxy)',
  description:
    "HAProxy in TCP mode on 127.0.0.1 in front of one or more outside servers (a managed database, a broker): the app connects to 127.0.0.1:<listenPort> (given in <NAME>_ADDR) and HAProxy forwards to a healthy server. Server names are resolved through the pod's DNS at run time, so a name that does not resolve yet never blocks start-up. TLS, if any, stays end to end between the app and the server. Another image must provide wget (probes) and run as uid 99.",
  params: TcpEgressParams,
  example: {
    preset: 'tcp-egress',
    name: 'orders-db',
    servers: ['orders-db.abc123.eu-west-1.rds.amazonaws.com:5432'],
    listenPort: 5432,
  },
  apply(pod, p, ctx) {
    const ptr = ctx.pointer;
    const servers = p.servers.map((s, i) => parseHostPort(s, `${ptr}/servers/${i}`));
    const listenPort = p.listenPort ?? servers[0].port;
    if (listenPort < 1024) {
      // Below 1024 a non-root process may not bind unless the node allows it: ask for a port.
      throw new InvalidRequestError([
        {
          pointer: `${ptr}/listenPort`,
          detail: `the first server's port ${listenPort} is below 1024, which the ambassador (not root) cannot listen on; set listenPort (1024-65535)`,
        },
      ]);
    }
    const healthPort = p.healthPort;
    const ports = claimPorts(pod, [
      { port: listenPort, pointer: p.listenPort === undefined ? `${ptr}/servers/0` : `${ptr}/listenPort` },
      { port: healthPort, pointer: `${ptr}/healthPort` },
    ]);
    const t = p.timeouts ?? new TcpEgressTimeouts();
    const h = p.healthCheck ?? new TcpEgressHealthCheck();
    const config: HaproxyAmbassadorConfig = {
      listenAddress: LOOPBACK,
      listenPort,
      healthPort,
      servers,
      balance: p.balance,
      timeouts: { connect: t.connect, client: t.client, server: t.server },
      healthCheck: {
        enabled: h.enabled,
        interval: h.interval,
        fall: h.fall,
        rise: h.rise,
        timeout: h.timeout ?? '2s',
      },
      maxConnections: p.maxConnections,
    };
    const files = pod.addConfigFiles(p.name, { 'haproxy.cfg': renderHaproxyConfig(config) });
    pod.addHelper({
      item: p,
      role: 'ambassador',
      image: 'haproxy',
      args: ['haproxy', '-f', `${CONFIG_DIR}/haproxy.cfg`],
      ports,
      volumeMounts: [{ name: files.volumeName, mountPath: CONFIG_DIR, readOnly: true }],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      ...loopbackProbes(['wget', '-q', '-O', '/dev/null', `http://${LOOPBACK}:${healthPort}${HAPROXY_HEALTH_URI}`]),
    });
    injectLocalAddress(pod, p.envName ?? defaultEnvName(p.name, 'ADDR'), `${LOOPBACK}:${listenPort}`, `${ptr}/envName`);
    for (const s of servers) pod.declareEgress({ port: s.port, protocol: 'TCP', purpose: `server ${s.host}` });
  },
};
