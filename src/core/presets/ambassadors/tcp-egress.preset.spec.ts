import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import type { TargetDto } from '../../request/target.js';
import { renderHaproxyConfig, type HaproxyAmbassadorConfig } from './haproxy-config.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { configMapData, containerNamed, declaredEgress, podSpecOf } from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

const request = (item: Partial<PresetItem> = {}, target: TargetDto = { kubernetesVersion: '1.33' }): BundleRequest => ({
  app: { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] },
  ambassadors: [
    { preset: 'tcp-egress', name: 'orders-db', servers: ['orders-db.abc.eu-west-1.rds.amazonaws.com:5432'], ...item },
  ],
  target,
});
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));

const config = (over: Partial<HaproxyAmbassadorConfig> = {}): HaproxyAmbassadorConfig => ({
  listenAddress: '127.0.0.1',
  listenPort: 5432,
  healthPort: 8404,
  servers: [
    { host: 'db-0.example.com', port: 5432 },
    { host: '10.0.0.7', port: 5433 },
  ],
  balance: 'leastconn',
  timeouts: { connect: '5s', client: '1h', server: '1h' },
  healthCheck: { enabled: true, interval: '5s', fall: 3, rise: 2, timeout: '2s' },
  maxConnections: 1024,
  ...over,
});

describe('renderHaproxyConfig', () => {
  it('binds loopback only: the TCP frontend and the probe frontend', () => {
    const c = renderHaproxyConfig(config());
    expect(c.match(/^\s+bind .*$/gm)).toEqual(['    bind 127.0.0.1:8404', '    bind 127.0.0.1:5432']);
    expect(c).toMatch(/frontend health\n {4}mode http\n {4}bind 127\.0\.0\.1:8404\n {4}monitor-uri \/healthz/);
  });

  it('resolves server names at run time through the pod resolv.conf, never blocking start-up', () => {
    const c = renderHaproxyConfig(config());
    expect(c).toContain('default-server init-addr last,libc,none resolvers pod-dns');
    expect(c).toMatch(/resolvers pod-dns\n {4}parse-resolv-conf/);
  });

  it('lists every server with its health check, timeouts and balance', () => {
    const c = renderHaproxyConfig(
      config({ balance: 'roundrobin', timeouts: { connect: '2s', client: '30m', server: '45m' } }),
    );
    expect(c).toContain(
      '    server s1 db-0.example.com:5432 check inter 5s fall 3 rise 2\n    server s2 10.0.0.7:5433 check inter 5s fall 3 rise 2',
    );
    expect(c).toContain('balance roundrobin');
    expect(c).toContain('timeout connect 2s\n    timeout client 30m\n    timeout server 45m\n    timeout check 2s');
    expect(c).toContain('mode tcp');
    expect(
      renderHaproxyConfig(config({ healthCheck: { enabled: false, interval: '5s', fall: 3, rise: 2, timeout: '2s' } })),
    ).toContain('server s1 db-0.example.com:5432\n');
  });
});

describe('tcp-egress preset', () => {
  it('refuses an envName the app already sets, at envName', () => {
    const req = request({ envName: 'DB' });
    req.app.env = [{ name: 'DB', value: 'x' }];
    expect(failure(req).errors).toEqual([
      { pointer: '/ambassadors/0/envName', detail: expect.stringContaining('already sets env var DB') },
    ]);
  });

  it('listens on the first server port by default and tells the app host:port', () => {
    const bundle = composeBundle(request());
    const spec = podSpecOf(bundle);
    expect(containerNamed(spec, 'orders').env).toEqual([{ name: 'ORDERS_DB_ADDR', value: '127.0.0.1:5432' }]);
    const c = containerNamed(spec, 'orders-db');
    expect(c.image).toBe('docker.io/library/haproxy:3.0.9-alpine');
    expect(c.args).toEqual(['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg']);
    expect(c.ports).toEqual([
      { containerPort: 5432, protocol: 'TCP' },
      { containerPort: 8404, protocol: 'TCP' },
    ]);
    expect(c.securityContext).toMatchObject({ runAsUser: 99, runAsGroup: 99, readOnlyRootFilesystem: true });
    expect(c.volumeMounts).toEqual([{ name: 'orders-db-config', mountPath: '/usr/local/etc/haproxy', readOnly: true }]);
    expect(c.startupProbe!.exec!.command).toEqual(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8404/healthz']);
    expect(configMapData(bundle, 'orders-orders-db')['haproxy.cfg']).toContain('bind 127.0.0.1:5432');
  });

  it('refuses ports that clash, with a pointer to the field that chose them', () => {
    expect(failure(request({ servers: ['legacy.example.com:8080'] })).errors).toEqual([
      { pointer: '/ambassadors/0/servers/0', detail: expect.stringContaining('container "orders"') },
    ]);
    expect(failure(request({ listenPort: 8080 })).errors[0].pointer).toBe('/ambassadors/0/listenPort');
    expect(failure(request({ servers: ['api.example.com:443'] })).errors).toEqual([
      { pointer: '/ambassadors/0/listenPort', detail: expect.stringContaining('set listenPort') },
    ]);
    expect(
      composeBundle(request({ servers: ['api.example.com:443'], listenPort: 8443 })).summary.containers,
    ).toHaveLength(2);
    expect(failure(request({ listenPort: 9000, healthPort: 9000 })).errors).toEqual([
      { pointer: '/ambassadors/0/healthPort', detail: expect.stringContaining('listenPort') },
    ]);
  });

  it('checks servers and parameters', () => {
    expect(failure(request({ servers: [] })).errors[0].pointer).toBe('/ambassadors/0/servers');
    expect(failure(request({ servers: ['db.example.com'] })).errors[0].pointer).toBe('/ambassadors/0/servers');
    expect(failure(request({ servers: ['db.example.com:70000'] })).errors).toEqual([
      { pointer: '/ambassadors/0/servers', detail: expect.stringContaining('1-65535') },
    ]);
    expect(
      failure(request({ balance: 'random', healthCheck: { fall: 0 } }))
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/ambassadors/0/balance', '/ambassadors/0/healthCheck/fall']);
  });

  it('refuses, at its index, a server whose name is longer than DNS allows though each label is short enough', () => {
    // the servers pattern bounds each label only (63 characters); the whole name (253) is checked when it is read
    const host = Array.from({ length: 5 }, (_, i) => `${'abcdefghij'.repeat(6)}${i}`).join('.');
    expect(failure(request({ servers: ['db.example.com:5432', `${host}:5432`] })).errors).toEqual([
      {
        pointer: '/ambassadors/0/servers/1',
        detail: `"${host}:5432" is not host:port (a host name or IPv4 address, then a port 1-65535)`,
      },
    ]);
  });
});

describe('tcp-egress: ports, resources and egress', () => {
  it('listens on a first server port from 1024 up, and says what to do below it', () => {
    expect(
      containerNamed(podSpecOf(composeBundle(request({ servers: ['a.example.com:1024'] }))), 'orders-db').ports,
    ).toEqual([
      { containerPort: 1024, protocol: 'TCP' },
      { containerPort: 8404, protocol: 'TCP' },
    ]);
    expect(failure(request({ servers: ['a.example.com:1023', 'b.example.com:5432'] })).errors).toEqual([
      {
        pointer: '/ambassadors/0/listenPort',
        detail:
          "the first server's port 1023 is below 1024, which the ambassador (not root) cannot listen on; set listenPort (1024-65535)",
      },
    ]);
  });

  it('asks for small resources and reads its config from its own ConfigMap', () => {
    const bundle = composeBundle(request({ listenPort: 6000, healthPort: 8405 }));
    const c = containerNamed(podSpecOf(bundle), 'orders-db');
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(c.startupProbe!.exec!.command).toEqual(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8405/healthz']);
    const cfg = configMapData(bundle, 'orders-orders-db')['haproxy.cfg'];
    expect(cfg).toContain('bind 127.0.0.1:6000');
    expect(cfg).toContain('bind 127.0.0.1:8405');
    expect(containerNamed(podSpecOf(bundle), 'orders').env).toEqual([
      { name: 'ORDERS_DB_ADDR', value: '127.0.0.1:6000' },
    ]);
  });

  it('passes every setting it was given to HAProxy', () => {
    const cfg = configMapData(
      composeBundle(
        request({
          balance: 'source',
          maxConnections: 77,
          timeouts: { connect: '3s', client: '2m', server: '4m' },
          healthCheck: { interval: '7s', fall: 5, rise: 4, timeout: '1s' },
          envName: 'DB',
        }),
      ),
      'orders-orders-db',
    )['haproxy.cfg'];
    for (const line of [
      'balance source',
      'maxconn 77',
      'timeout connect 3s',
      'timeout client 2m',
      'timeout server 4m',
      'timeout check 1s',
      'check inter 7s fall 5 rise 4',
    ])
      expect(cfg).toContain(line);
  });

  it('opens each server port in a restricted NetworkPolicy', () => {
    const req = request({ servers: ['a.example.com:5432', '10.0.0.9:6000'] });
    req.app.networkPolicy = { egress: 'restricted' };
    expect(declaredEgress(composeBundle(req))).toEqual([
      'orders-db 5432/TCP: server a.example.com',
      'orders-db 6000/TCP: server 10.0.0.9',
    ]);
  });
});
