// Runs the real helm binary on generated chart tarballs and reads what it renders. Also the one
// place that says which differences between a chart's rendering and the bundle are allowed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../../src/core/model/bundle.js';
import { requireHelm, REPO_ROOT, SHARED_DIR } from '../support/programs.js';
import { type ChartRequestBody, chartTarball } from '../support/validated.js';

/** Labels only Helm sets (and the bundle sets differently): the ONLY allowed differences. */
export const HELM_OWN_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'] as const;

const helmBinary = requireHelm();
const workDir = mkdtempSync(join(tmpdir(), 'charts-'));
// imported by a test file while it is collected: this hook belongs to that file and removes its folder
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): Promise<HelmResult> {
  return new Promise((resolve) => {
    execFile(
      helmBinary,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, HELM_CACHE_HOME: workDir, HELM_CONFIG_HOME: workDir, HELM_DATA_HOME: workDir },
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Writes the request's chart tarball to a temp file; returns its path and the chart. */
export async function writeChart(request: ChartRequestBody, label = request.app.name) {
  const result = await chartTarball(request);
  const path = join(workDir, `${label}-${result.filename}`);
  writeFileSync(path, result.tarball);
  return { ...result, path };
}

/** Writes a file (a values file for `-f`, a tarball) into the tests' temp folder; returns its path. */
export function writeTemp(name: string, data: string | Buffer): string {
  const path = join(workDir, name);
  writeFileSync(path, data);
  return path;
}

/** The lint report of one chart out of a multi-chart `helm lint` run. */
export function lintSection(output: string, path: string): string | undefined {
  const sections = output.split(/^==> Linting /m);
  return sections.find((s) => s.startsWith(`${path}\n`));
}

export interface Rendered {
  /** objects from templates/ outside templates/tests */
  objects: K8sObject[];
  /** `helm test` hooks (templates/tests) */
  tests: K8sObject[];
}

/** `helm template <release> <tgz> --namespace <ns> [args]`; throws with helm's stderr on failure. */
export async function template(
  path: string,
  release: string,
  namespace: string,
  args: string[] = [],
): Promise<Rendered> {
  const result = await helm(['template', release, path, '--namespace', namespace, ...args]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  const rendered: Rendered = { objects: [], tests: [] };
  for (const chunk of result.stdout.split(/^---$/m)) {
    const source = /^# Source: [^/]+\/(.*)$/m.exec(chunk)?.[1];
    const docs = parseAllDocuments(chunk)
      .map((d) => d.toJS())
      .filter((o) => o && typeof o === 'object');
    for (const doc of docs)
      (source?.startsWith('templates/tests/') ? rendered.tests : rendered.objects).push(doc as K8sObject);
  }
  return rendered;
}

/** Removes the allowed differences (Helm's own labels, wherever labels appear). */
export function withoutHelmLabels<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutHelmLabels) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'labels' && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(
        Object.entries(v).filter(([label]) => !(HELM_OWN_LABELS as readonly string[]).includes(label)),
      );
    } else out[k] = withoutHelmLabels(v);
  }
  return out as T;
}

/** Objects keyed by kind/namespace/name, allowed differences removed: the comparable form. */
export function comparable(objects: K8sObject[]): Record<string, K8sObject> {
  const entries = objects.map(
    (o) => [`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, withoutHelmLabels(o)] as const,
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The shared example requests: the copy under examples/ in the repo when there is one. */
export function exampleRequests(): { file: string; request: ChartRequestBody }[] {
  const inRepo = join(REPO_ROOT, 'examples');
  const dir = existsSync(inRepo) ? inRepo : join(SHARED_DIR, 'examples');
  const list = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return list.map((file) => ({ file, request: JSON.parse(readFileSync(join(dir, file), 'utf8')) as ChartRequestBody }));
}
