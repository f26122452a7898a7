import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { renderNutcrackerConfig } from './nutcracker-config.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { configMapData, containerNamed, declaredEgress, podSpecOf } from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

const request = (item: Partial<PresetItem> = {}): BundleRequest => ({
  app: {
    name: 'session-api',
    image: 'ghcr.io/acme/session-api:2.0.0',
    ports: [{ name: 'http', containerPort: 3000 }],
    env: [{ name: 'REDIS_URL', value: 'redis://127.0.0.1:6379' }],
  },
  ambassadors: [
    {
      preset: 'redis-shards',
      name: 'redis-proxy',
      servers: ['redis-0.redis.cache.svc:6379:1', 'redis-1.redis.cache.svc:6379:1'],
      ...item,
    },
  ],
  target: { kubernetesVersion: '1.33' },
});
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));
const pool = (req: BundleRequest) =>
  parse(configMapData(composeBundle(req), 'session-api-redis-proxy')['nutcracker.yml'])['redis-proxy'];

describe('renderNutcrackerConfig', () => {
  it('writes one pool as YAML with servers host:port:weight [name]', () => {
    const text = renderNutcrackerConfig({
      pool: 'cache',
      listenAddress: '127.0.0.1',
      listenPort: 6379,
      hash: 'fnv1a_64',
      hashTag: '{}',
      distribution: 'ketama',
      autoEjectHosts: true,
      serverRetryTimeout: 30000,
      serverFailureLimit: 2,
      timeout: 400,
      serverConnections: 1,
      preconnect: false,
      servers: [
        { host: '10.0.0.1', port: 6379, weight: 2, name: 'a' },
        { host: 'redis-1', port: 6380, weight: 1 },
      ],
    });
    expect(parse(text)).toEqual({
      cache: {
        listen: '127.0.0.1:6379',
        redis: true,
        hash: 'fnv1a_64',
        hash_tag: '{}',
        distribution: 'ketama',
        auto_eject_hosts: true,
        server_retry_timeout: 30000,
        server_failure_limit: 2,
        timeout: 400,
        server_connections: 1,
        preconnect: false,
        servers: ['10.0.0.1:6379:2 a', 'redis-1:6380:1'],
      },
    });
  });
});

describe('redis-shards preset', () => {
  it('defaults to 127.0.0.1:6379, fnv1a_64, ketama, auto-eject, and gives the app <NAME>_ADDR', () => {
    expect(pool(request())).toMatchObject({
      listen: '127.0.0.1:6379',
      hash: 'fnv1a_64',
      distribution: 'ketama',
      auto_eject_hosts: true,
      servers: ['redis-0.redis.cache.svc:6379:1', 'redis-1.redis.cache.svc:6379:1'],
    });
    const spec = podSpecOf(composeBundle(request()));
    expect(containerNamed(spec, 'session-api').env).toContainEqual({
      name: 'REDIS_PROXY_ADDR',
      value: '127.0.0.1:6379',
    });
  });

  it('runs nutcracker with its stats on loopback too, both ports declared', () => {
    const c = containerNamed(podSpecOf(composeBundle(request({ statsPort: 22300 }))), 'redis-proxy');
    expect(c.command).toEqual([
      'nutcracker',
      '-c',
      '/etc/nutcracker/nutcracker.yml',
      '-a',
      '127.0.0.1',
      '-s',
      '22300',
      '-o',
      '/dev/stderr',
    ]);
    expect(c.ports).toEqual([
      { containerPort: 6379, protocol: 'TCP' },
      { containerPort: 22300, protocol: 'TCP' },
    ]);
    expect(c.securityContext).toMatchObject({ runAsUser: 1001, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(c.startupProbe!.exec!.command).toEqual(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/6379']);
  });

  it('takes weights (default 1), names, durations in milliseconds and the other options', () => {
    const p = pool(
      request({
        servers: ['10.0.0.10:6379:3 shard-a', '10.0.0.11:6379 shard-b', 'redis-2.redis.cache.svc:6379'],
        hash: 'murmur',
        hashTag: '{}',
        distribution: 'modula',
        autoEjectHosts: false,
        serverRetryTimeout: '2m',
        timeout: '250ms',
        serverFailureLimit: 5,
        serverConnections: 4,
        preconnect: true,
      }),
    );
    expect(p).toEqual({
      listen: '127.0.0.1:6379',
      redis: true,
      hash: 'murmur',
      hash_tag: '{}',
      distribution: 'modula',
      auto_eject_hosts: false,
      server_retry_timeout: 120000,
      server_failure_limit: 5,
      timeout: 250,
      server_connections: 4,
      preconnect: true,
      servers: ['10.0.0.10:6379:3 shard-a', '10.0.0.11:6379:1 shard-b', 'redis-2.redis.cache.svc:6379:1'],
    });
  });

  it('refuses duplicate servers or names, bad entries and clashing ports', () => {
    expect(failure(request({ servers: ['a.example.com:6379:1', 'a.example.com:6379:2'] })).errors).toEqual([
      { pointer: '/ambassadors/0/servers/1', detail: expect.stringContaining('/ambassadors/0/servers/0') },
    ]);
    expect(failure(request({ servers: ['a.example.com:6379:1 s', 'b.example.com:6379:1 s'] })).errors[0].pointer).toBe(
      '/ambassadors/0/servers/1',
    );
    expect(failure(request({ servers: ['a.example.com:6379:0'] })).errors).toEqual([
      { pointer: '/ambassadors/0/servers', detail: expect.stringContaining('weight 1-99999') },
    ]);
    expect(failure(request({ servers: ['redis://a.example.com:6379'] })).errors[0].pointer).toBe(
      '/ambassadors/0/servers',
    );
    expect(failure(request({ listenPort: 3000 })).errors).toEqual([
      { pointer: '/ambassadors/0/listenPort', detail: expect.stringContaining('container "session-api"') },
    ]);
    expect(failure(request({ statsPort: 6379 })).errors[0].pointer).toBe('/ambassadors/0/statsPort');
    expect(
      failure(request({ hash: 'sha1', hashTag: '{' }))
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/ambassadors/0/hash', '/ambassadors/0/hashTag']);
  });
});

describe('redis-shards: identities, resources and egress', () => {
  it('names the earlier server an address or a name repeats, whole', () => {
    expect(
      failure(request({ servers: ['a.example.com:6379:1', 'b.example.com:6379', 'a.example.com:6379:2'] })).errors,
    ).toEqual([
      {
        pointer: '/ambassadors/0/servers/2',
        detail: '"a.example.com:6379" is already /ambassadors/0/servers/0; each server needs its own address and name',
      },
    ]);
    expect(failure(request({ servers: ['a.example.com:6379 s', 'b.example.com:6380 s'] })).errors).toEqual([
      {
        pointer: '/ambassadors/0/servers/1',
        detail: '"s" is already /ambassadors/0/servers/0; each server needs its own address and name',
      },
    ]);
    // one address twice under two names is two servers to twemproxy
    expect(pool(request({ servers: ['a.example.com:6379 s1', 'a.example.com:6379 s2'] })).servers).toEqual([
      'a.example.com:6379:1 s1',
      'a.example.com:6379:1 s2',
    ]);
  });

  it('refuses an envName the app already sets, at envName', () => {
    const req = request({ envName: 'CACHE' });
    req.app.env = [{ name: 'CACHE', value: 'x' }];
    expect(failure(req).errors.map((e) => e.pointer)).toEqual(['/ambassadors/0/envName']);
  });

  it('leaves the hash tag out unless given, and times out after one second by default', () => {
    const p = pool(request());
    expect(p).not.toHaveProperty('hash_tag');
    expect(p).toMatchObject({ timeout: 1000, server_retry_timeout: 30000, server_connections: 1, preconnect: false });
  });

  it('asks for small resources and gives the app the local address under its own name or envName', () => {
    const spec = podSpecOf(composeBundle(request({ listenPort: 7000, envName: 'CACHE' })));
    const c = containerNamed(spec, 'redis-proxy');
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } });
    expect(c.volumeMounts).toEqual([{ name: 'redis-proxy-config', mountPath: '/etc/nutcracker', readOnly: true }]);
    expect(c.startupProbe!.exec!.command).toEqual(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/7000']);
    expect(containerNamed(spec, 'session-api').env).toContainEqual({ name: 'CACHE', value: '127.0.0.1:7000' });
  });

  it('opens each shard port in a restricted NetworkPolicy', () => {
    const req = request({ servers: ['a.example.com:6379:2 one', '10.0.0.9:6380'] });
    req.app.networkPolicy = { egress: 'restricted' };
    expect(declaredEgress(composeBundle(req))).toEqual([
      'redis-proxy 6379/TCP: shard a.example.com',
      'redis-proxy 6380/TCP: shard 10.0.0.9',
    ]);
  });
});
