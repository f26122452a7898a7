// The generated twemproxy ambassador, run for real in front of two local redis-servers: keys
// written through the proxy land on both shards, and read back through it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import { bundleWithAmbassadors, containerCommand, runProgram } from '../support/ambassador-bundle.js';
import { materializeContainer, type ContainerFs } from '../support/container-fs.js';
import { containerNamed, podSpecOf } from '../support/pod-template.js';
import { freePorts } from '../support/ports.js';
import { ProcessGroup, waitForPort } from '../support/processes.js';
import { requireProgram } from '../support/programs.js';

const KEYS = 200;
const processes = new ProcessGroup();
let dataDir: string;
let fs: ContainerFs | undefined;
let bundle: Bundle;
let shardPorts: number[];
let proxyPort: number;

/** redis-cli with commands on stdin, one per line; the replies, one per line. */
function redis(port: number, commands: string[]): string[] {
  const r = spawnSync(requireProgram('redis-cli'), ['-h', '127.0.0.1', '-p', String(port)], {
    input: commands.join('\n') + '\n',
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.status !== 0) throw new Error(`redis-cli -p ${port} failed: ${r.stderr}`);
  return r.stdout.trimEnd().split('\n');
}

beforeAll(async () => {
  const ports = await freePorts(4);
  shardPorts = ports.slice(0, 2);
  proxyPort = ports[2];
  dataDir = mkdtempSync(join(tmpdir(), 'redis-shards-'));
  for (const port of shardPorts) {
    const server = processes.start(`redis-${port}`, requireProgram('redis-server'), [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
      '--daemonize',
      'no',
    ]);
    await waitForPort(port, server);
  }
  bundle = bundleWithAmbassadors([
    {
      preset: 'redis-shards',
      name: 'redis-proxy',
      listenPort: proxyPort,
      statsPort: ports[3],
      servers: [`127.0.0.1:${shardPorts[0]}:1 shard-a`, `127.0.0.1:${shardPorts[1]}:1 shard-b`],
    },
  ]);
  fs = materializeContainer(bundle, 'redis-proxy');
  const { program, args } = containerCommand(fs);
  const proxy = processes.start('nutcracker', requireProgram(program), args);
  await waitForPort(proxyPort, proxy);
});

afterAll(async () => {
  await processes.stopAll();
  fs?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('redis-shards end to end (real twemproxy and redis-server)', () => {
  it('gives the app the proxy address and answers the generated probe command', () => {
    const env = containerNamed(podSpecOf(bundle), 'shop').env ?? [];
    expect(env.find((e) => e.name === 'REDIS_PROXY_ADDR')?.value).toBe(`127.0.0.1:${proxyPort}`);
    const probe = containerNamed(podSpecOf(bundle), 'redis-proxy').startupProbe!.exec!.command!;
    expect(runProgram(probe[0], probe.slice(1), 10_000).status).toBe(0);
  });

  it('spreads keys set through the proxy over both servers and reads them back', () => {
    const keys = Array.from({ length: KEYS }, (_, i) => `session:${i}`);
    const replies = redis(
      proxyPort,
      keys.map((k, i) => `SET ${k} value-${i}`),
    );
    expect(replies).toEqual(keys.map(() => 'OK'));

    const sizes = shardPorts.map((port) => Number(redis(port, ['DBSIZE'])[0]));
    expect(sizes[0] + sizes[1]).toBe(KEYS);
    // Consistent hashing with equal weights: each shard holds a real share, not a stray key.
    for (const size of sizes) expect(size).toBeGreaterThan(KEYS / 5);

    expect(redis(proxyPort, ['GET session:0', `GET session:${KEYS - 1}`])).toEqual(['value-0', `value-${KEYS - 1}`]);
  });
});
