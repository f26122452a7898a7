import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import type { TargetDto } from '../../request/target.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import {
  configMapData,
  containerNamed,
  declaredEgress,
  podSpecOf,
  podTemplateOf,
} from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';
import { parseUpstream } from './http-egress.preset.js';

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

describe('http-egress: access log', () => {
  it('logs each forwarded request to stdout unless asked not to', () => {
    expect(template(request())).toContain('access_log /dev/stdout;');
    expect(template(request({ accessLog: false }))).not.toContain('access_log /dev/stdout;');
  });
});

describe('http-egress: upstream URLs', () => {
  const P = '/ambassadors/0/upstream';
  const refusal = (raw: string) => invalidRequestOf(() => parseUpstream(raw, P)).errors;

  it.each([
    ['https://api.example.com', { scheme: 'https', host: 'api.example.com', basePath: '' }],
    ['http://api.example.com:8080/v1//', { scheme: 'http', host: 'api.example.com', port: 8080, basePath: '/v1' }],
    // the scheme's own port is no port of its own (URL drops it)
    ['https://api.example.com:443/a/b', { scheme: 'https', host: 'api.example.com', basePath: '/a/b' }],
    ['http://[fd00::1]:81/', { scheme: 'http', host: '[fd00::1]', port: 81, basePath: '' }],
    ['http://10.0.0.5', { scheme: 'http', host: '10.0.0.5', basePath: '' }],
  ])('reads %s as its scheme, host, port (only when written) and base path (without final slashes)', (raw, parts) => {
    expect(parseUpstream(raw, P)).toEqual(parts);
  });

  it.each([
    ['api example', '"api example" is not a URL; expected http(s)://host[:port][/path]'],
    [
      'https://user:pw@api.example.com',
      'credentials must not be written into the URL: put them in a Secret and send them as a header with valueFrom (e.g. Authorization or X-Api-Key)',
    ],
    [
      'https://user@api.example.com',
      'credentials must not be written into the URL: put them in a Secret and send them as a header with valueFrom (e.g. Authorization or X-Api-Key)',
    ],
    [
      'https://:pw@api.example.com',
      'credentials must not be written into the URL: put them in a Secret and send them as a header with valueFrom (e.g. Authorization or X-Api-Key)',
    ],
    ['ftp://files.example.com', 'scheme must be http or https, not ftp'],
    [
      'https://api.example.com/?k=v',
      "no query string or fragment: the request path and query are the app's; send keys as a header from a Secret",
    ],
    [
      'https://api.example.com/#top',
      "no query string or fragment: the request path and query are the app's; send keys as a header from a Secret",
    ],
    [
      'https://api.example.com/?',
      "no query string or fragment: the request path and query are the app's; send keys as a header from a Secret",
    ],
    [
      'https://api.example.com/#',
      "no query string or fragment: the request path and query are the app's; send keys as a header from a Secret",
    ],
    ['http://a_b.example.com', '"a_b.example.com" is not a host name or IP address'],
    ['http://api.example.com:0', "port 0 is no port: give 1-65535 or leave it out for the scheme's default"],
    ['http://api.example.com/a%20b', 'the path may contain only letters, digits and . _ ~ - /'],
  ])('refuses %s, saying why', (raw, detail) => {
    expect(refusal(raw)).toEqual([{ pointer: P, detail }]);
  });

  it('refuses, at the request field, a host of labels of 63 characters or fewer that is longer than DNS allows (253)', () => {
    // the parameter's URL pattern bounds each label only: the whole name's length is checked when the URL is read
    const host = Array.from({ length: 5 }, (_, i) => `${'abcdefghij'.repeat(6)}${i}`).join('.');
    expect(host).toHaveLength(309);
    expect(failure(request({ upstream: `https://${host}/v1` })).errors).toEqual([
      { pointer: '/ambassadors/0/upstream', detail: `"${host}" is not a host name or IP address` },
    ]);
    const routes = [
      { pathPrefix: '/a/', upstream: 'https://a.example.com' },
      { pathPrefix: '/b/', upstream: `https://${host}` },
    ];
    expect(failure(request({ routes })).errors).toEqual([
      { pointer: '/ambassadors/0/routes/1/upstream', detail: `"${host}" is not a host name or IP address` },
    ]);
  });
});

describe('http-egress: routes and headers', () => {
  it('names the earlier route with the same prefix, and a prefix that is the health path with or without its slash', () => {
    const routes = (...prefixes: string[]) =>
      prefixes.map((pathPrefix, i) => ({ pathPrefix, upstream: `https://u${i}.example.com` }));
    expect(failure(request({ routes: routes('/a/', '/b/', '/a/') })).errors).toEqual([
      {
        pointer: '/ambassadors/0/routes/2/pathPrefix',
        detail: 'the same prefix as /ambassadors/0/routes/0/pathPrefix',
      },
    ]);
    for (const healthPath of ['/ops/', '/ops'])
      expect(failure(request({ healthPath, routes: routes('/x/', '/ops/') })).errors).toEqual([
        {
          pointer: '/ambassadors/0/routes/1/pathPrefix',
          detail: "/ops/ is the ambassador's healthPath; choose another healthPath or prefix",
        },
      ]);
    expect(() => composeBundle(request({ healthPath: '/ops/x', routes: routes('/ops/') }))).not.toThrow();
  });

  it('says what is wrong with each header, whole', () => {
    expect(failure(request({ headers: [{ name: 'X-A', value: 'costs $5' }] })).errors[0].pointer).toBe(
      '/ambassadors/0/headers/0/value',
    );
    const e = failure(
      request({
        headers: [
          { name: 'X-Trace', value: 'a', valueFrom: { secretName: 's', key: 'k' } },
          { name: 'Host', value: 'x' },
          { name: 'Transfer-Encoding', value: 'x' },
          { name: 'x-trace', value: 'b' },
          { name: 'X-Api-Key', value: 'k' },
          { name: 'Cookie', value: 'c' },
          { name: 'X-Auth-Token', value: 't' },
        ],
      }),
    );
    expect(e.errors).toEqual([
      { pointer: '/ambassadors/0/headers/0', detail: 'give either value or valueFrom, not both' },
      { pointer: '/ambassadors/0/headers/1/name', detail: 'Host is managed by the ambassador and cannot be set' },
      {
        pointer: '/ambassadors/0/headers/2/name',
        detail: 'Transfer-Encoding is managed by the ambassador and cannot be set',
      },
      { pointer: '/ambassadors/0/headers/3/name', detail: 'header x-trace is listed twice' },
      {
        pointer: '/ambassadors/0/headers/4/value',
        detail:
          'X-Api-Key carries a credential: do not write it inline; put it in a Secret and use valueFrom: { secretName, key }',
      },
      {
        pointer: '/ambassadors/0/headers/5/value',
        detail:
          'Cookie carries a credential: do not write it inline; put it in a Secret and use valueFrom: { secretName, key }',
      },
      {
        pointer: '/ambassadors/0/headers/6/value',
        detail:
          'X-Auth-Token carries a credential: do not write it inline; put it in a Secret and use valueFrom: { secretName, key }',
      },
    ]);
  });

  it('refuses a header name nginx would read as a comment or a quoted string, at the name', () => {
    // both are HTTP token characters, allowed further in
    const detail =
      'name must be an HTTP header name (letters, digits and !#%&\'*+.^_`|~-) that does not start with "#" or "\'", which nginx would read as a comment or a quoted string';
    expect(template(request({ headers: [{ name: "X#Tag'", value: 'a' }] }))).toContain(`proxy_set_header X#Tag' "a";`);
    expect(
      failure(
        request({
          headers: [
            { name: 'X-Ok', value: 'a' },
            { name: '#X-Tag', value: 'b' },
            { name: "'X-Tag", value: 'c' },
          ],
        }),
      ).errors,
    ).toEqual([
      {
        pointer: '/ambassadors/0/headers/1/name',
        detail,
      },
      {
        pointer: '/ambassadors/0/headers/2/name',
        detail,
      },
    ]);
  });

  it('takes header names that only look like credentials in part, and numbers Secret headers in order', () => {
    const req = request({
      headers: [
        { name: 'X-Cookie-Policy', value: 'strict' },
        { name: 'X-A', valueFrom: { secretName: 's', key: 'a' } },
        { name: 'X-Empty', value: '' },
        { name: 'X-B', valueFrom: { secretName: 's', key: 'b' } },
      ],
    });
    const c = containerNamed(podSpecOf(composeBundle(req)), 'payments');
    expect(c.env!.filter((v) => v.name.startsWith('AMBASSADOR_HEADER_'))).toEqual([
      { name: 'AMBASSADOR_HEADER_0', valueFrom: { secretKeyRef: { name: 's', key: 'a' } } },
      { name: 'AMBASSADOR_HEADER_1', valueFrom: { secretKeyRef: { name: 's', key: 'b' } } },
    ]);
    expect(
      template(req)
        .split('\n')
        .filter((l) => l.includes('proxy_set_header X-')),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('proxy_set_header X-Cookie-Policy "strict";'),
        expect.stringContaining('proxy_set_header X-A "${AMBASSADOR_HEADER_0}";'),
        expect.stringContaining('proxy_set_header X-Empty "";'),
        expect.stringContaining('proxy_set_header X-B "${AMBASSADOR_HEADER_1}";'),
      ]),
    );
  });
});

describe('http-egress: what it declares and warns about', () => {
  const restricted = (item: Partial<PresetItem>) => {
    const req = request(item);
    req.app.networkPolicy = { egress: 'restricted' };
    return declaredEgress(composeBundle(req));
  };

  it("opens each upstream's port (the scheme's default without one) and each resolver's, UDP and TCP", () => {
    expect(
      restricted({
        upstream: 'https://api.example.com',
        routes: [
          { pathPrefix: '/a/', upstream: 'http://a.example.com' },
          { pathPrefix: '/b/', upstream: 'http://b.example.com:8081' },
        ],
        resolvers: ['10.96.0.10', '10.0.0.2:5353', '[fd00::1]'],
      }),
    ).toEqual([
      'payments 443/TCP: upstream api.example.com',
      'payments 80/TCP: upstream a.example.com',
      'payments 8081/TCP: upstream b.example.com',
      'payments 53/UDP: DNS resolver 10.96.0.10',
      'payments 53/TCP: DNS resolver 10.96.0.10',
      'payments 5353/UDP: DNS resolver 10.0.0.2:5353',
      'payments 5353/TCP: DNS resolver 10.0.0.2:5353',
      'payments 53/UDP: DNS resolver [fd00::1]',
      'payments 53/TCP: DNS resolver [fd00::1]',
    ]);
    expect(restricted({ upstream: 'https://api.example.com:8443' })).toEqual([
      'payments 8443/TCP: upstream api.example.com',
    ]);
    // no resolvers: the pod's own, read by the image's entrypoint
    const c = containerNamed(podSpecOf(composeBundle(request({ resolvers: [] }))), 'payments');
    expect(c.env).toContainEqual({ name: 'NGINX_ENTRYPOINT_LOCAL_RESOLVERS', value: '1' });
  });

  const findings = (item: Partial<PresetItem>) =>
    composeBundle(request(item))
      .findings.filter((f) => f.rule.startsWith('ambassador.'))
      .map(({ rule, severity, message }) => ({ rule, severity, message }));

  it('warns, whole, when an https upstream or route is not verified', () => {
    const tls = {
      rule: 'ambassador.tls-verify-off',
      severity: 'warning',
      message:
        'ambassador "payments" does not verify the upstream\'s TLS certificate (tlsVerify: false): anyone on the path can impersonate it',
    };
    expect(findings({ tlsVerify: false })).toEqual([tls]);
    expect(
      findings({
        tlsVerify: false,
        upstream: 'http://api.example.com',
        routes: [{ pathPrefix: '/a/', upstream: 'https://a.example.com' }],
      }),
    ).toEqual([tls]);
    expect(findings({ tlsVerify: true })).toEqual([]);
  });

  it('warns once per short or .svc name the pod resolver would be asked for, not for FQDNs, IPs or given resolvers', () => {
    const search = (host: string) => ({
      rule: 'ambassador.resolver-search-domain',
      severity: 'warning',
      message: `ambassador "payments": nginx's resolver does not apply the pod's DNS search domains, so "${host}" will not resolve; use the fully qualified name (e.g. <service>.<namespace>.svc.cluster.local)`,
    });
    expect(
      findings({
        upstream: 'http://payments',
        routes: [
          { pathPrefix: '/a/', upstream: 'http://payments:81' },
          { pathPrefix: '/b/', upstream: 'http://ledger.shop.svc' },
          { pathPrefix: '/c/', upstream: 'http://ledger.shop.svc.cluster.local' },
          { pathPrefix: '/d/', upstream: 'http://[fd00::1]' },
          { pathPrefix: '/e/', upstream: 'http://10.0.0.1' },
          { pathPrefix: '/f/', upstream: 'http://svc.example.com' },
        ],
      }),
    ).toEqual([search('payments'), search('ledger.shop.svc')]);
    expect(findings({ upstream: 'http://payments', resolvers: ['10.96.0.10'] })).toEqual([]);
  });
});
