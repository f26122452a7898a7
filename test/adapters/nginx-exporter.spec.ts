// The nginx source of the prometheus-exporter adapter, run for real: a Debian nginx with
// stub_status on a free loopback port plays the app, and the Debian nginx exporter runs with the
// args the preset generates. Its metrics must parse with promtool and report nginx_up 1.
//
// Versions: Debian ships nginx-prometheus-exporter 0.11 (Go flag package: "-nginx.scrape-uri",
// which also accepts the "--nginx.scrape-uri=" spelling); the image the bundle pins is 1.4.1
// (kingpin: "--nginx.scrape-uri=" only). The preset uses the double-dash "--flag=value" form and
// no flag that only one of them knows (0.11's -nginx.retries is gone in 1.x), so both accept it;
// the help check below proves the Debian side.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/model/bundle.js';
import {
  containerInvocation,
  expositionErrors,
  freeLoopbackPort,
  flagsUnknownTo,
  onLoopback,
  promtoolCheckMetrics,
  sampleValue,
  startProgram,
  stopAll,
  waitForHttp,
} from '../support/exporter-processes.js';
import { requireProgram } from '../support/programs.js';
import { composeBundle } from '../support/validated.js';

const STATUS_PATH = '/nginx_status';

function nginxConfig(dir: string, port: number): string {
  return `worker_processes 1;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = ${STATUS_PATH} { stub_status; }
    location / { return 200 "hello\\n"; }
  }
}
`;
}

describe('prometheus-exporter (nginx) with the real nginx exporter', () => {
  let dir: string;
  let nginxPort: number;
  let metricsPort: number;
  let bundle: Bundle;
  let metrics: string;

  beforeAll(async () => {
    const nginx = requireProgram('nginx');
    const exporter = requireProgram('prometheus-nginx-exporter');
    requireProgram('promtool');
    dir = mkdtempSync(join(tmpdir(), 'nginx-exporter-'));
    nginxPort = await freeLoopbackPort();
    metricsPort = await freeLoopbackPort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort));
    const server = startProgram(nginx, [
      '-p',
      dir,
      '-c',
      join(dir, 'nginx.conf'),
      '-g',
      `daemon off; pid ${dir}/nginx.pid;`,
    ]);
    await waitForHttp(`http://127.0.0.1:${nginxPort}${STATUS_PATH}`, server, (body) =>
      body.startsWith('Active connections'),
    );

    // The app is the nginx above: its port is declared in app.ports and the adapter names it.
    bundle = composeBundle({
      app: {
        name: 'web',
        image: 'nginxinc/nginx-unprivileged:1.27-alpine',
        ports: [{ name: 'http', containerPort: nginxPort }],
      },
      adapters: [
        {
          preset: 'prometheus-exporter',
          name: 'nginx-metrics',
          source: 'nginx',
          port: 'http',
          statusPath: STATUS_PATH,
          metricsPort,
        },
      ],
    });
    const run = onLoopback(containerInvocation(bundle, 'nginx-metrics'));
    const proc = startProgram(exporter, run.args, run.env);
    // a few requests, so the counters move
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${nginxPort}/`).then((r) => r.text());
    metrics = await waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`, proc, (body) => /^nginx_up /m.test(body));
  });

  afterAll(async () => {
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the generated args unchanged but for the loopback listen address', () => {
    const generated = containerInvocation(bundle, 'nginx-metrics');
    expect(generated.args).toEqual([
      `--nginx.scrape-uri=http://127.0.0.1:${nginxPort}${STATUS_PATH}`,
      `--web.listen-address=:${metricsPort}`,
    ]);
    expect(generated.env).toEqual({});
  });

  it('uses only flags the Debian exporter knows', () => {
    expect(
      flagsUnknownTo(requireProgram('prometheus-nginx-exporter'), containerInvocation(bundle, 'nginx-metrics').args),
    ).toEqual([]);
  });

  it('reports nginx_up 1 and the stub_status counters', () => {
    expect(sampleValue(metrics, 'nginx_up')).toBe(1);
    expect(sampleValue(metrics, 'nginx_connections_accepted')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'nginx_http_requests_total')).toBeGreaterThanOrEqual(3);
  });

  it('serves metrics that promtool check metrics accepts', () => {
    const check = promtoolCheckMetrics(metrics);
    expect(expositionErrors(check, metrics)).toEqual([]);
  });
});
