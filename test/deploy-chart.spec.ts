// deploy/: the service's own chart, as the service makes it from its own description. The committed
// chart must be exactly what POST /v1/charts answers for deploy/request.json (regenerate with
// `npm run deploy-chart`); it lints clean with the real helm (--strict), renders the bundle of the
// same request, which our validator passes at the restricted level (no error, no warning), and it runs
// the service as the image and the service's settings expect.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/core/model/bundle.js';
import { toMultiDocumentYaml } from '../src/core/render/canonical.js';
import { validateBundle } from '../src/core/validate/validate-bundle.js';
import { loadConfig } from '../src/config/app-config.js';
import { chartFilesOf, DEPLOY_CHART_DIR, DEPLOY_REQUEST, requestChart } from '../src/deploy/deploy-chart.js';
import { comparable, helm, template, type Rendered } from './charts/helm-run.js';
import { startTestApp } from './support/app.js';
import { REPO_ROOT } from './support/programs.js';
import { type ChartRequestBody, composeBundle } from './support/validated.js';

type Obj = Record<string, any>;

const request = JSON.parse(readFileSync(DEPLOY_REQUEST, 'utf8')) as ChartRequestBody;
const NAMESPACE = request.app.namespace!;
let app: NestFastifyApplication;
let rendered: Rendered;

function committedFiles(dir = DEPLOY_CHART_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, committedFiles(path));
    else files[relative(DEPLOY_CHART_DIR, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

const find = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind) as Obj | undefined;

beforeAll(async () => {
  app = await startTestApp();
  rendered = await template(DEPLOY_CHART_DIR, request.app.name, NAMESPACE);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("deploy/pod-patterns, the service's own chart", () => {
  it('is exactly what the service makes of deploy/request.json (run `npm run deploy-chart` after a change)', async () => {
    const made = await chartFilesOf(await requestChart(app, request));
    const committed = committedFiles();
    expect(Object.keys(committed).sort()).toEqual(Object.keys(made).sort());
    for (const [path, text] of Object.entries(made))
      expect(committed[path], `deploy/pod-patterns/${path} drifted`).toBe(text);
  });

  it('passes helm lint --strict without a warning', async () => {
    const lint = await helm(['lint', '--strict', DEPLOY_CHART_DIR]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
  });

  it('renders the bundle of the same request, which the validator passes at the restricted level without an error or warning', () => {
    const { chart: _chartOptions, ...bundleRequest } = request;
    expect(comparable(rendered.objects)).toEqual(comparable(composeBundle(bundleRequest).manifests));
    const report = validateBundle(
      { yaml: toMultiDocumentYaml(rendered.objects) },
      { kubernetesVersion: '1.33', podSecurity: 'restricted' },
    );
    // no error or warning; one note: the API keys Secret is the operator's to create (README: deploy/)
    expect(report.findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`)).toEqual([
      'info ref.exists: Secret "pod-patterns-api-keys" is not in the bundle; make sure it exists in the namespace before the pod starts',
    ]);
    expect(report.valid).toBe(true);
  });

  it('runs at least 2 replicas under an autoscaler, with a disruption budget and a network policy', () => {
    const kinds = rendered.objects.map((o) => o.kind).sort();
    expect(kinds).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    const hpa = find(rendered.objects, 'HorizontalPodAutoscaler')!;
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find(rendered.objects, 'PodDisruptionBudget')!.spec.maxUnavailable).toBe(1);
    // Redis (the shared rate limit) is the only place the pods connect to, besides DNS
    const egress = find(rendered.objects, 'NetworkPolicy')!.spec.egress as Obj[];
    expect(egress.flatMap((rule) => rule.ports.map((p: Obj) => p.port)).sort()).toEqual([53, 53, 6379, 6380]);
  });

  it('probes /readyz for readiness and /healthz for liveness, and reads its API keys from a mounted Secret', () => {
    const pod = find(rendered.objects, 'Deployment')!.spec.template.spec;
    const [main] = pod.containers;
    expect(main.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(main.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const env = Object.fromEntries((main.env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    const keysFile = env.API_KEYS_FILE as string;
    const mount = (main.volumeMounts as Obj[]).find((m) => keysFile.startsWith(`${m.mountPath}/`))!;
    expect(mount.readOnly).toBe(true);
    expect(pod.volumes.find((v: Obj) => v.name === mount.name).secret).toEqual({ secretName: 'pod-patterns-api-keys' });
    expect(env.RATE_LIMIT_REDIS_URL).toEqual({
      secretKeyRef: { name: 'pod-patterns-redis', key: 'url', optional: true },
    });
    // every literal setting is one the service accepts
    const literals = Object.fromEntries(
      Object.entries(env).filter(([name, v]) => typeof v === 'string' && name !== 'API_KEYS_FILE'),
    );
    expect(() => loadConfig(literals as Record<string, string>)).not.toThrow();
    expect(loadConfig(literals as Record<string, string>).port).toBe(main.ports[0].containerPort);
  });

  it("runs as the Dockerfile's user with the restricted security context and a read-only root", () => {
    const pod = find(rendered.objects, 'Deployment')!.spec.template.spec;
    const [main] = pod.containers;
    const user = /^USER (\d+):(\d+)$/m.exec(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'))!;
    expect([main.securityContext.runAsUser, main.securityContext.runAsGroup]).toEqual([
      Number(user[1]),
      Number(user[2]),
    ]);
    expect(main.securityContext).toEqual(
      expect.objectContaining({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      }),
    );
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('has a ServiceMonitor option, off by default, that scrapes /metrics on the http port', async () => {
    expect(rendered.objects.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
    const on = await template(DEPLOY_CHART_DIR, request.app.name, NAMESPACE, [
      '--set',
      'metrics.serviceMonitor.enabled=true',
      '--set',
      'metrics.serviceMonitor.labels.release=prometheus',
    ]);
    const monitor = find(on.objects, 'ServiceMonitor')!;
    expect(monitor.metadata.labels.release).toBe('prometheus');
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics' }]);
    expect(monitor.spec.selector.matchLabels).toEqual(find(on.objects, 'Service')!.spec.selector);
  });
});
