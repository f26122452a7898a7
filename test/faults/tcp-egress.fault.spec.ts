// A pod with the tcp-egress ambassador (real HAProxy, Debian haproxy) in front of two servers
// outside the pod (real redis-servers, so the app can talk a protocol through it), and a stand-in
// app, run by the pod runner. Every server goes down: the app's connections fail, but the app,
// the ambassador and the pod stay Ready and HAProxy is not restarted; once the servers are back
// the app's calls work again. The health-check interval is 500ms (default 5s) so that HAProxy
// sees the servers back within the test's time (it counts it in real time, not scaled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodRunner } from '../support/pod-runner.js';
import { requireProgram } from '../support/programs.js';
import { appStandin, expectReadyThroughout, waitFor } from './fault-support.js';
import { composeBundle } from '../support/validated.js';

const SERVERS = ['127.0.0.2', '127.0.0.3'];
let runner: PodRunner;

function startServers(): void {
  for (const address of SERVERS)
    runner.startOutside(`db-${address}`, [
      requireProgram('redis-server'),
      '--bind',
      address,
      '--port',
      '6380',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
    ]);
}

async function ping(): Promise<string | undefined> {
  const answer = JSON.parse(
    (await runner.http(8080, `/redis?port=16380&cmd=PING`, { timeoutMs: 10_000 })).body ?? '{}',
  );
  return answer.reply;
}

beforeAll(async () => {
  runner = new PodRunner(
    composeBundle({
      app: {
        name: 'ledger',
        image: 'ghcr.io/acme/ledger:1.0.0',
        ports: [{ name: 'http', containerPort: 8080 }],
        probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
      },
      ambassadors: [
        {
          preset: 'tcp-egress',
          name: 'db',
          servers: SERVERS.map((s) => `${s}:6380`),
          listenPort: 16380,
          healthCheck: { interval: '500ms' },
        },
      ],
      target: { kubernetesVersion: '1.33' },
    }),
    {
      timeScale: 0.05,
      defaultUser: 1000,
      programs: {
        ledger: appStandin({ STANDIN_PORT: '8080' }),
        // the haproxy image's entrypoint runs its args; the program is Debian's haproxy
        db: (c) => ({ argv: [requireProgram('haproxy'), ...c.args!.slice(1)] }),
      },
    },
  );
  await runner.network();
  startServers();
  await runner.start();
  await runner.waitPodReady(15_000);
  await waitFor(async () => (await ping()) === '+PONG', 15_000, `PONG through HAProxy\n${runner.outputs()}`);
}, 40_000);

afterAll(async () => {
  await runner?.stop();
});

describe('tcp-egress pod under faults (HAProxy and redis-server real, app stand-in)', () => {
  it('every server down: app, ambassador and pod stay Ready; calls work again once the servers are back', async () => {
    const from = runner.elapsed();
    for (const address of SERVERS) await runner.stopOutside(`db-${address}`);
    await waitFor(async () => (await ping()) !== '+PONG', 10_000, 'calls to fail while no server is up');
    // several probe periods (scaled) with every server down
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await ping()).not.toBe('+PONG');
    startServers();
    await waitFor(async () => (await ping()) === '+PONG', 15_000, 'PONG once the servers are back');
    const to = runner.elapsed();
    expectReadyThroughout(runner, from, to, ['ledger', 'db']);
    expect(runner.container('db').restarts).toBe(0);
  }, 60_000);
});
