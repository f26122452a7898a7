// SIGTERM while a chart request is in flight, against the real process: /readyz turns 503 at once
// (and stays so for SHUTDOWN_DELAY, while the listener still accepts), then new connections are
// refused, the request in flight still completes with its chart, and the process exits 0 well
// within the grace period Kubernetes gives it (terminationGracePeriodSeconds, 30 s by default).
// The request is slow because its client is: it sends half the body, and the rest only after the
// listener has closed.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessGroup } from './support/processes.js';
import { REPO_ROOT } from './support/programs.js';
import { startService, type ServiceProcess } from './support/service-process.js';

const SHUTDOWN_DELAY_MS = 3000;
const GRACE_PERIOD_MS = 30_000;

const processes = new ProcessGroup();
let service: ServiceProcess;

beforeAll(async () => {
  service = await startService(processes, 'service-shutdown', { SHUTDOWN_DELAY: `${SHUTDOWN_DELAY_MS}ms` });
}, 120_000);

afterAll(async () => {
  await processes.stopAll();
});

/** Whether a new TCP connection to the service is accepted, or refused. */
function connects(port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown on SIGTERM', () => {
  it('turns unready at once, refuses new connections after the delay, completes the request in flight with 200 and exits 0', async () => {
    const body = Buffer.from(readFileSync(join(REPO_ROOT, 'examples', 'orders-logging-egress.json'), 'utf8'));
    expect((await fetch(`${service.base}/readyz`)).status).toBe(200);

    // a chart request whose body is half sent
    const req = httpRequest({
      host: '127.0.0.1',
      port: service.port,
      method: 'POST',
      path: '/v1/charts',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    const response = new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.once('error', reject);
    });
    req.write(body.subarray(0, body.length >> 1));
    await sleep(200); // the service has the request's headers and half its body

    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      service.proc.child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const signalled = Date.now();
    process.kill(service.proc.child.pid!, 'SIGTERM');

    // at once: not ready, while still accepting (load balancers take the pod out first)
    let readiness = 0;
    for (let i = 0; i < 50 && readiness !== 503; i++) {
      readiness = (await fetch(`${service.base}/readyz`, { headers: { connection: 'close' } })).status;
      if (readiness !== 503) await sleep(20);
    }
    expect(readiness).toBe(503);
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_DELAY_MS);
    expect((await fetch(`${service.base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);

    // after the delay, the listener is closed: new connections are refused
    let connection: 'accepted' | 'refused' = 'accepted';
    for (let i = 0; i < 200 && connection === 'accepted'; i++) {
      connection = await connects(service.port);
      if (connection === 'accepted') await sleep(25);
    }
    expect(connection).toBe('refused');
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS);
    expect(service.proc.exitCode()).toBeUndefined(); // still draining the request in flight

    // the rest of the body: the request completes with its chart
    req.end(body.subarray(body.length >> 1));
    const { res, body: tarball } = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="orders-0.1.0.tgz"');
    expect(gunzipSync(tarball).toString('latin1')).toContain('orders/Chart.yaml');

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(GRACE_PERIOD_MS);
    const lines = service.lines().map((l) => JSON.parse(l) as { msg: string; route?: string; status?: number });
    expect(lines.filter((l) => l.route === '/v1/charts').map((l) => l.status)).toEqual([200]);
  }, 60_000);
});
