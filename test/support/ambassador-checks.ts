// The real-program check for each ambassador's generated config: nginx -t, haproxy -c,
// nutcracker -t, each on the container's own command line with its files laid out as its volumes
// provide them.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Bundle } from '../../src/core/model/bundle.js';
import { containerCommand, runProgram, type ProgramResult } from './ambassador-bundle.js';
import { materializeContainer, type ContainerFs } from './container-fs.js';
import { runNginxEntrypoint } from './nginx-entrypoint.js';
import { podTemplateOf } from './pod-template.js';

/** A cluster's resolv.conf: IPv4 and IPv6 nameservers, search domains. */
export const CLUSTER_RESOLV_CONF =
  'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\nnameserver fd00::a\noptions ndots:5\n';

/** Renders the nginx template as the image would and moves emptyDir paths under the temp root. */
export function renderNginxForTest(
  fs: ContainerFs,
  secrets: Record<string, string> = {},
): { configPath: string; text: string } {
  const [configPath] = runNginxEntrypoint(fs, { resolvConf: CLUSTER_RESOLV_CONF, secrets });
  const text = fs.rewriteWritablePaths(readFileSync(configPath, 'utf8'));
  writeFileSync(configPath, text);
  return { configPath, text };
}

/** nginx -t on the container's command line (error log to stderr, prefix in the temp root). */
export function nginxTest(fs: ContainerFs): ProgramResult {
  const { program, args } = containerCommand(fs);
  return runProgram(program, ['-t', '-e', 'stderr', '-p', `${fs.root}/`, ...args]);
}

export function haproxyTest(fs: ContainerFs): ProgramResult {
  const { program, args } = containerCommand(fs);
  return runProgram(program, ['-c', ...args]);
}

export function nutcrackerTest(fs: ContainerFs): ProgramResult {
  const { program, args } = containerCommand(fs);
  return runProgram(program, ['-t', ...args]);
}

/** The path of the file after `flag` on the container's command line, on this machine. */
export function configArg(fs: ContainerFs, flag: string): string {
  const { args } = containerCommand(fs);
  return args[args.indexOf(flag) + 1];
}

/** Ambassador containers of a bundle with their preset, from the roles annotation. */
export function ambassadorsOf(bundle: Bundle): { name: string; preset: string }[] {
  const roles = JSON.parse(podTemplateOf(bundle).annotations['pod-patterns.io/roles'] ?? '{}') as Record<
    string,
    string
  >;
  return Object.entries(roles)
    .filter(([, role]) => role.startsWith('ambassador/'))
    .map(([name, role]) => ({ name, preset: role.slice('ambassador/'.length) }));
}

/** Runs the right program on one ambassador's generated config. */
export function checkAmbassadorConfig(
  bundle: Bundle,
  name: string,
  preset: string,
  secrets: Record<string, string> = {},
): ProgramResult {
  const fs = materializeContainer(bundle, name);
  try {
    switch (preset) {
      case 'http-egress':
        renderNginxForTest(fs, secrets);
        return nginxTest(fs);
      case 'tcp-egress':
        return haproxyTest(fs);
      case 'redis-shards':
        return nutcrackerTest(fs);
      default:
        throw new Error(`no config check for ambassador preset ${preset}`);
    }
  } finally {
    fs.dispose();
  }
}
