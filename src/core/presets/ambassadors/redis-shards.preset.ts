// Ambassador: twemproxy (nutcracker) on 127.0.0.1 shards the app's Redis keys over several Redis
// servers, so the app talks to one local "Redis" and knows nothing of the shards.
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { InvalidRequestError } from '../../model/errors.js';
import { PresetParams, type Preset } from '../preset.js';
import { ENV_NAME, HOST, PORT_NUMBER } from '../../model/grammars.js';
import {
  claimPorts,
  defaultEnvName,
  DURATION,
  DURATION_MESSAGE,
  durationMs,
  injectLocalAddress,
  LOOPBACK,
  loopbackProbes,
  parseHostPort,
} from './loopback.js';
import {
  renderNutcrackerConfig,
  TWEMPROXY_DISTRIBUTIONS,
  TWEMPROXY_HASHES,
  type RedisShard,
} from './nutcracker-config.js';
import { Doc } from '../../model/validators.js';

/** host:port[:weight][ name], weight 1-99999 */
const SHARD = new RegExp(`^(${HOST}:${PORT_NUMBER})(?::([1-9][0-9]{0,4}))?(?: ([A-Za-z0-9_.-]{1,64}))?$`);

export class RedisShardsParams extends PresetParams {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(256)
  @IsString({ each: true })
  @Matches(SHARD, {
    each: true,
    message:
      'each of $property must be "host:port:weight" (a host name or IPv4 address, a port 1-65535, a weight 1-99999; weight defaults to 1), optionally followed by a space and a name',
  })
  @Doc('Redis servers as "host:port:weight", optionally followed by " name" (weight defaults to 1)')
  servers: string[];

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc('port on 127.0.0.1 the app talks Redis to')
  listenPort: number = 6379;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("twemproxy's stats port (JSON), on 127.0.0.1 too")
  statsPort: number = 22222;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(ENV_NAME, { message: '$property must be an upper-case env var name such as REDIS_PROXY_ADDR' })
  @Doc('env var that gives the app the local address host:port (default: <NAME>_ADDR)')
  envName?: string;

  @IsOptional()
  @IsIn(TWEMPROXY_HASHES)
  @Doc('hash function for keys')
  hash: (typeof TWEMPROXY_HASHES)[number] = 'fnv1a_64';

  @IsOptional()
  @IsString()
  @Matches(/^[!-~]{2}$/, { message: '$property must be two printable ASCII characters such as {}' })
  @Doc(
    'two characters (printable ASCII: twemproxy takes exactly two bytes); only the part of a key between them is hashed, e.g. "{}" keeps user:{42}:a and user:{42}:b together',
  )
  hashTag?: string;

  @IsOptional()
  @IsIn(TWEMPROXY_DISTRIBUTIONS)
  @Doc('how hashes map to servers (ketama: consistent hashing)')
  distribution: (typeof TWEMPROXY_DISTRIBUTIONS)[number] = 'ketama';

  @IsOptional()
  @IsBoolean()
  @Doc('take a failing server out of the ring (its keys move to the others)')
  autoEjectHosts: boolean = true;

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc('how long an ejected server stays out')
  serverRetryTimeout: string = '30s';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc('consecutive failures that eject a server')
  serverFailureLimit: number = 2;

  @IsOptional()
  @IsString()
  @Matches(DURATION, { message: DURATION_MESSAGE })
  @Doc("how long to wait for a server's reply")
  timeout?: string = '1s';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  @Doc('connections to each server')
  serverConnections: number = 1;

  @IsOptional()
  @IsBoolean()
  @Doc('connect to every server at start instead of on first use')
  preconnect: boolean = false;
}

const CONFIG_DIR = '/etc/nutcracker';

export const redisShardsPreset: Preset<RedisShardsParams> = {
  kind: 'ambassador',
  id: 'redis-shards',
  title: 'Redis shards (twemproxy)',
  description:
    'twemproxy (nutcracker) on 127.0.0.1: the app talks Redis to 127.0.0.1:<listenPort> (given in <NAME>_ADDR) and the keys are sharded over the servers by consistent hashing. Not every Redis command passes a sharding proxy: no MULTI/EXEC, pub/sub, blocking pops or SELECT; multi-key commands need a hashTag. twemproxy has no official image: the default (the Bitnami image, now in bitnamilegacy) is no longer updated, so set image to a maintained build that has nutcracker and bash on PATH and runs as uid 1001.',
  params: RedisShardsParams,
  example: {
    preset: 'redis-shards',
    name: 'redis-proxy',
    listenPort: 6379,
    servers: ['redis-0.redis.cache.svc:6379:1', 'redis-1.redis.cache.svc:6379:1', 'redis-2.redis.cache.svc:6379:1'],
  },
  apply(pod, p, ctx) {
    const ptr = ctx.pointer;
    const servers = parseShards(p.servers, ptr);
    const listenPort = p.listenPort;
    const statsPort = p.statsPort;
    const ports = claimPorts(pod, [
      { port: listenPort, pointer: `${ptr}/listenPort` },
      { port: statsPort, pointer: `${ptr}/statsPort` },
    ]);
    const yaml = renderNutcrackerConfig({
      pool: p.name,
      listenAddress: LOOPBACK,
      listenPort,
      servers,
      hash: p.hash,
      ...(p.hashTag ? { hashTag: p.hashTag } : {}),
      distribution: p.distribution,
      autoEjectHosts: p.autoEjectHosts,
      serverRetryTimeout: durationMs(p.serverRetryTimeout),
      serverFailureLimit: p.serverFailureLimit,
      timeout: durationMs(p.timeout ?? '1s'),
      serverConnections: p.serverConnections,
      preconnect: p.preconnect,
    });
    const files = pod.addConfigFiles(p.name, { 'nutcracker.yml': yaml });
    pod.addHelper({
      item: p,
      role: 'ambassador',
      image: 'twemproxy',
      // command, not args: the program itself, without the image's setup scripts
      command: [
        'nutcracker',
        '-c',
        `${CONFIG_DIR}/nutcracker.yml`,
        '-a',
        LOOPBACK,
        '-s',
        String(statsPort),
        '-o',
        '/dev/stderr',
      ],
      ports,
      volumeMounts: [{ name: files.volumeName, mountPath: CONFIG_DIR, readOnly: true }],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
      ...loopbackProbes(['bash', '-c', `exec 3<>/dev/tcp/${LOOPBACK}/${listenPort}`]),
    });
    injectLocalAddress(pod, p.envName ?? defaultEnvName(p.name, 'ADDR'), `${LOOPBACK}:${listenPort}`, `${ptr}/envName`);
    for (const s of servers) pod.declareEgress({ port: s.port, protocol: 'TCP', purpose: `shard ${s.host}` });
  },
};

function parseShards(list: string[], ptr: string): RedisShard[] {
  const names = new Map<string, number>();
  return list.map((entry, i) => {
    const at = `${ptr}/servers/${i}`;
    // (the entry matches SHARD: host:port[:weight][ name])
    const [address, name] = entry.split(' ') as [string, string | undefined];
    const [hostName, portText, weightText] = address.split(':');
    const { host, port } = parseHostPort(`${hostName}:${portText}`, at);
    const weight = weightText === undefined ? 1 : Number(weightText);
    // twemproxy identifies a server by its name, or host:port without one: both must be unique.
    const identity = name ?? `${host}:${port}`;
    const earlier = names.get(identity);
    if (earlier !== undefined) {
      throw new InvalidRequestError([
        {
          pointer: at,
          detail: `"${identity}" is already ${ptr}/servers/${earlier}; each server needs its own address and name`,
        },
      ]);
    }
    names.set(identity, i);
    return { host, port, weight, ...(name ? { name } : {}) };
  });
}
