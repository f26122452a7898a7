// The values the request controls, read back from each ambassador's rendered configuration: the
// listen address (loopback for egress ambassadors: the point of an egress ambassador is that
// nothing outside the pod reaches it), and every timeout, size, limit and retry, each set to a value
// no default has, so that a directive fed from the wrong field or hard-coded fails here.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { configMapData } from '../../../../test/support/pod-template.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { renderHaproxyConfig } from './haproxy-config.js';
import { composeBundle } from '../../../../test/support/validated.js';

const request = (item: PresetItem): BundleRequest => ({
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
  ambassadors: [item],
  target: { kubernetesVersion: '1.33' },
});
/** The one file of the ambassador's ConfigMap. */
function configOf(item: PresetItem): string {
  const data = configMapData(composeBundle(request(item)), `orders-${item.name}`);
  expect(Object.keys(data)).toHaveLength(1);
  return Object.values(data)[0]!;
}
/** The trimmed lines of a configuration that start with `directive ` (nginx, HAProxy). */
const directives = (config: string, directive: string) =>
  config
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`${directive} `));

describe('listen addresses of every ambassador', () => {
  it('http-egress listens on 127.0.0.1 only, on listenPort', () => {
    const config = configOf({
      preset: 'http-egress',
      name: 'payments',
      upstream: 'https://api.example.com',
      listenPort: 9123,
    });
    expect(directives(config, 'listen')).toEqual(['listen 127.0.0.1:9123;']);
  });

  it('tcp-egress binds 127.0.0.1 only, for the traffic and the health frontend', () => {
    const config = configOf({
      preset: 'tcp-egress',
      name: 'db',
      servers: ['db.example.com:5432'],
      listenPort: 15432,
      healthPort: 18404,
    });
    expect(directives(config, 'bind')).toEqual(['bind 127.0.0.1:18404', 'bind 127.0.0.1:15432']);
  });

  it('redis-shards listens on 127.0.0.1 only', () => {
    const config = configOf({
      preset: 'redis-shards',
      name: 'cache',
      servers: ['redis-0.example:6379:1'],
      listenPort: 16379,
    });
    expect(parse(config).cache.listen).toBe('127.0.0.1:16379');
  });

  it('reverse-proxy listens on every address of the pod (the Service sends clients to it), TLS or not', () => {
    expect(directives(configOf({ preset: 'reverse-proxy', name: 'edge', listenPort: 8443 }), 'listen')).toEqual([
      'listen 8443;',
    ]);
    expect(
      directives(
        configOf({ preset: 'reverse-proxy', name: 'edge', listenPort: 8443, tls: { secretName: 'edge-tls' } }),
        'listen',
      ),
    ).toEqual(['listen 8443 ssl;']);
  });
});

describe('directives the request controls', () => {
  it('http-egress: timeouts, body size, retries, rate limit', () => {
    const config = configOf({
      preset: 'http-egress',
      name: 'payments',
      upstream: 'https://api.example.com',
      timeouts: { connect: '3s', read: '41s', send: '17s' },
      maxBodySize: '7m',
      retries: { attempts: 4, on: ['error', 'http_503'], nonIdempotent: true },
      rateLimit: { requestsPerSecond: 13, burst: 5 },
    });
    expect(directives(config, 'proxy_connect_timeout')).toEqual(['proxy_connect_timeout 3s;']);
    expect(directives(config, 'proxy_read_timeout')).toEqual(['proxy_read_timeout 41s;']);
    expect(directives(config, 'proxy_send_timeout')).toEqual(['proxy_send_timeout 17s;']);
    expect(directives(config, 'client_max_body_size')).toEqual(['client_max_body_size 7m;']);
    expect(directives(config, 'proxy_next_upstream')).toEqual(['proxy_next_upstream error http_503 non_idempotent;']);
    expect(directives(config, 'proxy_next_upstream_tries')).toEqual(['proxy_next_upstream_tries 4;']);
    expect(directives(config, 'limit_req_zone')).toEqual([
      'limit_req_zone $binary_remote_addr zone=egress:1m rate=13r/s;',
    ]);
    expect(directives(config, 'limit_req')).toEqual(['limit_req zone=egress burst=5 nodelay;']);
  });

  it('http-egress: the defaults as documented (10m body, 60s timeouts, two tries on error and timeout)', () => {
    const config = configOf({ preset: 'http-egress', name: 'payments', upstream: 'https://api.example.com' });
    expect(directives(config, 'client_max_body_size')).toEqual(['client_max_body_size 10m;']);
    expect(directives(config, 'proxy_read_timeout')).toEqual(['proxy_read_timeout 60s;']);
    expect(directives(config, 'proxy_send_timeout')).toEqual(['proxy_send_timeout 60s;']);
    expect(directives(config, 'proxy_next_upstream')).toEqual(['proxy_next_upstream error timeout;']);
    expect(directives(config, 'proxy_next_upstream_tries')).toEqual(['proxy_next_upstream_tries 2;']);
    expect(directives(config, 'limit_req')).toEqual([]);
  });

  it('reverse-proxy: timeouts, body size, rate limit', () => {
    const config = configOf({
      preset: 'reverse-proxy',
      name: 'edge',
      listenPort: 8443,
      timeouts: { connect: '4s', read: '33s', send: '21s' },
      maxBodySize: '3m',
      rateLimit: { requestsPerSecond: 9, burst: 2 },
    });
    expect(directives(config, 'proxy_connect_timeout')).toEqual(['proxy_connect_timeout 4s;']);
    expect(directives(config, 'proxy_read_timeout')).toEqual(['proxy_read_timeout 33s;']);
    expect(directives(config, 'proxy_send_timeout')).toEqual(['proxy_send_timeout 21s;']);
    expect(directives(config, 'client_max_body_size')).toEqual(['client_max_body_size 3m;']);
    expect(directives(config, 'limit_req_zone')).toEqual([
      'limit_req_zone $binary_remote_addr zone=per_client:10m rate=9r/s;',
    ]);
    expect(directives(config, 'limit_req')).toEqual(['limit_req zone=per_client burst=2 nodelay;']);
  });

  it('tcp-egress: timeouts, health checks, connection limit, balance', () => {
    const config = configOf({
      preset: 'tcp-egress',
      name: 'db',
      servers: ['db-a.example.com:5432', 'db-b.example.com:5433'],
      listenPort: 15432,
      timeouts: { connect: '7s', client: '50m', server: '40m' },
      healthCheck: { interval: '11s', fall: 6, rise: 4, timeout: '3s' },
      maxConnections: 333,
      balance: 'roundrobin',
    });
    expect(directives(config, 'timeout')).toEqual([
      'timeout connect 7s',
      'timeout client 50m',
      'timeout server 40m',
      'timeout check 3s',
      'timeout resolve 1s',
      'timeout retry 1s',
    ]);
    expect(directives(config, 'maxconn')).toEqual(['maxconn 333']);
    expect(directives(config, 'balance')).toEqual(['balance roundrobin']);
    expect(directives(config, 'server')).toEqual([
      'server s1 db-a.example.com:5432 check inter 11s fall 6 rise 4',
      'server s2 db-b.example.com:5433 check inter 11s fall 6 rise 4',
    ]);
    const unchecked = configOf({
      preset: 'tcp-egress',
      name: 'db',
      servers: ['db-a.example.com:5432'],
      listenPort: 15432,
      healthCheck: { enabled: false },
    });
    expect(directives(unchecked, 'server')).toEqual(['server s1 db-a.example.com:5432']);
  });

  it('redis-shards: hashing, ejection, timeouts, connections', () => {
    const config = configOf({
      preset: 'redis-shards',
      name: 'cache',
      servers: ['redis-0.example:6379:3 first', 'redis-1.example:6380'],
      listenPort: 16379,
      hash: 'murmur',
      hashTag: '{}',
      distribution: 'modula',
      autoEjectHosts: false,
      serverRetryTimeout: '45s',
      serverFailureLimit: 5,
      timeout: '3s',
      serverConnections: 4,
      preconnect: true,
    });
    expect(parse(config)).toEqual({
      cache: {
        listen: '127.0.0.1:16379',
        redis: true,
        hash: 'murmur',
        hash_tag: '{}',
        distribution: 'modula',
        auto_eject_hosts: false,
        server_retry_timeout: 45000,
        server_failure_limit: 5,
        timeout: 3000,
        server_connections: 4,
        preconnect: true,
        servers: ['redis-0.example:6379:3 first', 'redis-1.example:6380:1'],
      },
    });
  });
});

describe('ports of ambassadors in the pod', () => {
  const clash = (items: PresetItem[]) =>
    invalidRequestOf(() => composeBundle({ ...request(items[0]!), ambassadors: items })).errors.map((e) => e.pointer);

  it('refuses a listen or health port the app or another ambassador already uses, at that field', () => {
    expect(clash([{ preset: 'tcp-egress', name: 'db', servers: ['db.example.com:5432'], listenPort: 8080 }])).toEqual([
      '/ambassadors/0/listenPort',
    ]);
    expect(clash([{ preset: 'redis-shards', name: 'cache', servers: ['r.example:6379'], statsPort: 8080 }])).toEqual([
      '/ambassadors/0/statsPort',
    ]);
    expect(
      clash([
        { preset: 'tcp-egress', name: 'db', servers: ['db.example.com:5432'], listenPort: 15432 },
        { preset: 'redis-shards', name: 'cache', servers: ['r.example:6379'], listenPort: 8404 },
      ]),
    ).toEqual(['/ambassadors/1/listenPort']);
    expect(clash([{ preset: 'reverse-proxy', name: 'edge', listenPort: 8080 }])).toEqual(['/ambassadors/0/listenPort']);
  });
});

describe('the whole HAProxy configuration (haproxy -c reads it in test/ambassadors)', () => {
  it('is exactly these lines for one server', () => {
    const config = renderHaproxyConfig({
      listenAddress: '127.0.0.1',
      listenPort: 15432,
      healthPort: 18404,
      servers: [{ host: 'db-a.example.com', port: 5432 }],
      balance: 'first',
      timeouts: { connect: '7s', client: '50m', server: '40m' },
      healthCheck: { enabled: true, interval: '11s', fall: 6, rise: 4, timeout: '3s' },
      maxConnections: 333,
    });
    expect(config.split('\n')).toEqual([
      '# tcp-egress ambassador: the app connects to the loopback frontend; HAProxy forwards the TCP',
      '# stream to a healthy server of the backend.',
      'global',
      '    log stdout format raw local0 info',
      '    maxconn 333',
      '',
      'defaults',
      '    mode tcp',
      '    timeout connect 7s',
      '    timeout client 50m',
      '    timeout server 40m',
      '    timeout check 3s',
      '    default-server init-addr last,libc,none resolvers pod-dns',
      '',
      'resolvers pod-dns',
      '    parse-resolv-conf',
      '    resolve_retries 3',
      '    timeout resolve 1s',
      '    timeout retry 1s',
      '    hold valid 10s',
      '    hold obsolete 30s',
      '    accepted_payload_size 8192',
      '',
      'frontend health',
      '    mode http',
      '    bind 127.0.0.1:18404',
      '    monitor-uri /healthz',
      '',
      'frontend egress',
      '    bind 127.0.0.1:15432',
      '    log global',
      '    option tcplog',
      '    option dontlognull',
      '    default_backend upstream',
      '',
      'backend upstream',
      '    balance first',
      '    retries 2',
      '    option redispatch 1',
      '    server s1 db-a.example.com:5432 check inter 11s fall 6 rise 4',
      '',
    ]);
  });
});
