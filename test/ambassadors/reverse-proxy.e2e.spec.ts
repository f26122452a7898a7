// The generated reverse proxy run for real: nginx in front of two small app servers on this
// machine. It forwards with the forwarding headers and a request id, keeps encoded paths byte for
// byte, sends a route to a second local port, answers 413 beyond maxBodySize and 429 beyond the
// per-client rate, terminates TLS with a throwaway certificate, answers its own health path without
// the app, and logs one JSON object per request on stdout.
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import type { PresetItem } from '../../src/core/model/request.js';
import type { ContainerFs } from '../support/container-fs.js';
import { containerNamed, podSpecOf } from '../support/pod-template.js';
import { freePorts } from '../support/ports.js';
import { ProcessGroup, type RunningProcess } from '../support/processes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-http-server.js';
import { send, startReverseProxy, throwawayCertificate } from '../support/reverse-proxy.js';
import { composeBundle } from '../support/validated.js';

const HOST = 'shop.example.test';
const processes = new ProcessGroup();
const layouts: ContainerFs[] = [];
let app: RecordingServer;
let admin: RecordingServer;
let cert: { cert: string; key: string };
let edgePort: number;
let limitedPort: number;
let securePort: number;
let downPort: number;
let edge: RunningProcess;
let edgeBundle: Bundle;

function bundleFor(item: PresetItem): Bundle {
  return composeBundle({
    app: {
      name: 'shop',
      image: 'ghcr.io/acme/shop:1.0.0',
      ports: [
        { name: 'http', containerPort: app.port },
        { name: 'admin', containerPort: admin.port, expose: false },
      ],
    },
    ambassadors: [item],
    target: { kubernetesVersion: '1.33' },
  });
}

async function start(item: PresetItem & { listenPort: number }): Promise<{ bundle: Bundle; nginx: RunningProcess }> {
  const bundle = bundleFor(item);
  const { fs, nginx } = await startReverseProxy(processes, bundle, item.name, item.listenPort, {
    'shop-tls': { 'tls.crt': cert.cert, 'tls.key': cert.key },
  });
  layouts.push(fs);
  return { bundle, nginx };
}

beforeAll(async () => {
  app = await startRecordingServer('app');
  admin = await startRecordingServer('admin');
  cert = throwawayCertificate(HOST);
  [edgePort, limitedPort, securePort, downPort] = await freePorts(4);
  const [closedPort] = await freePorts(1);
  ({ bundle: edgeBundle, nginx: edge } = await start({
    preset: 'reverse-proxy',
    name: 'edge',
    listenPort: edgePort,
    maxBodySize: '1k',
    routes: [{ pathPrefix: '/admin/', targetPort: 'admin' }],
  }));
  await start({
    preset: 'reverse-proxy',
    name: 'limited',
    listenPort: limitedPort,
    rateLimit: { requestsPerSecond: 1, burst: 2 },
  });
  await start({ preset: 'reverse-proxy', name: 'secure', listenPort: securePort, tls: { secretName: 'shop-tls' } });
  // a proxy whose app is not there at all: its health path must still answer
  await start({ preset: 'reverse-proxy', name: 'lonely', listenPort: downPort, targetPort: closedPort });
});

afterAll(async () => {
  await processes.stopAll();
  layouts.forEach((fs) => fs.dispose());
  await app?.close();
  await admin?.close();
});

describe('reverse-proxy end to end (real nginx)', () => {
  it('forwards to the app on 127.0.0.1 with X-Forwarded-For/-Proto/-Host and a fresh X-Request-Id', async () => {
    const res = await send(edgePort, '/orders/7?expand=items', {
      headers: { host: HOST, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ server: 'app', url: '/orders/7?expand=items' });
    const seen = app.requests.at(-1)!.headers;
    expect(seen['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(HOST);
    expect(seen.host).toBe(HOST);
    expect(seen['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-request-id']).toBe(seen['x-request-id']);
  });

  it("passes the client's X-Request-Id on unchanged", async () => {
    const res = await send(edgePort, '/ping', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.status).toBe(200);
    expect(app.requests.at(-1)!.headers['x-request-id']).toBe('req-abc-123');
    expect(res.headers['x-request-id']).toBe('req-abc-123');
  });

  it('keeps encoded paths byte for byte, on the default route and on a route', async () => {
    await send(edgePort, '/files/a%2Fb/%7Euser/x%20y?q=%2F');
    expect(app.requests.at(-1)!.url).toBe('/files/a%2Fb/%7Euser/x%20y?q=%2F');
    const res = await send(edgePort, '/admin/keys/a%2Fb');
    expect(JSON.parse(res.body)).toEqual({ server: 'admin', url: '/admin/keys/a%2Fb' });
  });

  it("sends a path prefix to a second local port (the app's admin port, by name)", async () => {
    const before = app.requests.length;
    const res = await send(edgePort, '/admin/stats');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ server: 'admin', url: '/admin/stats' });
    expect(app.requests.length).toBe(before);
    // the same prefix without the trailing slash is the app's
    expect(JSON.parse((await send(edgePort, '/administrators')).body).server).toBe('app');
  });

  it('answers 413 to a body beyond maxBodySize without reaching the app, and forwards one within it', async () => {
    const before = app.requests.length;
    const big = await send(edgePort, '/upload', {
      method: 'POST',
      body: 'x'.repeat(2048),
      headers: { 'content-type': 'text/plain' },
    });
    expect(big.status).toBe(413);
    expect(app.requests.length).toBe(before);
    const small = await send(edgePort, '/upload', {
      method: 'POST',
      body: 'x'.repeat(512),
      headers: { 'content-type': 'text/plain' },
    });
    expect(small.status).toBe(200);
    expect(app.requests.at(-1)!.body).toBe('x'.repeat(512));
  });

  it('answers 429 beyond rate + burst for one client address, and only forwards what it accepts', async () => {
    const before = app.requests.length;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send(limitedPort, `/burst/${i}`)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(app.requests.length - before).toBe(statuses.filter((s) => s === 200).length);
    // the health path is never limited: the kubelet's probes come from one address too
    expect((await send(limitedPort, '/_proxy/healthz')).status).toBe(200);
  });

  it("terminates TLS with the Secret's certificate and tells the app the request came over https", async () => {
    const res = await send(securePort, '/secure/1', { ca: cert.cert, servername: HOST, headers: { host: HOST } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ server: 'app', url: '/secure/1' });
    expect(app.requests.at(-1)!.headers['x-forwarded-proto']).toBe('https');
  });

  it('speaks TLS 1.3 and 1.2 (ssl_protocols allows nothing older), and refuses plain HTTP on the TLS port', async () => {
    const negotiated = (maxVersion: 'TLSv1.2' | 'TLSv1.3') =>
      new Promise<string | null>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: securePort, servername: HOST, ca: cert.cert, maxVersion });
        socket.on('secureConnect', () => {
          resolve(socket.getProtocol());
          socket.destroy();
        });
        socket.on('error', reject);
      });
    expect(await negotiated('TLSv1.3')).toBe('TLSv1.3');
    expect(await negotiated('TLSv1.2')).toBe('TLSv1.2');
    const plain = await send(securePort, '/');
    expect(plain.status).toBe(400);
    expect(plain.body).toContain('The plain HTTP request was sent to HTTPS port');
  });

  it('answers its own health path without the app, even when the app is not listening', async () => {
    const before = app.requests.length;
    expect((await send(edgePort, '/_proxy/healthz')).status).toBe(200);
    expect(app.requests.length).toBe(before);
    expect((await send(downPort, '/_proxy/healthz')).body).toBe('ok\n');
    expect((await send(downPort, '/anything')).status).toBe(502);
  });

  it('has kubelet probes on exactly that path and port', () => {
    const proxy = containerNamed(podSpecOf(edgeBundle), 'edge');
    for (const probe of [proxy.startupProbe, proxy.readinessProbe, proxy.livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/_proxy/healthz', port: 'http-proxy', scheme: 'HTTP' });
    }
  });

  it('logs one JSON object per forwarded request on stdout', async () => {
    await send(edgePort, '/logged/a%2Fb?x=1', {
      headers: { 'x-request-id': 'log-me-1', 'user-agent': 'e2e "quoted"' },
    });
    // nginx writes the line after the response: wait until it is there
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = edge
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.request_id === 'log-me-1');
      if (!line) await new Promise((r) => setTimeout(r, 50));
    }
    expect(line).toMatchObject({
      method: 'GET',
      uri: '/logged/a%2Fb?x=1',
      status: 200,
      remote_addr: '127.0.0.1',
      scheme: 'http',
      user_agent: 'e2e "quoted"',
      upstream_addr: `127.0.0.1:${app.port}`,
      upstream_status: '200',
    });
    expect(typeof line!.request_time).toBe('number');
    expect(edge.output()).not.toContain('/_proxy/healthz');
  });
});
