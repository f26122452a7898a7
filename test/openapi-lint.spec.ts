// `redocly lint` on the committed OpenAPI document with the rules of redocly.yaml: any error or
// warning fails, listed with its rule and location. Fix the source (DTO decorators, controllers,
// src/openapi/) and regenerate with `npm run openapi`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/programs.js';

const REDOCLY = join(REPO_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const VERSION = (createRequire(import.meta.url)('@redocly/cli/package.json') as { version: string }).version;

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

async function lint(file: string): Promise<LintReport> {
  if (!existsSync(REDOCLY)) throw new Error('@redocly/cli is missing: run `npm install`');
  const run = await promisify(execFile)(
    process.execPath,
    [REDOCLY, 'lint', file, '--config', 'redocly.yaml', '--lint-config', 'error', '--format', 'json'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    // exit code 1 when there are errors; the JSON report is still on stdout
    if (!error.stdout) throw new Error(`redocly lint failed: ${error.stderr}`);
    return { stdout: error.stdout };
  });
  return JSON.parse(run.stdout) as LintReport;
}

describe(`redocly lint (@redocly/cli ${VERSION})`, () => {
  it('finds no error and no warning in openapi/openapi.json', async () => {
    const report = await lint('openapi/openapi.json');
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`,
    );
    expect(problems, 'fix the source and run `npm run openapi`').toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    // only the exceptions of .redocly.lint-ignore.yaml (the three operations without input)
    expect(report.totals.ignored).toBe(3);
  });

  it('fails a copy with a wrong example, a missing operationId and a 4xx that is not problem+json', async () => {
    const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'openapi', 'openapi.json'), 'utf8'));
    const createBundle = spec.paths['/v1/bundles'].post;
    const example = Object.values(
      createBundle.requestBody.content['application/json'].examples as Record<string, { value: any }>,
    )[0]!;
    example.value.app.replicas = 'two';
    delete spec.paths['/v1/rules'].get.operationId;
    createBundle.responses['400'].content = {
      'application/json': createBundle.responses['400'].content['application/problem+json'],
    };
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec));
      const rules = new Set((await lint(join(dir, 'openapi.json'))).problems.map((p) => p.ruleId));
      expect([...rules]).toEqual(
        expect.arrayContaining([
          'no-invalid-media-type-examples',
          'operation-operationId',
          'operation-4xx-problem-details-rfc7807',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
