import { describe, expect, it } from 'vitest';
import { renderNutcrackerConfig } from './nutcracker-config.js';

describe('renderNutcrackerConfig', () => {
  it('writes the whole pool, a long server line kept on one line (twemproxy reads one server per item)', () => {
    // 64 + 15 + 11 characters: past the 80 columns at which a YAML writer folds a plain scalar
    const host = `redis-shard-0.redis-shards-headless-service.caching-namespace.svc.cluster.local`;
    const text = renderNutcrackerConfig({
      pool: 'sessions',
      listenAddress: '127.0.0.1',
      listenPort: 22121,
      servers: [
        { host, port: 6379, weight: 2, name: 'shard-zero' },
        { host: 'redis-1', port: 6380, weight: 1 },
      ],
      hash: 'murmur',
      hashTag: '{}',
      distribution: 'modula',
      autoEjectHosts: true,
      serverRetryTimeout: 30_000,
      serverFailureLimit: 3,
      timeout: 400,
      serverConnections: 2,
      preconnect: true,
    });
    expect(text).toBe(
      [
        '# redis-shards ambassador: the app talks Redis to the pool below; twemproxy shards keys over the servers.',
        'sessions:',
        '  listen: 127.0.0.1:22121',
        '  redis: true',
        '  hash: murmur',
        '  hash_tag: "{}"',
        '  distribution: modula',
        '  auto_eject_hosts: true',
        '  server_retry_timeout: 30000',
        '  server_failure_limit: 3',
        '  timeout: 400',
        '  server_connections: 2',
        '  preconnect: true',
        '  servers:',
        `    - ${host}:6379:2 shard-zero`,
        '    - redis-1:6380:1',
        '',
      ].join('\n'),
    );
  });

  it('leaves hash_tag out when the request has none', () => {
    const text = renderNutcrackerConfig({
      pool: 'p',
      listenAddress: '127.0.0.1',
      listenPort: 22121,
      servers: [{ host: 'r', port: 6379, weight: 1 }],
      hash: 'fnv1a_64',
      distribution: 'ketama',
      autoEjectHosts: false,
      serverRetryTimeout: 1,
      serverFailureLimit: 1,
      timeout: 1,
      serverConnections: 1,
      preconnect: false,
    });
    expect(text).not.toContain('hash_tag');
    expect(text).toContain('\n  hash: fnv1a_64\n  distribution: ketama\n  auto_eject_hosts: false\n');
  });
});
