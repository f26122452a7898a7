// Reads YAML the way kubectl does, with the real binary and no cluster: `kubectl annotate --local
// -f <file> -o json` parses every document (go-yaml, then JSON) and prints it back as JSON. The one
// annotation it adds is taken off again, so what comes back is what kubectl understood.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { K8sObject } from '../../src/core/model/bundle.js';
import { requireKubectl } from './programs.js';

const kubectlBinary = requireKubectl();
const MARK = 'pod-patterns.test/read-back';

export interface ReadBack {
  /** the objects kubectl read, in document order (absent when it failed) */
  objects?: K8sObject[];
  /** kubectl's error output when it failed */
  error?: string;
}

/** kubectl's reading of a multi-document YAML text. */
export function kubectlReadBack(yaml: string): Promise<ReadBack> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-'));
  const file = join(dir, 'bundle.yaml');
  writeFileSync(file, yaml);
  return new Promise((resolve) => {
    execFile(
      kubectlBinary,
      ['annotate', '--local', '-f', file, '--overwrite', `${MARK}=1`, '-o', 'json'],
      { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, KUBECONFIG: join(dir, 'none') } },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        if (err) return resolve({ error: stderr || String(err) });
        resolve({ objects: splitJson(stdout).map(unmark) });
      },
    );
  });
}

/** kubectl prints one indented JSON object per document, each starting with "{" on its own line. */
function splitJson(text: string): K8sObject[] {
  return text
    .split(/^(?=\{$)/m)
    .filter((chunk) => chunk.trim())
    .map((chunk) => JSON.parse(chunk) as K8sObject);
}

function unmark(object: K8sObject): K8sObject {
  const annotations = { ...(object.metadata?.annotations as Record<string, string>) };
  delete annotations[MARK];
  const metadata = { ...object.metadata } as Record<string, unknown>;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...object, metadata } as K8sObject;
}

/**
 * The first difference between objects and kubectl's reading of their YAML, or undefined when
 * kubectl read exactly them. (An empty annotations map and none read the same: kubectl adds the
 * marker annotation to both.)
 */
export function readBackDifference(expected: readonly K8sObject[], read: ReadBack): string | undefined {
  if (!read.objects) return `kubectl could not read the YAML: ${read.error}`;
  if (read.objects.length !== expected.length)
    return `kubectl read ${read.objects.length} documents, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    // kubectl prints map keys sorted (Go's encoder), so both sides are compared with sorted keys
    const want = sortedJson(withoutEmptyAnnotations(expected[i]));
    const got = sortedJson(withoutEmptyAnnotations(read.objects[i]));
    if (want !== got)
      return `document ${i} (${expected[i].kind}/${expected[i].metadata?.name}) reads back differently:\n  json:    ${firstDiff(want, got)[0]}\n  kubectl: ${firstDiff(want, got)[1]}`;
  }
  return undefined;
}

function withoutEmptyAnnotations(object: K8sObject): K8sObject {
  const annotations = object.metadata?.annotations as Record<string, string> | undefined;
  if (!annotations || Object.keys(annotations).length) return object;
  const { annotations: _, ...metadata } = object.metadata!;
  return { ...object, metadata };
}

/** The two strings around the first place they differ (60 characters either side). */
export function firstDiff(a: string, b: string): [string, string] {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return [a.slice(from, i + 60), b.slice(from, i + 60)];
}

/** JSON with every object's keys sorted: equal for objects that differ only in key order. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
