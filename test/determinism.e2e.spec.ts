// Same input, same bytes, across processes: a separate node process of the compiled service code,
// with another time zone, locale and working folder, computes every example's bundle digest and
// chart tarball; they must equal what this test process computes from the sources.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { digestOf } from '../src/core/render/canonical.js';
import { examplesIn, REPO_EXAMPLES_DIR } from './support/app.js';
import { REPO_ROOT, SHARED_DIR } from './support/programs.js';
import { compiledService } from './support/service-process.js';
import { chartTarball, composeBundle, type RequestBody } from './support/validated.js';

type Fingerprints = Record<string, { digest: string; chart: string }>;

const examples = [
  ...examplesIn(REPO_EXAMPLES_DIR).map((e) => ({ ...e, file: `repo/${e.file}` })),
  ...examplesIn(join(SHARED_DIR, 'examples')).map((e) => ({ ...e, file: `shared/${e.file}` })),
];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The script each process runs: the compiled core, every example, digests and chart hashes as JSON. */
const SCRIPT = `
import { createHash } from 'node:crypto';
const [dist, requests] = [process.env.DIST, JSON.parse(process.env.REQUESTS)];
const { composeBundle } = await import(dist + '/core/generate/compose-bundle.js');
const { digestOf } = await import(dist + '/core/render/canonical.js');
const { chartTarball } = await import(dist + '/core/render/chart/chart-builder.js');
const { validateBundleRequest } = await import(dist + '/core/input/bundle-request.js');
const { validateChartRequest } = await import(dist + '/core/input/chart-request.js');
const out = {};
for (const [file, request] of Object.entries(requests)) {
  const chart = await chartTarball(validateChartRequest(structuredClone(request)));
  out[file] = { digest: digestOf(composeBundle(validateBundleRequest(structuredClone(request))).manifests), chart: createHash('sha256').update(chart.tarball).digest('hex') };
}
process.stdout.write(JSON.stringify(out));
`;

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function otherProcess(env: Record<string, string>): Promise<Fingerprints> {
  const cwd = mkdtempSync(join(tmpdir(), 'determinism-'));
  folders.push(cwd);
  const requests = Object.fromEntries(examples.map((e) => [e.file, e.body]));
  const { stdout } = await promisify(execFile)(
    join(REPO_ROOT, 'node_modules/.bin/node'),
    ['--input-type=module', '-e', SCRIPT],
    {
      cwd,
      env: { PATH: process.env.PATH, DIST: compiledService(), REQUESTS: JSON.stringify(requests), ...env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Fingerprints;
}

describe('determinism across processes', () => {
  it('another process (other time zone, locale, folder) gives every example the same digest and chart bytes as this one', async () => {
    const here: Fingerprints = {};
    for (const { file, body } of examples) {
      here[file] = {
        digest: digestOf(composeBundle(structuredClone(body) as RequestBody).manifests),
        chart: sha256((await chartTarball(structuredClone(body) as RequestBody)).tarball),
      };
    }
    expect(Object.keys(here).length).toBeGreaterThanOrEqual(9);
    // a time zone 12:45 ahead and a locale whose case mapping differs (dotted/dotless i)
    expect(await otherProcess({ TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' })).toEqual(here);
  }, 300_000);
});
