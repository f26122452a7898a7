// Every nginx configuration the http-egress preset generates passes the real `nginx -t`, for a
// matrix of parameters, after the same rendering the nginx image's entrypoint does at start.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresetItem } from '../../src/core/model/request.js';
import { bundleWithAmbassadors, containerCommand, runProgram } from '../support/ambassador-bundle.js';
import { CLUSTER_RESOLV_CONF, nginxTest, renderNginxForTest } from '../support/ambassador-checks.js';
import { runNginxEntrypoint } from '../support/nginx-entrypoint.js';
import { materializeContainer, type ContainerFs } from '../support/container-fs.js';

// Upstream names end in .invalid, so nothing here resolves on any machine: the configs must pass
// without DNS.
const SECRETS = { 'payments-api/api-key': 'k-0123456789abcdef' };

const opened: ContainerFs[] = [];
afterEach(() => opened.splice(0).forEach((fs) => fs.dispose()));

/** Generates, renders as the image would, moves emptyDir paths under a temp root; returns the config path and text. */
function generatedConfig(item: PresetItem): { fs: ContainerFs; configPath: string; text: string } {
  const fs = materializeContainer(bundleWithAmbassadors([item]), item.name);
  opened.push(fs);
  return { fs, ...renderNginxForTest(fs, SECRETS) };
}

const ROUTES = [
  { pathPrefix: '/refunds/', upstream: 'https://refunds.payments.invalid/api/v2', stripPrefix: true },
  { pathPrefix: '/reports/2024.q1/', upstream: 'http://10.0.0.12:8081' },
];
const HEADERS = [
  { name: 'X-Client', value: 'shop; build=1.0 (eu)' },
  { name: 'X-Api-Key', valueFrom: { secretName: 'payments-api', key: 'api-key' } },
];

const matrix: [string, PresetItem][] = [];
for (const scheme of ['http', 'https'] as const) {
  for (const rateLimit of [undefined, { requestsPerSecond: 20, burst: 40 }]) {
    for (const routes of [undefined, ROUTES]) {
      const label = `${scheme} upstream, ${rateLimit ? 'rate limit' : 'no rate limit'}, ${routes ? 'routes' : 'no routes'}`;
      const upstream = scheme === 'https' ? 'https://api.payments.invalid' : 'http://api.payments.invalid:8080/v1';
      matrix.push([
        label,
        {
          preset: 'http-egress',
          name: 'payments',
          upstream,
          ...(rateLimit ? { rateLimit } : {}),
          ...(routes ? { routes, headers: HEADERS } : {}),
        },
      ]);
    }
  }
}
matrix.push(
  [
    'explicit resolvers, verification off, no retries, delayed burst',
    {
      preset: 'http-egress',
      name: 'payments',
      upstream: 'https://api.payments.invalid:8443',
      resolvers: ['10.96.0.10', '[fd00::a]:53'],
      tlsVerify: false,
      retries: { attempts: 1 },
      rateLimit: { requestsPerSecond: 5, delay: true },
      resolverValid: '10s',
    },
  ],
  [
    'every retry condition, custom timeouts, unlimited body, no access log, custom health path',
    {
      preset: 'http-egress',
      name: 'payments',
      upstream: 'https://api.payments.invalid/base',
      healthPath: '/healthz-egress',
      retries: {
        attempts: 5,
        on: ['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_429'],
        nonIdempotent: true,
      },
      timeouts: { connect: '750ms', read: '2m', send: '1h' },
      maxBodySize: '0',
      accessLog: false,
    },
  ],
);

describe('http-egress: generated nginx configs pass nginx -t', () => {
  it.each(matrix)('%s', (_label, item) => {
    const { fs, text } = generatedConfig(item);
    expect(text).not.toContain('${');
    const result = nginxTest(fs);
    expect(result.output).toContain('test is successful');
    expect(result.output).not.toMatch(/\[(warn|emerg|alert)\]/);
    expect(result.status).toBe(0);
  });

  it('takes every header name and value the preset accepts, with every allowed character', () => {
    const tchars = "!#%&'*+.^_`|~-";
    const headers = [
      { name: `X${tchars}Az09`, value: ` !#%&'()*+,-./09:;<=>?@AZ[]^_\`az{|}~ ` },
      { name: `_${tchars}`, value: '' },
    ];
    const { fs, text } = generatedConfig({
      preset: 'http-egress',
      name: 'payments',
      upstream: 'http://api.payments.invalid:8080',
      headers,
    });
    expect(text).toContain(`proxy_set_header X${tchars}Az09 `);
    const result = nginxTest(fs);
    expect(result.output).toContain('test is successful');
    expect(result.status).toBe(0);
  });

  it.each(['#X-Trace', "'X-Trace"])('fails nginx -t with the header name %s, which the preset refuses', (name) => {
    const { fs, configPath, text } = generatedConfig({
      preset: 'http-egress',
      name: 'payments',
      upstream: 'http://api.payments.invalid:8080',
      headers: [{ name: 'X-Trace', value: 'on' }],
    });
    writeFileSync(configPath, text.replace('proxy_set_header X-Trace ', `proxy_set_header ${name} `));
    expect(nginxTest(fs).status).not.toBe(0);
    expect(() =>
      bundleWithAmbassadors([
        {
          preset: 'http-egress',
          name: 'payments',
          upstream: 'http://api.payments.invalid:8080',
          headers: [{ name, value: 'on' }],
        },
      ]),
    ).toThrow(/headers\/0\/name/);
  });

  it('checks what was generated: the template itself, not rendered, is rejected', () => {
    const fs = materializeContainer(bundleWithAmbassadors([matrix[0][1]]), 'payments');
    opened.push(fs);
    const template = fs.hostPath('/etc/nginx/templates/nginx.conf.template');
    const { args } = containerCommand(fs);
    const result = runProgram('nginx', ['-t', '-e', 'stderr', '-p', `${fs.root}/`, ...args.slice(0, -1), template]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('${NGINX_LOCAL_RESOLVERS}');
  });

  it('resolves per request: the same upstream in a plain proxy_pass fails nginx -t offline, the generated config passes', () => {
    const { fs, configPath, text } = generatedConfig(matrix[2][1]);
    expect(nginxTest(fs).status).toBe(0);
    writeFileSync(
      configPath,
      text.replace(/proxy_pass \$egress_upstream_0[^;]*;/, 'proxy_pass http://api.payments.invalid:8080;'),
    );
    const startup = nginxTest(fs);
    expect(startup.status).not.toBe(0);
    expect(startup.output).toMatch(/host not found in upstream "api\.payments\.invalid"/);
  });

  it("changes nothing in the rendered config but paths under the container's emptyDir mounts", () => {
    const fs = materializeContainer(bundleWithAmbassadors([matrix[7][1]]), 'payments');
    opened.push(fs);
    const [configPath] = runNginxEntrypoint(fs, { resolvConf: CLUSTER_RESOLV_CONF, secrets: SECRETS });
    const rendered = readFileSync(configPath, 'utf8').split('\n');
    const rewritten = fs.rewriteWritablePaths(rendered.join('\n')).split('\n');
    const changed = rendered.map((line, i) => [line, rewritten[i]]).filter(([a, b]) => a !== b);
    expect(changed.length).toBe(6);
    for (const [before, after] of changed) {
      expect(before).toMatch(/ \/tmp\//);
      expect(after).toBe(before.replace(' /tmp/', ` ${fs.root}/tmp/`));
    }
  });

  it('fills the resolvers from resolv.conf and header values from the Secret', () => {
    const { text } = generatedConfig(matrix[1][1]);
    expect(text).toMatch(/resolver 10\.96\.0\.10 \[fd00::a\] valid=30s ipv6=off;/);
    expect(text).toContain(`proxy_set_header X-Api-Key "${SECRETS['payments-api/api-key']}";`);
    expect(text).toContain('$egress_upstream_0');
  });
});
