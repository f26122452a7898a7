import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { toMultiDocumentYaml } from '../../render/canonical.js';
import { validateBundle } from '../../validate/validate-bundle.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import { configMapData, containerNamed, podSpecOf, podTemplateOf } from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

type Obj = Record<string, any>;
const APP = {
  name: 'shop',
  image: 'ghcr.io/acme/shop:1.0.0',
  ports: [
    { name: 'http', containerPort: 8080, servicePort: 80 },
    { name: 'admin', containerPort: 8081, expose: false },
    { name: 'grpc', containerPort: 9090 },
  ],
  probes: { readiness: { httpGet: { path: '/ready', port: 'http' } }, liveness: { tcpSocket: { port: 8080 } } },
};
const request = (item: Partial<PresetItem> = {}, app: Obj = APP, more: Partial<BundleRequest> = {}): BundleRequest => ({
  app: app as BundleRequest['app'],
  ambassadors: [{ preset: 'reverse-proxy', name: 'edge', listenPort: 8443, ...item }],
  target: { kubernetesVersion: '1.33' },
  ...more,
});
const service = (req: BundleRequest) =>
  composeBundle(req).manifests.find((o) => o.kind === 'Service' && o.metadata?.name === req.app.name) as Obj;
const config = (req: BundleRequest) => configMapData(composeBundle(req), 'shop-edge')['nginx.conf'];
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));

describe('reverse-proxy preset', () => {
  it("the Service targets the proxy's port in place of the app's (same name and port number); other app ports stay", () => {
    expect(service(request()).spec.ports).toEqual([
      { name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP' },
      { name: 'http', port: 80, targetPort: 'http-proxy', protocol: 'TCP' },
    ]);
    const proxy = containerNamed(podSpecOf(composeBundle(request())), 'edge');
    expect(proxy.ports).toEqual([{ containerPort: 8443, protocol: 'TCP', name: 'http-proxy' }]);
  });

  it('fronts the TCP port of a number the app also serves over UDP; the UDP port stays on the Service', () => {
    const app = {
      name: 'shop',
      image: 'ghcr.io/acme/shop:1.0.0',
      ports: [
        { name: 'dns-udp', containerPort: 8053, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 8053 },
      ],
    };
    expect(service(request({ targetPort: 8053 }, app)).spec.ports).toEqual([
      { name: 'dns-udp', port: 8053, targetPort: 'dns-udp', protocol: 'UDP' },
      { name: 'dns-tcp', port: 8053, targetPort: 'http-proxy', protocol: 'TCP' },
    ]);
  });

  it("keeps the app's port on the Service beside the proxy's when asked (exposeAppPort)", () => {
    expect(service(request({ exposeAppPort: true })).spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP' },
      { name: 'http-proxy', port: 8443, targetPort: 'http-proxy', protocol: 'TCP' },
    ]);
  });

  it("forwards to the app's first port by default, to a named or numbered port when given", () => {
    expect(config(request())).toMatch(/location \/ \{\n\s+proxy_pass http:\/\/127\.0\.0\.1:8080;/);
    expect(config(request({ targetPort: 'grpc' }))).toContain('proxy_pass http://127.0.0.1:9090;');
    expect(config(request({ targetPort: 7000 }))).toContain('proxy_pass http://127.0.0.1:7000;');
    // a port the app does not declare leaves the app's Service ports as they are and adds the proxy's
    expect(service(request({ targetPort: 7000 })).spec.ports.map((p: Obj) => [p.name, p.port, p.targetPort])).toEqual([
      ['http', 80, 'http'],
      ['grpc', 9090, 'grpc'],
      ['http-proxy', 8443, 'http-proxy'],
    ]);
  });

  it("leaves the app's probes alone: they reach the app directly", () => {
    const main = containerNamed(podSpecOf(composeBundle(request())), 'shop');
    expect(main.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
    expect(main.livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
  });

  it("probes nginx's own health location on the proxy port, HTTPS with TLS; a native sidecar before the app", () => {
    const spec = podSpecOf(composeBundle(request({ tls: { secretName: 'shop-tls' } })));
    const proxy = containerNamed(spec, 'edge');
    for (const probe of [proxy.startupProbe, proxy.readinessProbe, proxy.livenessProbe]) {
      expect(probe!.httpGet).toEqual({ path: '/_proxy/healthz', port: 'https-proxy', scheme: 'HTTPS' });
    }
    expect(proxy.restartPolicy).toBe('Always');
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['edge']);
    // the health location answers by itself: no proxy_pass, no rate limit
    const health = /location = \/_proxy\/healthz \{([^}]*)\}/.exec(
      config(request({ rateLimit: { requestsPerSecond: 5 } })),
    )![1];
    expect(health).toContain('return 200');
    expect(health).not.toMatch(/proxy_pass|limit_req/);
  });

  it('runs nginx unprivileged on a read-only root, the config and the TLS Secret mounted read-only', () => {
    const bundle = composeBundle(request({ tls: { secretName: 'shop-tls' } }));
    const spec = podSpecOf(bundle);
    const proxy = containerNamed(spec, 'edge');
    expect(proxy.image).toBe('docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine');
    expect(proxy.command).toEqual(['nginx', '-c', '/etc/nginx/reverse-proxy/nginx.conf']);
    expect(proxy.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 101,
    });
    expect(proxy.volumeMounts!.map((m) => [m.mountPath, m.readOnly ?? false])).toEqual([
      ['/etc/nginx/reverse-proxy', true],
      ['/etc/nginx/tls', true],
      ['/tmp', false],
      ['/var/cache/nginx', false],
    ]);
    expect(spec.volumes!.find((v) => v.name === 'edge-tls')).toEqual({
      name: 'edge-tls',
      secret: {
        secretName: 'shop-tls',
        defaultMode: 0o440,
        items: [
          { key: 'tls.crt', path: 'tls.crt' },
          { key: 'tls.key', path: 'tls.key' },
        ],
      },
    });
    expect(podTemplateOf(bundle).annotations['checksum/config-edge']).toMatch(/^[0-9a-f]{64}$/);
    const text = config(request({ tls: { secretName: 'shop-tls' } }));
    expect(text).toContain('listen 8443 ssl;');
    expect(text).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(text).toContain('ssl_certificate /etc/nginx/tls/tls.crt;');
    expect(text).toContain('ssl_certificate_key /etc/nginx/tls/tls.key;');
  });

  it('writes the limits, timeouts, routes and JSON access log it is given', () => {
    const text = config(
      request({
        rateLimit: { requestsPerSecond: 7, burst: 3 },
        maxBodySize: '5m',
        timeouts: { connect: '2s', read: '30s', send: '10s' },
        routes: [{ pathPrefix: '/admin/', targetPort: 'admin' }],
      }),
    );
    expect(text).toContain('limit_req_zone $binary_remote_addr zone=per_client:10m rate=7r/s;');
    expect(text).toContain('limit_req_status 429;');
    expect(text.match(/limit_req zone=per_client burst=3 nodelay;/g)).toHaveLength(2);
    expect(text).toContain('client_max_body_size 5m;');
    expect(text).toContain('proxy_connect_timeout 2s;');
    expect(text).toContain('proxy_read_timeout 30s;');
    expect(text).toContain('proxy_send_timeout 10s;');
    expect(text).toMatch(/location \/admin\/ \{[^}]*proxy_pass http:\/\/127\.0\.0\.1:8081;/);
    expect(text).toContain('access_log /dev/stdout proxy_json;');
    expect(text).not.toMatch(/rewrite|\$uri/);
    expect(config(request({ accessLog: false }))).toContain('access_log off;');
  });

  it('refuses a listenPort any container of the pod has, at the pointer', () => {
    expect(failure(request({ listenPort: 9090 })).errors).toEqual([
      { pointer: '/ambassadors/0/listenPort', detail: expect.stringContaining('already used by container "shop"') },
    ]);
    const withEgress = request({ listenPort: 9000 }, APP, {
      ambassadors: [
        { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', listenPort: 9000 },
        { preset: 'reverse-proxy', name: 'edge', listenPort: 9000 },
      ],
    });
    expect(failure(withEgress).errors).toEqual([
      { pointer: '/ambassadors/1/listenPort', detail: expect.stringContaining('already used by container "payments"') },
    ]);
  });

  it('refuses impossible targets and routes with pointers', () => {
    expect(failure(request({ targetPort: 'metrics' })).errors).toEqual([
      { pointer: '/ambassadors/0/targetPort', detail: expect.stringContaining('no TCP port named "metrics"') },
    ]);
    expect(failure(request({ targetPort: 8443 })).errors).toEqual([
      { pointer: '/ambassadors/0/targetPort', detail: expect.stringContaining('forward to itself') },
    ]);
    expect(failure(request({}, { name: 'shop', image: 'ghcr.io/acme/shop:1.0.0' })).errors).toEqual([
      { pointer: '/ambassadors/0/targetPort', detail: expect.stringContaining('declares no ports') },
    ]);
    const twice = request({
      routes: [
        { pathPrefix: '/a/', targetPort: 8081 },
        { pathPrefix: '/a/', targetPort: 9090 },
      ],
    });
    expect(failure(twice).errors).toEqual([
      {
        pointer: '/ambassadors/0/routes/1/pathPrefix',
        detail: 'the same prefix as /ambassadors/0/routes/0/pathPrefix',
      },
    ]);
    expect(failure(request({ routes: [{ pathPrefix: '/x/', targetPort: 'nope' }] })).errors[0].pointer).toBe(
      '/ambassadors/0/routes/0/targetPort',
    );
    expect(failure(request({ portName: 'grpc' })).errors).toEqual([
      { pointer: '/ambassadors/0/portName', detail: expect.stringContaining('already used by container "shop"') },
    ]);
    expect(
      failure(
        request(
          { exposeAppPort: true, listenPort: 9090 + 1, targetPort: 7000, portName: 'edge' },
          { ...APP, ports: [...APP.ports, { name: 'alt', containerPort: 7001, servicePort: 9091 }] },
        ),
      ).errors,
    ).toEqual([
      { pointer: '/ambassadors/0/listenPort', detail: expect.stringContaining('the Service already has port 9091') },
    ]);
  });

  it('refuses bad parameter values with pointers', () => {
    const bad = failure(
      request({
        listenPort: 80,
        maxBodySize: 'huge',
        routes: [{ pathPrefix: 'admin', targetPort: 8081 }],
        tls: { secretName: 'Not_A_Secret' },
      }),
    );
    expect(bad.errors.map((e) => e.pointer).sort()).toEqual([
      '/ambassadors/0/listenPort',
      '/ambassadors/0/maxBodySize',
      '/ambassadors/0/routes/0/pathPrefix',
      '/ambassadors/0/tls/secretName',
    ]);
    expect(failure(request({ listenPort: undefined })).errors.map((e) => e.pointer)).toEqual([
      '/ambassadors/0/listenPort',
    ]);
  });

  it("opens the proxy's Service port to ingressFrom in a NetworkPolicy, no longer the app's", () => {
    const app = {
      ...APP,
      networkPolicy: {
        ingressFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }],
      },
    };
    const policy = composeBundle(request({}, app)).manifests.find((o) => o.kind === 'NetworkPolicy') as Obj;
    expect(policy.spec.ingress).toEqual([
      {
        from: app.networkPolicy.ingressFrom,
        ports: [
          { port: 'grpc', protocol: 'TCP' },
          { port: 'http-proxy', protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('makes bundles the validator finds no error in at restricted level, Deployment and StatefulSet alike', () => {
    for (const workload of ['Deployment', 'StatefulSet'] as const) {
      const app = {
        ...APP,
        workload,
        replicas: 2,
        ...(workload === 'StatefulSet' ? { storage: { mountPath: '/data', size: '1Gi' } } : {}),
      };
      const bundle = composeBundle(
        request(
          {
            tls: { secretName: 'shop-tls' },
            rateLimit: { requestsPerSecond: 5 },
            routes: [{ pathPrefix: '/admin/', targetPort: 'admin' }],
          },
          app,
        ),
      );
      const report = validateBundle(
        { yaml: toMultiDocumentYaml(bundle.manifests) },
        { kubernetesVersion: '1.33', podSecurity: 'restricted' },
      );
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(report.valid).toBe(true);
    }
  });
});

describe('reverse-proxy: messages and settings, whole', () => {
  it('says why a target cannot be used', () => {
    expect(failure(request({ targetPort: 'metrics' })).errors).toEqual([
      {
        pointer: '/ambassadors/0/targetPort',
        detail: 'no TCP port named "metrics" in the pod; use a port name of the app or a number',
      },
    ]);
    expect(failure(request({ targetPort: 8443 })).errors).toEqual([
      {
        pointer: '/ambassadors/0/targetPort',
        detail: "8443 is the proxy's own listenPort; the proxy would forward to itself",
      },
    ]);
    expect(failure(request({}, { name: 'shop', image: 'ghcr.io/acme/shop:1.0.0', ports: [] })).errors).toEqual([
      {
        pointer: '/ambassadors/0/targetPort',
        detail: 'the app declares no ports: give targetPort, the port the app serves HTTP on',
      },
    ]);
    const udpFirst = { ...APP, ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, ...APP.ports] };
    expect(failure(request({}, udpFirst)).errors).toEqual([
      {
        pointer: '/ambassadors/0/targetPort',
        detail: 'the app\'s first port "dns" is UDP, not TCP: give targetPort',
      },
    ]);
    // a port name is looked up among TCP ports only
    expect(failure(request({ targetPort: 'dns' }, udpFirst)).errors[0].detail).toBe(
      'no TCP port named "dns" in the pod; use a port name of the app or a number',
    );
    expect(config(request({ targetPort: 'http' }, { ...udpFirst, ports: [...udpFirst.ports] }))).toContain(
      'proxy_pass http://127.0.0.1:8080;',
    );
  });

  it('says which container has the port name, and which app port has the Service port', () => {
    expect(failure(request({ portName: 'grpc' })).errors).toEqual([
      {
        pointer: '/ambassadors/0/portName',
        detail: 'port name "grpc" is already used by container "shop"; set portName to another name',
      },
    ]);
    expect(
      failure(
        request(
          { exposeAppPort: true, listenPort: 9091, targetPort: 7000, portName: 'edge' },
          { ...APP, ports: [...APP.ports, { name: 'alt', containerPort: 7001, servicePort: 9091 }] },
        ),
      ).errors,
    ).toEqual([
      {
        pointer: '/ambassadors/0/listenPort',
        detail: 'the Service already has port 9091 for the app\'s port "alt"; choose another listenPort',
      },
    ]);
  });

  it('does not count an app port kept off the Service, or a UDP one, as a Service clash', () => {
    const ports = [
      { name: 'http', containerPort: 8080 },
      { name: 'hidden', containerPort: 7001, servicePort: 8443, expose: false },
      { name: 'dns', containerPort: 5353, servicePort: 8443, protocol: 'UDP' },
    ];
    expect(
      service(request({ targetPort: 7000 }, { ...APP, ports })).spec.ports.map((p: Obj) => [
        p.name,
        p.port,
        p.protocol,
      ]),
    ).toEqual([
      ['http', 8080, 'TCP'],
      ['dns', 8443, 'UDP'],
      ['http-proxy', 8443, 'TCP'],
    ]);
  });

  it('fronts an app port kept off the Service under its own name and port', () => {
    const ports = [{ name: 'http', containerPort: 8080, expose: false }];
    expect(service(request({}, { ...APP, ports })).spec.ports).toEqual([
      { name: 'http-proxy', port: 8443, targetPort: 'http-proxy', protocol: 'TCP' },
    ]);
  });

  it('replaces an app Service port once: a second proxy on it gets its own', () => {
    const req = request({}, APP, {
      ambassadors: [
        { preset: 'reverse-proxy', name: 'edge', listenPort: 8443 },
        { preset: 'reverse-proxy', name: 'edge2', listenPort: 8444, portName: 'http-proxy2' },
      ],
    });
    expect(service(req).spec.ports.map((p: Obj) => [p.name, p.port, p.targetPort])).toEqual([
      ['grpc', 9090, 'grpc'],
      ['http', 80, 'http-proxy'],
      ['http-proxy2', 8444, 'http-proxy2'],
    ]);
  });

  it('probes with these timings and asks for these resources', () => {
    const proxy = containerNamed(podSpecOf(composeBundle(request({ healthPath: '/hz' }))), 'edge');
    const httpGet = { path: '/hz', port: 'http-proxy', scheme: 'HTTP' };
    expect([proxy.startupProbe, proxy.readinessProbe, proxy.livenessProbe]).toEqual([
      { httpGet, periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 60 },
      { httpGet, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
      { httpGet, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
    ]);
    expect(proxy.resources).toEqual({ requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(proxy.volumeMounts!.map((m) => m.mountPath)).toEqual([
      '/etc/nginx/reverse-proxy',
      '/tmp',
      '/var/cache/nginx',
    ]);
  });

  it('refuses a route on the health path, with or without its final slash', () => {
    for (const healthPath of ['/ops/', '/ops'])
      expect(failure(request({ healthPath, routes: [{ pathPrefix: '/ops/', targetPort: 8081 }] })).errors).toEqual([
        {
          pointer: '/ambassadors/0/routes/0/pathPrefix',
          detail: "/ops/ is the proxy's healthPath; choose another healthPath or prefix",
        },
      ]);
    expect(config(request({ healthPath: '/ops/x', routes: [{ pathPrefix: '/ops/', targetPort: 8081 }] }))).toContain(
      'location /ops/ {',
    );
    expect(failure(request({ routes: [{ pathPrefix: '/x/', targetPort: 8443 }] })).errors).toEqual([
      {
        pointer: '/ambassadors/0/routes/0/targetPort',
        detail: "8443 is the proxy's own listenPort; the proxy would forward to itself",
      },
    ]);
  });

  it('writes the rate limit with a burst of one second by default, delaying on request', () => {
    expect(config(request({ rateLimit: { requestsPerSecond: 9 } }))).toContain(
      'limit_req zone=per_client burst=9 nodelay;',
    );
    expect(config(request({ rateLimit: { requestsPerSecond: 9, burst: 2, delay: true } }))).toContain(
      'limit_req zone=per_client burst=2;',
    );
    expect(config(request())).not.toContain('limit_req');
  });
});
