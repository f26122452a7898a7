// Pod Security Standards conformance: upstream's own pass/fail pods, per level and version.
// fail -> at least one pss.* error at that level and version; pass -> none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/core/rules/engine.js';
import { parseYamlManifests } from '../../src/core/validate/parse-manifests.js';
import type { PodSecurityLevel } from '../../src/core/model/request.js';
import { SHARED_DIR } from '../support/programs.js';

const ROOT = join(SHARED_DIR, 'conformance', 'pod-security-admission');

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
        for (const file of readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .sort()) {
          out.push({
            file: join(level, version, verdict, file),
            level: level as PodSecurityLevel,
            minor,
            expect: verdict,
          });
        }
      }
    }
  }
  return out;
}

/** Upstream check names (the file names without digits) and the rule that implements each. */
const RULE_OF_CHECK: Record<string, string> = {
  allowprivilegeescalation: 'pss.allow-privilege-escalation',
  apparmorprofile: 'pss.apparmor',
  capabilities_baseline: 'pss.capabilities-baseline',
  capabilities_restricted: 'pss.capabilities-restricted',
  hostnamespaces: 'pss.host-namespaces',
  hostpathvolumes: 'pss.host-path-volumes',
  hostports: 'pss.host-ports',
  hostprobesandhostlifecycle: 'pss.host-probes',
  privileged: 'pss.privileged',
  procmount: 'pss.proc-mount',
  procmount_restricted: 'pss.proc-mount-restricted',
  restrictedvolumes: 'pss.volume-types',
  runasnonroot: 'pss.run-as-non-root',
  runasuser: 'pss.run-as-user',
  seccompprofile_baseline: 'pss.seccomp-baseline',
  seccompprofile_restricted: 'pss.seccomp-restricted',
  selinuxoptions: 'pss.selinux',
  sysctls: 'pss.sysctls',
  windowshostprocess: 'pss.windows-host-process',
};

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
      const pss = runRules({ documents, minor: c.minor, podSecurity: c.level, mode: 'validate' }).filter(
        (f) => f.rule.startsWith('pss.') && f.severity === 'error',
      );
      const verdict = pss.length ? 'fail' : 'pass';
      if (verdict !== c.expect)
        wrong.push(
          `${c.file}: expected ${c.expect}, got ${verdict} ${pss.map((f) => `${f.rule} ${f.path}`).join('; ')}`,
        );
      // a failing pod fails for the check it was written for
      const check = /^([a-z_]+?)\d+\.yaml$/.exec(c.file.split('/').pop()!)?.[1];
      if (c.expect === 'fail' && !pss.some((f) => f.rule === RULE_OF_CHECK[check ?? '']))
        wrong.push(`${c.file}: no ${RULE_OF_CHECK[check ?? ''] ?? `rule for check ${check}`} finding`);
      checked += 1;
    }
    expect(wrong).toEqual([]);
  });

  afterAll(() => {
    console.log(
      `Pod Security conformance: ${checked} files checked under ../shared/conformance/pod-security-admission`,
    );
  });
});
