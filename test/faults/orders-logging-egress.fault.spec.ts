// The orders-logging-egress example's pod, run by the pod runner: the real nginx http-egress
// ambassador (Debian nginx, the template rendered with the real envsubst as the image's entrypoint
// does), a Fluent Bit STAND-IN for the log forwarder (no Debian package; test/support/standins/
// fluent-bit.mjs), and a stand-in app. The statsd exporter is NOT run: Debian has no
// statsd_exporter, so the pod's Ready condition here is over the other three containers.
// The one change to the example: the upstream is http://127.0.0.2:8081 (an outside API the test
// runs on the pod's loopback) instead of https://api.payments.example.com, which needs DNS and a
// certificate this machine does not have; name resolution and TLS have their own tests.
// The upstream refuses connections, then answers slowly: the app and the pod stay Ready, the
// ambassador is never restarted, the app gets 502 while the upstream refuses and its answers
// once the upstream is back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBundle } from '../support/validated.js';
import { renderNginxTemplates } from '../support/nginx-entrypoint.js';
import { NODE, PodRunner } from '../support/pod-runner.js';
import { requireProgram, SHARED_DIR } from '../support/programs.js';
import { appStandin, expectReadyThroughout, STANDINS, waitFor } from './fault-support.js';

const request = JSON.parse(readFileSync(join(SHARED_DIR, 'examples', 'orders-logging-egress.json'), 'utf8'));
request.ambassadors[0].upstream = 'http://127.0.0.2:8081';
const SCALE = 0.05;
const POD_RESOLV_CONF = 'nameserver 10.96.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\n';
let runner: PodRunner;

function startUpstream(delayMs: number): void {
  runner.startOutside('api', [NODE, join(STANDINS, 'http-upstream.mjs'), '127.0.0.2', '8081', String(delayMs)]);
}

/** The app calls its ambassador, as it would call PAYMENTS_URL. */
async function appCall(path: string): Promise<{ status?: number; body?: string; error?: string }> {
  const answer = await runner.http(8080, `/http?port=9000&path=${encodeURIComponent(path)}`, { timeoutMs: 20_000 });
  return JSON.parse(answer.body ?? '{}');
}

beforeAll(async () => {
  runner = new PodRunner(composeBundle(request), {
    timeScale: SCALE,
    defaultUser: 1000,
    programs: {
      orders: appStandin({ STANDIN_PORT: '8080', STANDIN_LOG_FILE: '/var/log/orders/app.log' }),
      logs: (c) => ({
        argv: [NODE, join(STANDINS, 'fluent-bit.mjs'), ...c.args!],
        env: { STANDIN_TIME_SCALE: String(SCALE) },
      }),
      // the image's entrypoint renders the templates, then runs its args: nginx (errors to stderr,
      // as the image's build does)
      payments: (c) => ({
        argv: [requireProgram('nginx'), '-e', 'stderr', ...c.args!.slice(1)],
        prepare: (dirs, env) => renderNginxTemplates(env, POD_RESOLV_CONF, (path) => dirs[path]),
      }),
      metrics: () => null,
    },
  });
  await runner.network();
  startUpstream(0);
  await runner.start();
  await runner.waitPodReady(15_000);
}, 30_000);

afterAll(async () => {
  await runner?.stop();
});

describe('orders-logging-egress pod under faults (nginx real; Fluent Bit and the app stand-ins; statsd exporter not run)', () => {
  it('runs every container it can, and says which it cannot', () => {
    expect(runner.notRun()).toEqual(['metrics']);
  });

  it('upstream refusing, then slow: app, ambassador and pod stay Ready; calls work again once it is back', async () => {
    expect(await appCall('/charges/1')).toEqual({ status: 200, body: JSON.stringify({ url: '/charges/1' }) });
    const from = runner.elapsed();
    await runner.stopOutside('api');
    const refused = await appCall('/charges/2');
    expect(refused.status).toBe(502);
    // an outage longer than a few probe periods (scaled): nothing in the pod reacts
    await new Promise((resolve) => setTimeout(resolve, 3000));
    startUpstream(1500);
    await waitFor(async () => (await appCall('/charges/3')).status === 200, 15_000, 'the slow upstream to answer');
    const slow = await Promise.all([1, 2, 3].map((i) => appCall(`/charges/slow-${i}`)));
    expect(slow.map((r) => r.status)).toEqual([200, 200, 200]);
    await runner.stopOutside('api');
    startUpstream(0);
    await waitFor(async () => (await appCall('/charges/4')).status === 200, 15_000, 'the upstream back');
    const to = runner.elapsed();
    expectReadyThroughout(runner, from, to, ['orders', 'payments', 'logs']);
    expect(runner.container('payments').restarts).toBe(0);
    expect(runner.container('logs').restarts).toBe(0);
  }, 60_000);
});
