// Lays out on this machine the files a generated container would see through its volumes, so the
// real program can read exactly the generated configuration: ConfigMap volumes become files, emptyDirs
// become empty directories, all under one temporary root.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { Bundle } from '../../src/core/model/bundle.js';
import { configMapData, containerNamed, podSpecOf } from './pod-template.js';

export interface ContainerFs {
  root: string;
  container: Container;
  /** where a path that one of the container's volumes provides lives on this machine */
  hostPath(containerPath: string): string;
  /** the container's command and args, with paths inside its volumes mapped to this machine */
  commandLine(): string[];
  /** see rewriteWritablePaths */
  rewriteWritablePaths(text: string): string;
  dispose(): void;
}

interface Mount {
  mountPath: string;
  /** configMap: read-only files (ConfigMap or Secret); emptyDir: writable */
  kind: 'configMap' | 'emptyDir';
}

/** Secret contents for Secret volumes, by Secret name and key (a pod gets them from the API server). */
export type SecretFiles = Record<string, Record<string, string>>;

export function materializeContainer(bundle: Bundle, containerName: string, secrets: SecretFiles = {}): ContainerFs {
  const spec = podSpecOf(bundle);
  const container = containerNamed(spec, containerName);
  // Readable by an unprivileged worker (nginx drops to nobody when the test runs as root).
  const root = mkdtempSync(join(tmpdir(), `${containerName}-`));
  chmodSync(root, 0o755);
  const mounts: Mount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = (spec.volumes ?? []).find((v) => v.name === m.name);
    if (!volume) throw new Error(`container ${containerName} mounts unknown volume ${m.name}`);
    const dir = join(root, m.mountPath);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    if (volume.configMap) {
      for (const [key, text] of Object.entries(configMapData(bundle, volume.configMap.name!)))
        writeFileSync(join(dir, key), text, { mode: 0o644 });
      mounts.push({ mountPath: m.mountPath, kind: 'configMap' });
    } else if (volume.secret) {
      // as the kubelet projects a Secret: the listed items (or every key), with the volume's file mode
      const data = secrets[volume.secret.secretName!];
      if (!data)
        throw new Error(
          `container ${containerName} mounts Secret ${volume.secret.secretName}; give its keys in secrets`,
        );
      const items = volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const { key, path } of items) {
        if (data[key] === undefined) throw new Error(`Secret ${volume.secret.secretName} has no key ${key}`);
        writeFileSync(join(dir, path), data[key], { mode: volume.secret.defaultMode ?? 0o644 });
      }
      mounts.push({ mountPath: m.mountPath, kind: 'configMap' });
    } else if (volume.emptyDir) {
      chmodSync(dir, 0o777);
      mounts.push({ mountPath: m.mountPath, kind: 'emptyDir' });
    } else {
      throw new Error(`volume ${m.name}: only configMap, secret and emptyDir volumes can be laid out here`);
    }
  }
  const byLength = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const mountOf = (path: string) => byLength.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  const hostPath = (path: string) => {
    if (!mountOf(path)) throw new Error(`${path} is not inside a volume of container ${containerName}`);
    return join(root, path);
  };
  return {
    root,
    container,
    hostPath,
    commandLine: () =>
      [...(container.command ?? []), ...(container.args ?? [])].map((arg) => (mountOf(arg) ? hostPath(arg) : arg)),
    rewriteWritablePaths: (text) =>
      rewriteWritablePaths(
        text,
        byLength.filter((m) => m.kind === 'emptyDir').map((m) => m.mountPath),
        root,
      ),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The one change the tests make to a generated config: a path at or under one of the container's
 * emptyDir mount points (/tmp, /var/cache/nginx, ...) moves under the temporary root, because the
 * pod provides those directories and this machine does not (or not writable). Nothing else is
 * touched: directives, addresses and every other path stay exactly as generated.
 */
export function rewriteWritablePaths(text: string, emptyDirMounts: string[], root: string): string {
  if (!emptyDirMounts.length) return text;
  const alternatives = [...emptyDirMounts]
    .sort((a, b) => b.length - a.length)
    .map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<=^|[\\s"'=])(${alternatives.join('|')})(?=[/\\s"';]|$)`, 'gm');
  return text.replace(pattern, (path) => join(root, path));
}

/** Writes `text` to the host side of a container path (for files a container entrypoint renders). */
export function writeHostFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
