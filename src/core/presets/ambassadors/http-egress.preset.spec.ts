import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import type { TargetDto } from '../../request/target.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { configMapData, containerNamed, podSpecOf, podTemplateOf } from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

const request = (
  item: Partial<PresetItem> = {},
  target: TargetDto = { kubernetesVersion: '1.33' },
  extra: PresetItem[] = [],
): BundleRequest => ({
  app: {
    name: 'orders',
    image: 'ghcr.io/acme/orders:1.4.2',
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
  },
  ambassadors: [
    { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', ...item },
    ...extra,
  ],
  target,
});
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));
const template = (req: BundleRequest) => configMapData(composeBundle(req), 'orders-payments')['nginx.conf.template'];

describe('http-egress preset', () => {
  it('tells the app its local URL, under <NAME>_URL or the given name', () => {
    const app = (req: BundleRequest) => containerNamed(podSpecOf(composeBundle(req)), 'orders').env;
    expect(app(request())).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PAYMENTS_URL', value: 'http://127.0.0.1:9000' },
    ]);
    expect(app(request({ name: 'fx-rates', listenPort: 9100, envName: 'FX_API' }))).toContainEqual({
      name: 'FX_API',
      value: 'http://127.0.0.1:9100',
    });
    const clash = failure(request({ envName: 'LOG_LEVEL' }));
    expect(clash.errors).toEqual([
      { pointer: '/ambassadors/0/envName', detail: expect.stringContaining('already sets env var LOG_LEVEL') },
    ]);
  });

  it('runs nginx from the template the image renders into an emptyDir, on a read-only root', () => {
    const bundle = composeBundle(request());
    const c = containerNamed(podSpecOf(bundle), 'payments');
    expect(c.image).toBe('docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine');
    expect(c.args).toEqual(['nginx', '-c', '/etc/nginx/ambassador/nginx.conf']);
    expect(c.env).toEqual([
      { name: 'NGINX_ENVSUBST_TEMPLATE_DIR', value: '/etc/nginx/templates' },
      { name: 'NGINX_ENVSUBST_OUTPUT_DIR', value: '/etc/nginx/ambassador' },
      { name: 'NGINX_ENVSUBST_FILTER', value: '^(NGINX_LOCAL_RESOLVERS|AMBASSADOR_HEADER_[0-9]+)$' },
      { name: 'NGINX_ENTRYPOINT_LOCAL_RESOLVERS', value: '1' },
    ]);
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsUser: 101,
      runAsGroup: 101,
      runAsNonRoot: true,
    });
    expect(c.volumeMounts!.map((m) => [m.mountPath, m.readOnly ?? false])).toEqual([
      ['/etc/nginx/templates', true],
      ['/etc/nginx/ambassador', false],
      ['/tmp', false],
      ['/var/cache/nginx', false],
    ]);
    expect(c.ports).toEqual([{ containerPort: 9000, protocol: 'TCP' }]);
    expect(c.startupProbe).toMatchObject({
      exec: { command: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9000/_ambassador/healthz'] },
    });
    expect(c.restartPolicy).toBe('Always');
    expect(podTemplateOf(bundle).annotations['checksum/config-payments']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is an ordinary container, still with its startup probe, below Kubernetes 1.29', () => {
    const bundle = composeBundle(request({}, { kubernetesVersion: '1.28' }));
    const spec = podSpecOf(bundle);
    expect(spec.initContainers ?? []).toEqual([]);
    expect(containerNamed(spec, 'payments').startupProbe).toBeDefined();
    expect(containerNamed(spec, 'payments').restartPolicy).toBeUndefined();
  });

  it('uses the given resolvers instead of the pod resolv.conf', () => {
    const req = request({ resolvers: ['10.96.0.10'] });
    expect(template(req)).toContain('resolver 10.96.0.10 valid=30s ipv6=off;');
    expect(containerNamed(podSpecOf(composeBundle(req)), 'payments').env!.map((e) => e.name)).not.toContain(
      'NGINX_ENTRYPOINT_LOCAL_RESOLVERS',
    );
  });

  it('refuses a listen port another container of the pod uses', () => {
    expect(failure(request({ listenPort: 8080 })).errors).toEqual([
      { pointer: '/ambassadors/0/listenPort', detail: expect.stringContaining('already used by container "orders"') },
    ]);
    const second = failure(
      request({}, undefined, [{ preset: 'http-egress', name: 'fx', upstream: 'https://fx.example.com' }]),
    );
    expect(second.errors).toEqual([
      { pointer: '/ambassadors/1/listenPort', detail: expect.stringContaining('container "payments"') },
    ]);
  });

  it('refuses credentials in a URL and says to use a Secret', () => {
    for (const [item, ptr] of [
      [{ upstream: 'https://user:s3cret@api.payments.example.com' }, '/ambassadors/0/upstream'],
      [
        { routes: [{ pathPrefix: '/x/', upstream: 'https://token@x.example.com' }] },
        '/ambassadors/0/routes/0/upstream',
      ],
    ] as const) {
      const e = failure(request(item));
      expect(e.errors).toHaveLength(1);
      expect(e.errors[0].pointer).toBe(ptr);
      expect(e.errors[0].detail).toMatch(/Secret/);
    }
    expect(failure(request({ upstream: 'https://api.example.com/?api_key=abc' })).errors[0].detail).toMatch(
      /no query string.*Secret/,
    );
  });

  it('refuses a credential header written inline, and takes it from a Secret instead', () => {
    const inline = failure(request({ headers: [{ name: 'Authorization', value: 'Bearer abc' }] }));
    expect(inline.errors).toEqual([
      { pointer: '/ambassadors/0/headers/0/value', detail: expect.stringMatching(/Secret.*valueFrom/) },
    ]);
    const req = request({
      headers: [
        { name: 'X-Client', value: 'orders' },
        { name: 'Authorization', valueFrom: { secretName: 'payments-api', key: 'token' } },
      ],
    });
    const env = containerNamed(podSpecOf(composeBundle(req)), 'payments').env!;
    expect(env).toContainEqual({
      name: 'AMBASSADOR_HEADER_0',
      valueFrom: { secretKeyRef: { name: 'payments-api', key: 'token' } },
    });
    expect(template(req)).toContain('proxy_set_header Authorization "${AMBASSADOR_HEADER_0}";');
    expect(JSON.stringify(composeBundle(req))).not.toContain('Bearer');
  });

  it('refuses a list where a header or route object belongs, at that item', () => {
    for (const [item, ptr] of [
      [{ headers: [[]] }, '/ambassadors/0/headers/0'],
      [{ headers: [{ name: 'X-A', value: 'b' }, [[]]] }, '/ambassadors/0/headers/1'],
      [{ routes: [[]] }, '/ambassadors/0/routes/0'],
    ] as const) {
      expect(failure(request(item as Partial<PresetItem>)).errors).toEqual([
        { pointer: ptr, detail: 'each item of this list must be an object, not a list' },
      ]);
    }
  });

  it('refuses headers it cannot set as asked', () => {
    const e = failure(
      request({
        headers: [
          { name: 'X-Trace', value: 'a', valueFrom: { secretName: 's', key: 'k' } },
          { name: 'Connection', value: 'close' },
          { name: 'x-trace', value: 'b' },
        ],
      }),
    );
    expect(e.errors.map((x) => x.pointer)).toEqual([
      '/ambassadors/0/headers/0',
      '/ambassadors/0/headers/1/name',
      '/ambassadors/0/headers/2/name',
    ]);
    expect(failure(request({ headers: [{ name: 'X-A', value: 'costs $5' }] })).errors[0].pointer).toBe(
      '/ambassadors/0/headers/0/value',
    );
  });

  it('checks routes: prefix shape, no duplicates, not the health path', () => {
    expect(
      failure(request({ routes: [{ pathPrefix: '/', upstream: 'https://x.example.com' }] })).errors[0].pointer,
    ).toBe('/ambassadors/0/routes/0/pathPrefix');
    const dup = failure(
      request({
        routes: [
          { pathPrefix: '/a/', upstream: 'https://x.example.com' },
          { pathPrefix: '/a/', upstream: 'https://y.example.com' },
        ],
      }),
    );
    expect(dup.errors).toEqual([
      {
        pointer: '/ambassadors/0/routes/1/pathPrefix',
        detail: expect.stringContaining('/ambassadors/0/routes/0/pathPrefix'),
      },
    ]);
    const health = failure(
      request({ healthPath: '/ops/', routes: [{ pathPrefix: '/ops/', upstream: 'https://x.example.com' }] }),
    );
    expect(health.errors[0].detail).toMatch(/healthPath/);
  });

  it('points at the field for invalid parameters', () => {
    const e = failure(
      request({
        listenPort: 80,
        timeouts: { connect: '5 seconds' },
        retries: { on: ['sometimes'] },
        upstream: 'ftp://files.example.com',
        extra: true,
      }),
    );
    expect(e.errors.map((x) => x.pointer).sort()).toEqual([
      '/ambassadors/0/extra',
      '/ambassadors/0/listenPort',
      '/ambassadors/0/retries/on',
      '/ambassadors/0/timeouts/connect',
      '/ambassadors/0/upstream',
    ]);
    expect(failure(request({ upstream: 'ftp://files.example.com' })).errors).toEqual([
      { pointer: '/ambassadors/0/upstream', detail: expect.stringContaining('http or https') },
    ]);
  });

  it('warns when TLS verification is off for an https upstream, and about names the resolver cannot complete', () => {
    const rule = (req: BundleRequest) =>
      composeBundle(req)
        .findings.filter((f) => f.rule.startsWith('ambassador.'))
        .map((f) => `${f.severity} ${f.rule}`);
    expect(rule(request({ tlsVerify: false }))).toContain('warning ambassador.tls-verify-off');
    expect(rule(request({ tlsVerify: false, upstream: 'http://10.0.0.5:8080' }))).not.toContain(
      'warning ambassador.tls-verify-off',
    );
    expect(rule(request())).toEqual([]);
    expect(rule(request({ upstream: 'http://payments.shop.svc' }))).toContain(
      'warning ambassador.resolver-search-domain',
    );
    expect(rule(request({ upstream: 'http://payments.shop.svc.cluster.local' }))).toEqual([]);
  });

  it('is deterministic', () => {
    const req = request({
      rateLimit: { requestsPerSecond: 20 },
      routes: [{ pathPrefix: '/b/', upstream: 'http://b.example.com' }],
    });
    expect(JSON.stringify(composeBundle(req))).toBe(JSON.stringify(composeBundle(req)));
    expect(template(req)).toContain('limit_req zone=egress burst=20 nodelay;');
  });
});
