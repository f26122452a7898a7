// The twemproxy (nutcracker) configuration of the redis-shards ambassador: one server pool that
// listens on loopback and shards keys over the Redis servers.
import { configYaml } from '../config-yaml.js';

export const TWEMPROXY_HASHES = [
  'one_at_a_time',
  'md5',
  'crc16',
  'crc32',
  'crc32a',
  'fnv1_64',
  'fnv1a_64',
  'fnv1_32',
  'fnv1a_32',
  'hsieh',
  'murmur',
  'jenkins',
] as const;
export const TWEMPROXY_DISTRIBUTIONS = ['ketama', 'modula', 'random'] as const;

export interface RedisShard {
  host: string;
  port: number;
  weight: number;
  /** with a name, ketama places the server by name, so it keeps its keys when its address changes */
  name?: string;
}

export interface NutcrackerPoolConfig {
  pool: string;
  listenAddress: string;
  listenPort: number;
  servers: RedisShard[];
  hash: (typeof TWEMPROXY_HASHES)[number];
  hashTag?: string;
  distribution: (typeof TWEMPROXY_DISTRIBUTIONS)[number];
  autoEjectHosts: boolean;
  /** milliseconds */
  serverRetryTimeout: number;
  serverFailureLimit: number;
  /** milliseconds */
  timeout: number;
  serverConnections: number;
  preconnect: boolean;
}

export function renderNutcrackerConfig(c: NutcrackerPoolConfig): string {
  const pool = {
    listen: `${c.listenAddress}:${c.listenPort}`,
    redis: true,
    hash: c.hash,
    ...(c.hashTag ? { hash_tag: c.hashTag } : {}),
    distribution: c.distribution,
    auto_eject_hosts: c.autoEjectHosts,
    // Ejection settings only mean something with auto_eject_hosts; nutcracker accepts them either way.
    server_retry_timeout: c.serverRetryTimeout,
    server_failure_limit: c.serverFailureLimit,
    timeout: c.timeout,
    server_connections: c.serverConnections,
    preconnect: c.preconnect,
    servers: c.servers.map((s) => `${s.host}:${s.port}:${s.weight}${s.name ? ` ${s.name}` : ''}`),
  };
  const header =
    '# redis-shards ambassador: the app talks Redis to the pool below; twemproxy shards keys over the servers.\n';
  return header + configYaml({ [c.pool]: pool });
}
