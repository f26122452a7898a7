// Pod Security Standards conformance: upstream's own pass/fail pods, per level and version.
// fail -> at least one pss.* error at that level and version; pass -> none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/core/rules/engine.js';
import { parseYamlManifests } from '../../src/core/validate/parse-manifests.js';
import type { PodSecurityLevel } from '../../src/core/model/request.js';

const ROOT = fileURLToPath(new URL('../../../shared/conformance/pod-security-admission/', import.meta.url));

interface Case {
  file: string;
  level: PodSecurityLevel;
  minor: number;
  expect: 'pass' | 'fail';
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const level of readdirSync(ROOT)) {
    const levelDir = join(ROOT, level);
    if (!statSync(levelDir).isDirectory()) continue;
    for (const version of readdirSync(levelDir)) {
      const minor = Number(/^v1\.(\d+)$/.exec(version)?.[1]);
      for (const verdict of ['pass', 'fail'] as const) {
        const dir = join(levelDir, version, verdict);
        for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
          out.push({ file: join(level, version, verdict, file), level: level as PodSecurityLevel, minor, expect: verdict });
        }
      }
    }
  }
  return out;
}

const all = cases();
let checked = 0;

describe('Pod Security Standards conformance (pod-security-admission test data)', () => {
  it('finds the conformance data beside the project', () => {
    expect(all.length).toBeGreaterThan(900);
    expect(new Set(all.map((c) => c.level))).toEqual(new Set(['baseline', 'restricted']));
  });

  it('gives every pod the upstream verdict at its level and version', () => {
    const wrong: string[] = [];
    for (const c of all) {
      const documents = parseYamlManifests(readFileSync(join(ROOT, c.file), 'utf8'));
      const pss = runRules({ documents, minor: c.minor, podSecurity: c.level, mode: 'validate' }).filter((f) => f.rule.startsWith('pss.') && f.severity === 'error');
      const verdict = pss.length ? 'fail' : 'pass';
      if (verdict !== c.expect) wrong.push(`${c.file}: expected ${c.expect}, got ${verdict} ${pss.map((f) => `${f.rule} ${f.path}`).join('; ')}`);
      checked += 1;
    }
    expect(wrong).toEqual([]);
  });

  afterAll(() => {
    console.log(`Pod Security conformance: ${checked} files checked under ../shared/conformance/pod-security-admission`);
  });
});
