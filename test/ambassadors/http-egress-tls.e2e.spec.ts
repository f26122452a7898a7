// TLS origination and run-time DNS of the generated nginx ambassador, for real: the upstream is an
// https server with a certificate no system CA signed, known by a name only a DNS server started
// by the test can resolve. nginx starts before it has resolved anything, resolves the name when a
// request comes, sends the name as SNI, and refuses the untrusted certificate unless tlsVerify is
// off.
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import { bundleWithAmbassadors } from '../support/ambassador-bundle.js';
import type { ContainerFs } from '../support/container-fs.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { startNginxAmbassador } from '../support/nginx-entrypoint.js';
import { freePorts } from '../support/ports.js';
import { ProcessGroup, type RunningProcess } from '../support/processes.js';
import { throwawayCertificate } from '../support/reverse-proxy.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-http-server.js';

const HOST = 'api.payments.test';
const processes = new ProcessGroup();
const layouts: ContainerFs[] = [];
const sni: (string | false | null)[] = [];
let dns: DnsServer;
let upstream: RecordingServer;
let bundle: Bundle;
let verifiedPort: number;
let unverifiedPort: number;
let verified: RunningProcess;

beforeAll(async () => {
  // the upstream's certificate: self-signed, for its name (the verifying ambassador must refuse it)
  const https = createServer(throwawayCertificate(HOST));
  https.on('secureConnection', (socket: TLSSocket) => sni.push(socket.servername));
  upstream = await startRecordingServer('payments', https);
  dns = await startDnsServer({ [HOST]: '127.0.0.1' });
  [verifiedPort, unverifiedPort] = await freePorts(2);
  const common = {
    preset: 'http-egress',
    upstream: `https://${HOST}:${upstream.port}`,
    resolvers: [`127.0.0.1:${dns.port}`],
    resolverValid: '1s',
  };
  bundle = bundleWithAmbassadors([
    { ...common, name: 'verified', listenPort: verifiedPort },
    { ...common, name: 'unverified', listenPort: unverifiedPort, tlsVerify: false },
  ]);
  const input = { resolvConf: '' };
  const a = await startNginxAmbassador(processes, bundle, 'verified', verifiedPort, input);
  layouts.push(a.fs);
  verified = a.nginx;
  layouts.push((await startNginxAmbassador(processes, bundle, 'unverified', unverifiedPort, input)).fs);
});

afterAll(async () => {
  await processes.stopAll();
  layouts.forEach((fs) => fs.dispose());
  await upstream?.close();
  await dns?.close();
});

const get = (port: number, path: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });

describe('http-egress TLS and DNS end to end (real nginx)', () => {
  it('starts without resolving the upstream name', () => {
    expect(dns.queries).toEqual([]);
  });

  it('resolves the name per request, originates TLS with SNI, and forwards (verification off)', async () => {
    const res = await get(unverifiedPort, '/charges/1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ server: 'payments', url: '/charges/1' });
    expect(dns.queries).toContain(HOST);
    expect(sni).toContain(HOST);
    expect(upstream.requests.at(-1)!.headers.host).toBe(`${HOST}:${upstream.port}`);
  });

  it('verifies the certificate by default: an untrusted one gives 502 and never reaches the upstream', async () => {
    const before = upstream.requests.length;
    const res = await get(verifiedPort, '/charges/2');
    expect(res.status).toBe(502);
    expect(upstream.requests.length).toBe(before);
    expect(verified.output()).toMatch(/upstream SSL certificate verify error/);
  });

  it('marks the unverified ambassador with a warning finding', () => {
    expect(bundle.findings.filter((f) => f.rule === 'ambassador.tls-verify-off').map((f) => f.message)).toEqual([
      expect.stringContaining('"unverified"'),
    ]);
  });
});
