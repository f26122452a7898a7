// What the nginx image's entrypoint does before nginx starts, for a generated container laid out by
// materializeContainer: with NGINX_ENTRYPOINT_LOCAL_RESOLVERS set, the nameservers of resolv.conf
// become NGINX_LOCAL_RESOLVERS (IPv6 in brackets); then every *.template file under
// NGINX_ENVSUBST_TEMPLATE_DIR is run through the real envsubst into NGINX_ENVSUBST_OUTPUT_DIR,
// replacing only the defined env vars whose names match NGINX_ENVSUBST_FILTER.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../../src/core/model/bundle.js';
import { containerCommand } from './ambassador-bundle.js';
import { materializeContainer, writeHostFile, type ContainerFs } from './container-fs.js';
import { waitForPort, type ProcessGroup, type RunningProcess } from './processes.js';
import { requireProgram } from './programs.js';

export interface EntrypointInput {
  /** the text of the pod's /etc/resolv.conf */
  resolvConf: string;
  /** Secret values by "secretName/key", for env vars that come from Secrets */
  secrets?: Record<string, string>;
}

/** Resolvers as the image's 15-local-resolvers.envsh computes them. */
export function localResolvers(resolvConf: string): string {
  return resolvConf
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === 'nameserver' && fields[1])
    .map(([, address]) => (address.includes(':') ? `[${address}]` : address))
    .join(' ');
}

/** The container's environment as the kubelet would set it, Secrets taken from `secrets`. */
export function containerEnv(fs: ContainerFs, secrets: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of fs.container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secrets[`${ref.name}/${ref.key}`];
      if (value === undefined)
        throw new Error(`env ${e.name} needs Secret ${ref.name} key ${ref.key}; give it in secrets`);
      env[e.name] = value;
    } else {
      env[e.name] = e.value ?? '';
    }
  }
  return env;
}

/** Renders the templates; returns the host paths of the rendered files. */
export function runNginxEntrypoint(fs: ContainerFs, input: EntrypointInput): string[] {
  const env = containerEnv(fs, input.secrets);
  return renderNginxTemplates(env, input.resolvConf, (containerPath) => fs.hostPath(containerPath));
}

/**
 * The entrypoint's template step for a container's `env`; `hostPath` maps a directory of the
 * container to this machine. Rendered files are readable by any user (the container's is not root).
 */
export function renderNginxTemplates(
  containerEnvironment: Record<string, string>,
  resolvConf: string,
  hostPath: (containerPath: string) => string,
): string[] {
  const envsubst = requireProgram('envsubst');
  const env = { ...containerEnvironment };
  if (env.NGINX_ENTRYPOINT_LOCAL_RESOLVERS) env.NGINX_LOCAL_RESOLVERS = localResolvers(resolvConf);
  const templateDir = env.NGINX_ENVSUBST_TEMPLATE_DIR ?? '/etc/nginx/templates';
  const outputDir = env.NGINX_ENVSUBST_OUTPUT_DIR ?? '/etc/nginx/conf.d';
  const filter = new RegExp(env.NGINX_ENVSUBST_FILTER ?? '');
  const shellFormat = Object.keys(env)
    .filter((name) => filter.test(name))
    .map((name) => `\${${name}}`)
    .join(' ');
  const templates = readdirSync(hostPath(templateDir)).filter((f) => f.endsWith('.template'));
  return templates.map((file) => {
    const rendered = execFileSync(envsubst, [shellFormat], {
      input: readFileSync(join(hostPath(templateDir), file)),
      env,
      encoding: 'utf8',
    });
    const out = join(hostPath(outputDir), file.slice(0, -'.template'.length));
    writeHostFile(out, rendered);
    chmodSync(out, 0o644);
    return out;
  });
}

/**
 * Starts a generated nginx ambassador for real: lays out its container, renders its template as
 * the image does, moves emptyDir paths under the temporary root, runs nginx with the container's
 * command line (error log to stderr) and waits for its listen port.
 */
export async function startNginxAmbassador(
  group: ProcessGroup,
  bundle: Bundle,
  name: string,
  listenPort: number,
  input: EntrypointInput,
): Promise<{ fs: ContainerFs; nginx: RunningProcess }> {
  const fs = materializeContainer(bundle, name);
  const [config] = runNginxEntrypoint(fs, input);
  writeHostFile(config, fs.rewriteWritablePaths(readFileSync(config, 'utf8')));
  const { program, args } = containerCommand(fs);
  const nginx = group.start(name, requireProgram(program), ['-e', 'stderr', '-p', `${fs.root}/`, ...args]);
  try {
    await waitForPort(listenPort, nginx);
  } catch (err) {
    fs.dispose();
    throw err;
  }
  return { fs, nginx };
}
