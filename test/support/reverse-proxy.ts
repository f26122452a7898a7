// The reverse-proxy ambassador on this machine: its container laid out as its volumes provide it
// (the ConfigMap's nginx.conf, the TLS Secret's files, emptyDirs under a temporary root), a
// throwaway certificate made with the real openssl, and a small HTTP(S) client that can trust it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '../../src/core/model/bundle.js';
import { containerCommand, runProgram, type ProgramResult } from './ambassador-bundle.js';
import { materializeContainer, rewriteWritablePaths, type ContainerFs, type SecretFiles } from './container-fs.js';
import { podSpecOf } from './pod-template.js';
import { waitForPort, type ProcessGroup, type RunningProcess } from './processes.js';
import { requireProgram } from './programs.js';

/** A self-signed certificate for `host` (EC P-256, one day), as PEM text. */
export function throwawayCertificate(host: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  try {
    execFileSync(
      requireProgram('openssl'),
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lays the proxy's container out and moves its writable paths, and the Secret volume's mount point
 * the certificate paths name, under the temporary root (the pod provides both directories).
 */
export function layOutReverseProxy(bundle: Bundle, name: string, secrets: SecretFiles = {}): ContainerFs {
  const fs = materializeContainer(bundle, name, secrets);
  const { args } = containerCommand(fs);
  const config = args[args.indexOf('-c') + 1];
  const volumes = podSpecOf(bundle).volumes ?? [];
  const secretMounts = (fs.container.volumeMounts ?? [])
    .filter((m) => volumes.find((v) => v.name === m.name)?.secret)
    .map((m) => m.mountPath);
  writeFileSync(
    config,
    rewriteWritablePaths(fs.rewriteWritablePaths(readFileSync(config, 'utf8')), secretMounts, fs.root),
  );
  return fs;
}

/** `nginx -t` on the container's own command line. */
export function reverseProxyConfigTest(fs: ContainerFs): ProgramResult {
  const { program, args } = containerCommand(fs);
  return runProgram(program, ['-t', '-e', 'stderr', '-p', `${fs.root}/`, ...args]);
}

/** Starts the generated proxy with the real nginx and waits for its listen port. */
export async function startReverseProxy(
  group: ProcessGroup,
  bundle: Bundle,
  name: string,
  port: number,
  secrets: SecretFiles = {},
): Promise<{ fs: ContainerFs; nginx: RunningProcess }> {
  const fs = layOutReverseProxy(bundle, name, secrets);
  const { program, args } = containerCommand(fs);
  const nginx = group.start(name, requireProgram(program), ['-e', 'stderr', '-p', `${fs.root}/`, ...args]);
  try {
    await waitForPort(port, nginx);
  } catch (err) {
    fs.dispose();
    throw err;
  }
  return { fs, nginx };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request with the path sent exactly as written (fetch would normalise it), over TLS when `ca`
 * is given (trusting only that certificate, with `servername` as SNI and the name to verify).
 */
export function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string; servername?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      timeout: 5000,
      agent: false as const,
    };
    const req = options.ca
      ? httpsRequest({ ...common, ca: options.ca, servername: options.servername, minVersion: 'TLSv1.2' as const })
      : httpRequest(common);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port}${path} within 5 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
