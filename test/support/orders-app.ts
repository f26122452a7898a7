// The orders app the tests of app-level options build on: one HTTP port, CPU and memory requests
// (so utilisation targets can be computed) and a readiness probe.
import type { AppDto } from '../../src/core/request/app.js';

export const ordersApp = (extra: Partial<AppDto> = {}): AppDto => ({
  name: 'orders',
  namespace: 'shop',
  image: 'ghcr.io/acme/orders:1.4.2',
  ports: [{ name: 'http', containerPort: 8080 }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
  ...extra,
});
