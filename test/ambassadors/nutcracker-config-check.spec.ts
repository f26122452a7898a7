// Every twemproxy configuration the redis-shards preset generates passes the real
// `nutcracker -t`, for a matrix of parameters.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresetItem } from '../../src/core/model/request.js';
import { TWEMPROXY_DISTRIBUTIONS, TWEMPROXY_HASHES } from '../../src/core/presets/ambassadors/nutcracker-config.js';
import { bundleWithAmbassadors } from '../support/ambassador-bundle.js';
import { configArg, nutcrackerTest } from '../support/ambassador-checks.js';
import { materializeContainer, type ContainerFs } from '../support/container-fs.js';

const opened: ContainerFs[] = [];
afterEach(() => opened.splice(0).forEach((fs) => fs.dispose()));

/** nutcracker -t on the container's own command line; `edit` changes the config first (controls only). */
function nutcrackerCheck(item: PresetItem, edit?: (text: string) => string) {
  const fs = materializeContainer(bundleWithAmbassadors([item]), item.name);
  opened.push(fs);
  const file = configArg(fs, '-c');
  if (edit) writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return nutcrackerTest(fs);
}

const THREE = [
  'redis-0.redis.cache.invalid:6379:1',
  'redis-1.redis.cache.invalid:6379:1',
  'redis-2.redis.cache.invalid:6379:1',
];

const matrix: [string, PresetItem][] = [
  ['one server, defaults', { preset: 'redis-shards', name: 'cache', servers: ['redis.cache.invalid:6379'] }],
  ['several servers, defaults', { preset: 'redis-shards', name: 'redis-proxy', servers: THREE }],
  [
    'several named servers with weights, hash tag, every option set',
    {
      preset: 'redis-shards',
      name: 'sessions',
      listenPort: 16379,
      statsPort: 22223,
      servers: ['10.0.0.10:6379:3 shard-a', '10.0.0.11:6380:1 shard-b', 'redis-2.redis.cache.invalid:6379:2 shard-c'],
      hashTag: '{}',
      autoEjectHosts: false,
      serverRetryTimeout: '2m',
      serverFailureLimit: 5,
      timeout: '250ms',
      serverConnections: 4,
      preconnect: true,
    },
  ],
  ...TWEMPROXY_HASHES.map((hash): [string, PresetItem] => [
    `hash ${hash}`,
    { preset: 'redis-shards', name: 'cache', servers: THREE, hash },
  ]),
  ...TWEMPROXY_DISTRIBUTIONS.map((distribution): [string, PresetItem] => [
    `distribution ${distribution}`,
    { preset: 'redis-shards', name: 'cache', servers: THREE, distribution },
  ]),
];

describe('redis-shards: generated twemproxy configs pass nutcracker -t', () => {
  it.each(matrix)('%s', (_label, item) => {
    const result = nutcrackerCheck(item);
    expect(result.output).toMatch(/configuration file '.*nutcracker\.yml' syntax is ok/);
    expect(result.status).toBe(0);
  });

  it('checks what was generated: a value twemproxy does not know is rejected', () => {
    const result = nutcrackerCheck(matrix[1][1], (text) => text.replace('hash: fnv1a_64', 'hash: fnv1a_65'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/syntax is invalid/);
  });
});
