// Every nginx configuration the reverse-proxy preset generates passes the real `nginx -t`, for a
// matrix of TLS on/off, limits on/off and routes on/off. With TLS, nginx -t loads the certificate
// and key, so the test makes a throwaway pair with openssl and lays it out as the Secret volume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresetItem } from '../../src/core/model/request.js';
import type { ContainerFs } from '../support/container-fs.js';
import { layOutReverseProxy, reverseProxyConfigTest, throwawayCertificate } from '../support/reverse-proxy.js';
import { composeBundle } from '../support/validated.js';

let secrets: Record<string, Record<string, string>>;
const opened: ContainerFs[] = [];
beforeAll(() => {
  const { cert, key } = throwawayCertificate('shop.example.test');
  secrets = { 'shop-tls': { 'tls.crt': cert, 'tls.key': key } };
});
afterAll(() => opened.splice(0).forEach((fs) => fs.dispose()));

const bundleWith = (item: PresetItem) =>
  composeBundle({
    app: {
      name: 'shop',
      image: 'ghcr.io/acme/shop:1.0.0',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'admin', containerPort: 8081, expose: false },
      ],
    },
    ambassadors: [item],
    target: { kubernetesVersion: '1.33' },
  });

const matrix: [string, PresetItem][] = [];
for (const tls of [false, true]) {
  for (const limits of [false, true]) {
    for (const routes of [false, true]) {
      const label = `${tls ? 'TLS' : 'plain'}, ${limits ? 'limits' : 'no limits'}, ${routes ? 'routes' : 'no routes'}`;
      matrix.push([
        label,
        {
          preset: 'reverse-proxy',
          name: 'edge',
          listenPort: 8443,
          ...(tls ? { tls: { secretName: 'shop-tls' } } : {}),
          ...(limits
            ? {
                rateLimit: { requestsPerSecond: 20, burst: 40 },
                maxBodySize: '512k',
                timeouts: { connect: '750ms', read: '2m', send: '30s' },
              }
            : {}),
          ...(routes
            ? {
                routes: [
                  { pathPrefix: '/admin/', targetPort: 'admin' },
                  { pathPrefix: '/reports/2024.q1/', targetPort: 9100 },
                ],
              }
            : {}),
        },
      ]);
    }
  }
}
matrix.push([
  'delayed burst, unlimited body, no access log, own health path and port name, target by number',
  {
    preset: 'reverse-proxy',
    name: 'edge',
    listenPort: 18080,
    targetPort: 8080,
    portName: 'web-front',
    healthPath: '/-/proxy-health',
    rateLimit: { requestsPerSecond: 5, delay: true },
    maxBodySize: '0',
    accessLog: false,
    exposeAppPort: true,
  },
]);

describe('reverse-proxy: generated nginx configs pass nginx -t', () => {
  it.each(matrix)('%s', (_label, item) => {
    const fs = layOutReverseProxy(bundleWith(item), 'edge', secrets);
    opened.push(fs);
    const result = reverseProxyConfigTest(fs);
    expect(result.output).toContain('test is successful');
    expect(result.output).not.toMatch(/\[(warn|emerg|alert)\]/);
    expect(result.status).toBe(0);
  });

  it('checks what was generated: a certificate that is not PEM fails nginx -t', () => {
    const fs = layOutReverseProxy(bundleWith(matrix.find(([label]) => label.startsWith('TLS'))![1]), 'edge', {
      'shop-tls': { 'tls.crt': 'not a certificate\n', 'tls.key': secrets['shop-tls']['tls.key'] },
    });
    opened.push(fs);
    const result = reverseProxyConfigTest(fs);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/cannot load certificate/);
  });
});
