// The HAProxy configuration of the tcp-egress ambassador: one TCP frontend on loopback, one backend
// with health-checked servers, and a small HTTP frontend on loopback that answers the probes.
//
// Server names are resolved through a resolvers section that reads the pod's /etc/resolv.conf,
// with init-addr last,libc,none: a name that does not resolve at start leaves that server down
// until DNS answers, instead of stopping HAProxy (and the pod) from starting.

export const HAPROXY_HEALTH_URI = '/healthz';

export interface HaproxyServer {
  host: string;
  port: number;
}

export interface HaproxyAmbassadorConfig {
  listenAddress: string;
  listenPort: number;
  healthPort: number;
  servers: HaproxyServer[];
  balance: 'roundrobin' | 'leastconn' | 'first' | 'source';
  timeouts: { connect: string; client: string; server: string };
  healthCheck: { enabled: boolean; interval: string; fall: number; rise: number; timeout: string };
  maxConnections: number;
}

export function renderHaproxyConfig(c: HaproxyAmbassadorConfig): string {
  const check = c.healthCheck.enabled
    ? ` check inter ${c.healthCheck.interval} fall ${c.healthCheck.fall} rise ${c.healthCheck.rise}`
    : '';
  const section = (header: string, lines: string[]) => [header, ...lines.map((l) => `    ${l}`), ''];
  return [
    '# tcp-egress ambassador: the app connects to the loopback frontend; HAProxy forwards the TCP',
    '# stream to a healthy server of the backend.',
    ...section('global', ['log stdout format raw local0 info', `maxconn ${c.maxConnections}`]),
    ...section('defaults', [
      'mode tcp',
      `timeout connect ${c.timeouts.connect}`,
      `timeout client ${c.timeouts.client}`,
      `timeout server ${c.timeouts.server}`,
      `timeout check ${c.healthCheck.timeout}`,
      'default-server init-addr last,libc,none resolvers pod-dns',
    ]),
    ...section('resolvers pod-dns', [
      'parse-resolv-conf',
      'resolve_retries 3',
      'timeout resolve 1s',
      'timeout retry 1s',
      'hold valid 10s',
      'hold obsolete 30s',
      'accepted_payload_size 8192',
    ]),
    ...section('frontend health', [
      'mode http',
      `bind ${c.listenAddress}:${c.healthPort}`,
      `monitor-uri ${HAPROXY_HEALTH_URI}`,
    ]),
    ...section('frontend egress', [
      `bind ${c.listenAddress}:${c.listenPort}`,
      'log global',
      'option tcplog',
      'option dontlognull',
      'default_backend upstream',
    ]),
    ...section('backend upstream', [
      `balance ${c.balance}`,
      // A refused or timed-out connect is retried on another server, before checks have noticed.
      'retries 2',
      'option redispatch 1',
      ...c.servers.map((s, i) => `server s${i + 1} ${s.host}:${s.port}${check}`),
    ]),
  ].join('\n');
}
