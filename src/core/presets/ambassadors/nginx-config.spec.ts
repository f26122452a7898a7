import { describe, expect, it } from 'vitest';
import { renderNginxConfig, type NginxAmbassadorConfig } from './nginx-config.js';

const base = (over: Partial<NginxAmbassadorConfig> = {}): NginxAmbassadorConfig => ({
  listenAddress: '127.0.0.1',
  listenPort: 9000,
  healthPath: '/_ambassador/healthz',
  upstream: { scheme: 'https', host: 'api.payments.example.com', basePath: '' },
  routes: [],
  resolvers: 'resolv.conf',
  resolverValid: '30s',
  timeouts: { connect: '5s', read: '60s', send: '60s' },
  retries: { attempts: 2, on: ['error', 'timeout'], nonIdempotent: false },
  headers: [],
  tlsVerify: true,
  maxBodySize: '10m',
  accessLog: true,
  ...over,
});

/** The lines of the `location <path>` block. */
function location(config: string, path: string): string[] {
  const lines = config.split('\n').map((l) => l.trim());
  const start = lines.indexOf(`location ${path} {`);
  if (start < 0) throw new Error(`no location ${path}`);
  return lines.slice(start + 1, lines.indexOf('}', start));
}

describe('renderNginxConfig', () => {
  it('listens on loopback only and proxies through a variable, so names resolve per request', () => {
    const c = renderNginxConfig(base());
    expect(c).toMatch(/^\s+listen 127\.0\.0\.1:9000;$/m);
    expect(c.match(/listen /g)).toHaveLength(1);
    expect(location(c, '/')).toEqual(
      expect.arrayContaining([
        'set $egress_upstream_0 "https://api.payments.example.com";',
        'proxy_pass $egress_upstream_0;',
      ]),
    );
    expect(c).not.toMatch(/proxy_pass https?:/);
  });

  it('takes the pod resolvers from the entrypoint placeholder, or the given ones', () => {
    expect(renderNginxConfig(base())).toContain('resolver ${NGINX_LOCAL_RESOLVERS} valid=30s ipv6=off;');
    expect(renderNginxConfig(base({ resolvers: ['10.96.0.10', '[fd00::a]:53'], resolverValid: '5s' }))).toContain(
      'resolver 10.96.0.10 [fd00::a]:53 valid=5s ipv6=off;',
    );
  });

  it('originates TLS with SNI and verification against the system CA bundle', () => {
    const tls = location(renderNginxConfig(base()), '/');
    expect(tls).toEqual(
      expect.arrayContaining([
        'proxy_ssl_server_name on;',
        'proxy_ssl_name api.payments.example.com;',
        'proxy_ssl_verify on;',
        'proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;',
      ]),
    );
    expect(location(renderNginxConfig(base({ tlsVerify: false })), '/')).toContain('proxy_ssl_verify off;');
    expect(
      renderNginxConfig(base({ upstream: { scheme: 'http', host: '10.0.0.5', port: 8080, basePath: '' } })),
    ).not.toContain('proxy_ssl');
  });

  it('rate limits only the proxied locations, nodelay unless asked to delay', () => {
    expect(renderNginxConfig(base())).not.toContain('limit_req');
    // without one, nothing between the resolver lines and the server block
    const lines = renderNginxConfig(base()).split('\n');
    const after = lines.indexOf('    resolver_timeout 5s;');
    expect(lines.slice(after + 1, lines.indexOf('    server {'))).toEqual(['']);
    const c = renderNginxConfig(base({ rateLimit: { requestsPerSecond: 20, burst: 40, delay: false } }));
    expect(c).toContain('limit_req_zone $binary_remote_addr zone=egress:1m rate=20r/s;');
    expect(c).toContain('limit_req_status 429;');
    expect(location(c, '/')).toContain('limit_req zone=egress burst=40 nodelay;');
    expect(location(c, '= /_ambassador/healthz').join('\n')).not.toContain('limit_req');
    const delayed = renderNginxConfig(base({ rateLimit: { requestsPerSecond: 5, burst: 0, delay: true } }));
    expect(location(delayed, '/')).toContain('limit_req zone=egress;');
  });

  it('turns retries into proxy_next_upstream, or off for a single attempt', () => {
    expect(renderNginxConfig(base())).toContain(
      'proxy_next_upstream error timeout;\n        proxy_next_upstream_tries 2;',
    );
    expect(
      renderNginxConfig(base({ retries: { attempts: 3, on: ['error', 'http_503'], nonIdempotent: true } })),
    ).toContain('proxy_next_upstream error http_503 non_idempotent;');
    const single = renderNginxConfig(base({ retries: { attempts: 1, on: ['error'], nonIdempotent: false } }));
    expect(single).toContain('proxy_next_upstream off;');
    expect(single).not.toContain('proxy_next_upstream_tries');
  });

  it('adds a base path and strips prefixes on $request_uri, never with a rewrite of the decoded URI', () => {
    const c = renderNginxConfig(
      base({
        upstream: { scheme: 'https', host: 'api.example.com', basePath: '/v1' },
        routes: [
          {
            pathPrefix: '/refunds/',
            upstream: { scheme: 'http', host: 'refunds.example.com', port: 8081, basePath: '/api' },
            stripPrefix: true,
          },
          {
            pathPrefix: '/r.2024/',
            upstream: { scheme: 'http', host: 'reports.example.com', basePath: '' },
            stripPrefix: false,
          },
        ],
      }),
    );
    // a rewrite hands nginx's decoded $uri upstream: /files/a%2Fb would arrive as /v1/files/a/b
    expect(c).not.toContain('rewrite');
    expect(location(c, '/')).toContain('proxy_pass $egress_upstream_0/v1$request_uri;');
    expect(c).toContain(
      'map $request_uri $egress_uri_1 {\n        "~^/refunds/(?<egress_rest_1>.*)$" "/api/$egress_rest_1";\n        default "";\n    }',
    );
    expect(location(c, '/refunds/')).toEqual([
      'set $egress_upstream_1 "http://refunds.example.com:8081";',
      'if ($egress_uri_1 = "") {',
      'return 400;',
    ]);
    expect(c).toContain('proxy_pass $egress_upstream_1$egress_uri_1;');
    expect(location(c, '/r.2024/')).toEqual([
      'set $egress_upstream_2 "http://reports.example.com";',
      'proxy_pass $egress_upstream_2;',
    ]);
  });

  it('sets extra headers once, at server level, next to keep-alive to the upstream', () => {
    const c = renderNginxConfig(
      base({
        headers: [
          { name: 'X-Client', value: 'shop (eu)' },
          { name: 'X-Api-Key', value: '${AMBASSADOR_HEADER_0}' },
        ],
      }),
    );
    expect(c).toContain(
      'proxy_set_header Connection "";\n        proxy_set_header X-Client "shop (eu)";\n        proxy_set_header X-Api-Key "${AMBASSADOR_HEADER_0}";',
    );
    expect(location(c, '/').join('\n')).not.toContain('proxy_set_header');
  });

  it('writes only under /tmp, logs to stdout/stderr and stays in the foreground', () => {
    const c = renderNginxConfig(base());
    const paths = [...c.matchAll(/(?:_path|pid) (\/\S+);/g)].map((m) => m[1]);
    expect(paths.length).toBe(6);
    for (const p of paths) expect(p.startsWith('/tmp/')).toBe(true);
    expect(c).toContain('daemon off;');
    expect(c).toContain('error_log stderr warn;');
    expect(c).toContain('access_log /dev/stdout;');
    expect(renderNginxConfig(base({ accessLog: false }))).toContain('access_log off;');
  });

  it('answers the health path itself', () => {
    expect(location(renderNginxConfig(base({ healthPath: '/healthz-egress' })), '= /healthz-egress')).toContain(
      'return 200 "ok\\n";',
    );
  });
});

describe('the whole http-egress nginx.conf (nginx -t reads it in test/ambassadors)', () => {
  it('is exactly these lines for routes, rate limit, retries, headers, resolvers and no TLS verification', () => {
    const config = renderNginxConfig(
      base({
        upstream: { scheme: 'https', host: 'api.payments.example.com', basePath: '' },
        routes: [
          {
            pathPrefix: '/v2/',
            upstream: { scheme: 'https', host: '[fd00::1]', port: 8081, basePath: '/api' },
            stripPrefix: true,
          },
          {
            pathPrefix: '/docs/',
            upstream: { scheme: 'http', host: 'docs.example.com', port: 8080, basePath: '/base' },
            stripPrefix: false,
          },
        ],
        resolvers: ['10.0.0.10', '10.0.0.11:5353'],
        timeouts: { connect: '3s', read: '45s', send: '50s' },
        retries: { attempts: 3, on: ['error', 'http_502'], nonIdempotent: true },
        // burst 0 is left out (nginx refuses "burst=0")
        rateLimit: { requestsPerSecond: 20, burst: 0, delay: false },
        headers: [
          { name: 'X-Api-Key', value: '${AMBASSADOR_HEADER_0}' },
          { name: 'X-Team', value: 'pay"ments' },
        ],
        tlsVerify: false,
        maxBodySize: '2m',
        accessLog: false,
      }),
    );
    expect(config.split('\n')).toEqual([
      '# http-egress ambassador: the app sends plain HTTP to the loopback listener below; nginx forwards',
      '# it to the upstream (TLS origination for https), resolving upstream names per request.',
      'worker_processes 1;',
      'daemon off;',
      'pid /tmp/nginx.pid;',
      'error_log stderr warn;',
      '',
      'events {',
      '    worker_connections 1024;',
      '}',
      '',
      'http {',
      '    client_body_temp_path /tmp/client_temp;',
      '    proxy_temp_path /tmp/proxy_temp;',
      '    fastcgi_temp_path /tmp/fastcgi_temp;',
      '    uwsgi_temp_path /tmp/uwsgi_temp;',
      '    scgi_temp_path /tmp/scgi_temp;',
      '    access_log off;',
      '    server_tokens off;',
      '',
      '    resolver 10.0.0.10 10.0.0.11:5353 valid=30s ipv6=off;',
      '    resolver_timeout 5s;',
      '',
      '    limit_req_zone $binary_remote_addr zone=egress:1m rate=20r/s;',
      '    limit_req_status 429;',
      '    limit_req_log_level warn;',
      '',
      '    map $request_uri $egress_uri_1 {',
      '        "~^/v2/(?<egress_rest_1>.*)$" "/api/$egress_rest_1";',
      '        default "";',
      '    }',
      '',
      '    server {',
      '        listen 127.0.0.1:9000;',
      '        client_max_body_size 2m;',
      '',
      '        proxy_connect_timeout 3s;',
      '        proxy_read_timeout 45s;',
      '        proxy_send_timeout 50s;',
      '        proxy_next_upstream error http_502 non_idempotent;',
      '        proxy_next_upstream_tries 3;',
      '',
      '        proxy_http_version 1.1;',
      '        proxy_set_header Connection "";',
      '        proxy_set_header X-Api-Key "${AMBASSADOR_HEADER_0}";',
      '        proxy_set_header X-Team "pay\\"ments";',
      '',
      '        location = /_ambassador/healthz {',
      '            access_log off;',
      '            default_type text/plain;',
      '            return 200 "ok\\n";',
      '        }',
      '',
      '        location / {',
      '            limit_req zone=egress nodelay;',
      '            set $egress_upstream_0 "https://api.payments.example.com";',
      '            proxy_pass $egress_upstream_0;',
      '            proxy_ssl_server_name on;',
      '            proxy_ssl_name api.payments.example.com;',
      '            proxy_ssl_protocols TLSv1.2 TLSv1.3;',
      '            proxy_ssl_verify off;',
      '        }',
      '',
      '        location /v2/ {',
      '            limit_req zone=egress nodelay;',
      '            set $egress_upstream_1 "https://[fd00::1]:8081";',
      '            if ($egress_uri_1 = "") {',
      '                return 400;',
      '            }',
      '            proxy_pass $egress_upstream_1$egress_uri_1;',
      '            proxy_ssl_server_name on;',
      '            proxy_ssl_name fd00::1;',
      '            proxy_ssl_protocols TLSv1.2 TLSv1.3;',
      '            proxy_ssl_verify off;',
      '        }',
      '',
      '        location /docs/ {',
      '            limit_req zone=egress nodelay;',
      '            set $egress_upstream_2 "http://docs.example.com:8080";',
      '            proxy_pass $egress_upstream_2/base$request_uri;',
      '        }',
      '    }',
      '}',
      '',
    ]);
  });
});

describe('renderNginxConfig: values at the edges', () => {
  it('verifies four certificates deep, names an IPv6 upstream without brackets, escapes a prefix in its map regex', () => {
    const ipv6 = { scheme: 'https' as const, host: '[2001:db8::1]', port: 8443, basePath: '/v1' };
    const c = renderNginxConfig(
      base({ upstream: ipv6, routes: [{ pathPrefix: '/a.b+c/', upstream: ipv6, stripPrefix: true }] }),
    );
    const tls = location(c, '/');
    expect(tls.slice(tls.indexOf('proxy_ssl_server_name on;'))).toEqual([
      'proxy_ssl_server_name on;',
      'proxy_ssl_name 2001:db8::1;',
      'proxy_ssl_protocols TLSv1.2 TLSv1.3;',
      'proxy_ssl_verify on;',
      'proxy_ssl_verify_depth 4;',
      'proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;',
    ]);
    expect(c).toContain('"~^/a\\.b\\+c/(?<egress_rest_1>.*)$" "/v1/$egress_rest_1";');
  });
});
