// The generated HAProxy ambassador, run for real in front of two TCP servers the test starts:
// connections through the loopback frontend reach both, a server that goes away gets no more
// connections and its health check takes it out, and the probe command answers.
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import { bundleWithAmbassadors, containerCommand, runProgram } from '../support/ambassador-bundle.js';
import { materializeContainer, type ContainerFs } from '../support/container-fs.js';
import { containerNamed, podSpecOf } from '../support/pod-template.js';
import { freePorts } from '../support/ports.js';
import { ProcessGroup, waitForPort, type RunningProcess } from '../support/processes.js';
import { requireProgram } from '../support/programs.js';

const processes = new ProcessGroup();
const servers: Server[] = [];
let fs: ContainerFs | undefined;
let bundle: Bundle;
let listenPort: number;
let haproxy: RunningProcess;

/** A TCP server that greets each connection with its name, then echoes. */
function startNamedServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    // HAProxy's health checks connect and reset: nothing to report.
    socket.on('error', () => undefined);
    socket.write(`${name}\n`);
    socket.pipe(socket);
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })),
  );
}

/** Connects through the ambassador and returns the greeting and the echo of `message`. */
function exchange(message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: listenPort });
    let received = '';
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer within 3 s')));
    socket.on('connect', () => socket.write(`${message}\n`));
    socket.on('data', (d) => {
      received += d.toString('utf8');
      if (received.split('\n').length >= 3) socket.end();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  const alpha = await startNamedServer('alpha');
  const beta = await startNamedServer('beta');
  const [listen, health] = await freePorts(2);
  listenPort = listen;
  bundle = bundleWithAmbassadors([
    {
      preset: 'tcp-egress',
      name: 'broker',
      servers: [`127.0.0.1:${alpha.port}`, `127.0.0.1:${beta.port}`],
      listenPort,
      healthPort: health,
      balance: 'roundrobin',
      healthCheck: { interval: '100ms', fall: 1, rise: 1, timeout: '100ms' },
    },
  ]);
  fs = materializeContainer(bundle, 'broker');
  const { program, args } = containerCommand(fs);
  // The haproxy image's entrypoint runs `haproxy -W -db <args>`: master-worker, in the foreground.
  haproxy = processes.start('haproxy', requireProgram(program), ['-W', '-db', ...args]);
  await waitForPort(listenPort, haproxy);
  await waitForPort(health, haproxy);
});

afterAll(async () => {
  await processes.stopAll();
  fs?.dispose();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('tcp-egress end to end (real HAProxy)', () => {
  it('gives the app its address and answers the generated probe command', () => {
    const env = containerNamed(podSpecOf(bundle), 'shop').env ?? [];
    expect(env.find((e) => e.name === 'BROKER_ADDR')?.value).toBe(`127.0.0.1:${listenPort}`);
    const probe = containerNamed(podSpecOf(bundle), 'broker').startupProbe!.exec!.command!;
    expect(runProgram(probe[0], probe.slice(1), 10_000).status).toBe(0);
  });

  it('carries TCP streams both ways and spreads connections over the servers', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await exchange(`ping ${i}`));
    for (const [i, a] of answers.entries()) expect(a).toMatch(new RegExp(`^(alpha|beta)\\nping ${i}\\n$`));
    expect(new Set(answers.map((a) => a.split('\n')[0]))).toEqual(new Set(['alpha', 'beta']));
  });

  it('keeps serving from the other server when one goes away, and its health check takes it out', async () => {
    const beta = servers[1];
    await new Promise((resolve) => beta.close(resolve));
    // A connect refused by beta is redispatched to alpha at once; the checks (every 100 ms) then
    // mark beta down, which HAProxy logs. Both within a bounded wait.
    for (let i = 0; i < 6; i++) expect(await exchange(`after ${i}`)).toBe(`alpha\nafter ${i}\n`);
    const deadline = Date.now() + 5000;
    while (!haproxy.output().includes('upstream/s2 is DOWN') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(haproxy.output()).toMatch(/Server upstream\/s2 is DOWN, reason: Layer4 connection problem/);
    expect(haproxy.output()).not.toMatch(/upstream\/s1 is DOWN/);
  });
});
