// Runs a generated pod on this machine the way a kubelet would, for the containers whose programs
// exist here: each container under bubblewrap with a read-only root, the generated uid/gid and the
// pod's fsGroup as a supplementary group (setpriv), each emptyDir a writable directory shared by
// the containers that mount it, ConfigMap and Secret volumes as files (Secret files 0400 plus the
// fsGroup read bit), the exact command, args and env (valueFrom from test Secrets), and one network
// namespace with only loopback for the whole pod. Init containers run first, native sidecars start
// in order (each once its startupProbe passed), then the main containers. Startup, readiness and
// liveness probes run as the kubelet runs them (exec, httpGet, tcpSocket; periods, thresholds and
// restart back-off scaled down by `timeScale`); a container whose liveness fails is restarted, and
// the Ready condition of every container and of the pod is recorded over time.
//
// Container images are not available: `programs` maps each container to a program of this machine
// (a Debian program, or a stand-in script for a program Debian lacks). A container mapped to
// `null` is not run, and the pod's Ready condition is then computed over the others; the test says
// which.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { Bundle } from '../../src/core/model/bundle.js';
import { configMapData, podSpecOf } from './pod-template.js';
import { requireProgram, REPO_ROOT } from './programs.js';

/** How a container runs here: the host argv that stands for its image's entrypoint + command + args. */
export interface ProgramMapping {
  argv: string[];
  /** image ENV the kubelet would not set (HOME, PATH additions), and test-only settings, said so at the call site */
  env?: Record<string, string>;
  /**
   * runs on the host before each start, with the host directory of every mount path (e.g. the nginx
   * image's template rendering)
   */
  prepare?(hostDirs: Record<string, string>, env: Record<string, string>): void;
}

export type ProgramFor = (container: Container, env: Record<string, string>) => ProgramMapping | null;

export interface PodRunnerOptions {
  /** container name -> how it runs here, or null for "not run" */
  programs: Record<string, ProgramFor>;
  /** Secret values by "secretName/key" */
  secrets?: Record<string, string>;
  /** seconds of the pod spec -> milliseconds here: 0.05 makes a 10 s period 500 ms */
  timeScale: number;
  /**
   * /etc/hosts entries inside the pod, name -> loopback address (outside services the test runs on
   * the pod's loopback)
   */
  hosts?: Record<string, string>;
  /** uid/gid of containers whose spec sets none (the app: its image's user) */
  defaultUser?: number;
}

export interface ReadyEvent {
  /** ms since the pod started */
  at: number;
  container: string;
  ready: boolean;
  reason: string;
}

interface ContainerState {
  spec: Container;
  kind: 'init' | 'sidecar' | 'main';
  mapping: ProgramMapping | null;
  env: Record<string, string>;
  proc?: ChildProcess;
  /** stdout and stderr, a file as a container runtime gives them (nutcracker and nginx open /dev/stderr) */
  logFile: string;
  started: boolean;
  ready: boolean;
  restarts: number;
  /** bumped at every (re)start: probe loops of an older run stop */
  generation: number;
  exited?: Promise<number | null>;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const STANDINS = join(REPO_ROOT, 'test', 'support', 'standins');
/** The Node binary running the tests, which runs the stand-ins inside the sandboxes too. */
export const NODE = process.execPath;
const NODE_DIR = dirname(NODE);
const AGENT = join(REPO_ROOT, 'test', 'support', 'pod-runner', 'probe-agent.mjs');
/** kubelet defaults (k8s.io/api core/v1 Probe) */
const PROBE_DEFAULTS = {
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1,
  initialDelaySeconds: 0,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PodRunner {
  readonly spec: PodSpec;
  readonly events: ReadyEvent[] = [];
  readonly podEvents: { at: number; ready: boolean }[] = [];
  private readonly root: string;
  private readonly volumeDirs = new Map<string, string>();
  private readonly containers = new Map<string, ContainerState>();
  private holder?: ChildProcess;
  private agent?: ChildProcess;
  private agentCalls = new Map<number, (answer: AgentAnswer) => void>();
  private agentSeq = 0;
  private readonly outside = new Map<string, ChildProcess>();
  private t0 = Date.now();
  private stopping = false;
  private podReady = false;

  constructor(
    private readonly bundle: Bundle,
    private readonly options: PodRunnerOptions,
  ) {
    for (const program of ['bwrap', 'setpriv', 'nsenter', 'unshare', 'ip']) requireProgram(program);
    this.spec = podSpecOf(bundle);
    this.root = mkdtempSync(join(tmpdir(), 'pod-'));
    chmodSync(this.root, 0o755);
  }

  /** Runs the pod up to its main containers started; resolves when every init container completed. */
  async start(): Promise<void> {
    await this.network();
    this.t0 = Date.now();
    this.layOutVolumes();
    for (const c of this.spec.initContainers ?? [])
      this.addContainer(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init');
    for (const c of this.spec.containers) this.addContainer(c, 'main');
    for (const state of this.containers.values()) {
      if (state.kind === 'main' || !state.mapping) continue;
      if (state.kind === 'init') {
        const code = await this.runOnce(state);
        if (code !== 0) throw new Error(`init container ${state.spec.name} exited ${code}:\n${tail(state.logFile)}`);
      } else {
        this.run(state);
        await this.until(() => state.started, this.ms(600), `native sidecar ${state.spec.name} did not start`);
      }
    }
    for (const state of this.containers.values()) if (state.kind === 'main' && state.mapping) this.run(state);
  }

  /** Milliseconds here for `seconds` of the pod spec. */
  ms(seconds: number): number {
    return Math.round(seconds * 1000 * this.options.timeScale);
  }

  elapsed(): number {
    return Date.now() - this.t0;
  }

  isPodReady(): boolean {
    return this.podReady;
  }

  container(name: string): { ready: boolean; started: boolean; restarts: number; running: boolean; output: string } {
    const s = this.state(name);
    return {
      ready: s.ready,
      started: s.started,
      restarts: s.restarts,
      running: !!s.proc && s.proc.exitCode === null && s.proc.signalCode === null,
      output: tail(s.logFile),
    };
  }

  /** Names of the containers of the spec this runner does not run (mapped to null). */
  notRun(): string[] {
    return [...this.containers.values()].filter((s) => !s.mapping).map((s) => s.spec.name);
  }

  /** Host directory of a volume (emptyDir, configMap, secret) by volume name. */
  volumeDir(name: string): string {
    const dir = this.volumeDirs.get(name);
    if (!dir) throw new Error(`no volume ${name}`);
    return dir;
  }

  /** Waits until the pod is Ready, failing with every container's output otherwise. */
  async waitPodReady(timeoutMs: number): Promise<void> {
    await this.until(() => this.podReady, timeoutMs, 'the pod did not become Ready');
  }

  /** Moments in [from, to] (ms since start) at which the pod or `container` was not Ready. */
  notReadyBetween(from: number, to: number, container?: string): ReadyEvent[] {
    const list = container
      ? this.events.filter((e) => e.container === container)
      : this.podEvents.map((e) => ({ ...e, container: '(pod)', reason: '' }));
    let ready = false;
    const out: ReadyEvent[] = [];
    for (const e of list) {
      if (e.at <= from) ready = e.ready;
      else if (e.at <= to && !e.ready) out.push(e);
    }
    if (!ready)
      out.unshift({
        at: from,
        container: container ?? '(pod)',
        ready: false,
        reason: 'not Ready when the window opened',
      });
    return out;
  }

  /** An HTTP request from inside the pod's network (as the app or a peer in the pod would make it). */
  http(
    port: number,
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<AgentAnswer> {
    return this.ask({
      kind: 'http',
      port,
      path,
      timeoutMs: init.timeoutMs ?? 5000,
      method: init.method,
      body: init.body,
      headers: init.headers,
    });
  }

  /** Sends `send` over TCP inside the pod's network; resolves with the first line of the answer. */
  tcp(port: number, send: string, timeoutMs = 5000): Promise<AgentAnswer> {
    return this.ask({ kind: 'tcp', port, send, timeoutMs });
  }

  /** Starts a process outside the pod's containers but on its loopback (an outside service the test stands up). */
  startOutside(
    name: string,
    argv: string[],
    options: { env?: Record<string, string>; uid?: number; gid?: number; cwd?: string } = {},
  ): ChildProcess {
    const prefix =
      options.uid === undefined
        ? []
        : ['setpriv', `--reuid=${options.uid}`, `--regid=${options.gid ?? options.uid}`, '--clear-groups', '--'];
    const child = spawn('nsenter', [`--net=/proc/${this.holder!.pid}/ns/net`, '--', ...prefix, ...argv], {
      env: { PATH, ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-32768);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    (child as ChildProcess & { outputText: () => string }).outputText = () => out;
    this.outside.set(name, child);
    return child;
  }

  /** Stops an outside process (SIGTERM to its group, SIGKILL after 3 s) and waits for it. */
  async stopOutside(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.outside.get(name);
    this.outside.delete(name);
    if (child) await killGroup(child, signal);
  }

  /** Kills a container's process as a crash would (SIGKILL); the kubelet's restart policy applies. */
  async crash(name: string): Promise<void> {
    const s = this.state(name);
    if (s.proc) await killGroup(s.proc, 'SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const states = [...this.containers.values()];
    // main containers first, then sidecars in reverse order, as the kubelet stops them
    for (const s of [...states.filter((x) => x.kind === 'main'), ...states.filter((x) => x.kind !== 'main').reverse()])
      if (s.proc) await killGroup(s.proc, 'SIGTERM');
    for (const name of [...this.outside.keys()]) await this.stopOutside(name);
    this.agent?.stdin?.end();
    if (this.agent) await killGroup(this.agent, 'SIGTERM');
    if (this.holder) await killGroup(this.holder, 'SIGKILL');
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Every container's output, for failure messages. */
  outputs(): string {
    return [...this.containers.values()]
      .map(
        (s) =>
          `--- ${s.spec.name} (${s.mapping ? (s.ready ? 'ready' : 'not ready') : 'not run'}, restarts ${s.restarts})\n${tail(s.logFile).slice(-4000)}`,
      )
      .join('\n');
  }

  outsideOutput(name: string): string {
    const child = this.outside.get(name) as (ChildProcess & { outputText?: () => string }) | undefined;
    return child?.outputText?.() ?? '';
  }

  // --- network -----------------------------------------------------------------------------

  /** Creates the pod's network namespace (start() does it too), so outside services can start first. */
  async network(): Promise<void> {
    if (this.holder) return;
    // One network namespace for the pod: a holder process keeps it; lo is brought up in it.
    this.holder = spawn('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && echo up && exec sleep 100000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      this.holder!.stdout!.once('data', () => resolve());
      this.holder!.once('exit', (code) =>
        reject(new Error(`could not create the pod's network namespace (exit ${code}); the runner needs root`)),
      );
    });
    this.agent = spawn('nsenter', [`--net=/proc/${this.holder.pid}/ns/net`, '--', NODE, AGENT], {
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    });
    createInterface({ input: this.agent.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as AgentAnswer & { id: number };
      this.agentCalls.get(answer.id)?.(answer);
      this.agentCalls.delete(answer.id);
    });
  }

  private ask(msg: Record<string, unknown>): Promise<AgentAnswer> {
    const id = ++this.agentSeq;
    return new Promise((resolve) => {
      this.agentCalls.set(id, resolve);
      this.agent!.stdin!.write(`${JSON.stringify({ id, ...msg })}\n`);
    });
  }

  // --- volumes -----------------------------------------------------------------------------

  private layOutVolumes(): void {
    const fsGroup = this.spec.securityContext?.fsGroup;
    const volumes = [...(this.spec.volumes ?? [])];
    // a StatefulSet's volumeClaimTemplates are volumes of the pod too (a fresh, empty claim here)
    const workload = this.bundle.manifests.find((o) => o.kind === 'StatefulSet') as
      { spec?: { volumeClaimTemplates?: { metadata?: { name?: string } }[] } } | undefined;
    for (const claim of workload?.spec?.volumeClaimTemplates ?? [])
      volumes.push({ name: claim.metadata!.name!, emptyDir: {} });
    for (const v of volumes) {
      const dir = join(this.root, 'volumes', v.name);
      mkdirSync(dir, { recursive: true });
      if (v.emptyDir) {
        // emptyDirs are world-writable; with fsGroup the kubelet gives them the group and setgid
        chmodSync(dir, 0o777);
        if (fsGroup !== undefined) {
          chownSync(dir, 0, fsGroup);
          chmodSync(dir, 0o2777);
        }
      } else if (v.configMap || v.secret) {
        const data = v.configMap
          ? configMapData(this.bundle, v.configMap.name!)
          : this.secretData(v.secret!.secretName!);
        const items: { key: string; path: string; mode?: number }[] =
          (v.configMap ?? v.secret)!.items ?? Object.keys(data).map((key) => ({ key, path: key }));
        const mode = (v.configMap ?? v.secret)!.defaultMode ?? 0o644;
        for (const item of items) {
          if (data[item.key] === undefined)
            throw new Error(`volume ${v.name}: no key ${item.key}; give it in the test's secrets`);
          const file = join(dir, item.path);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, data[item.key]);
          // the kubelet adds the group read bit and the fsGroup to projected files
          chownSync(file, 0, fsGroup ?? 0);
          chmodSync(file, fsGroup !== undefined ? (item.mode ?? mode) | 0o040 : (item.mode ?? mode));
        }
        chmodSync(dir, 0o755);
      } else {
        throw new Error(`volume ${v.name}: only emptyDir, configMap, secret and claim templates can be run here`);
      }
      this.volumeDirs.set(v.name, dir);
    }
  }

  private secretData(name: string): Record<string, string> {
    const prefix = `${name}/`;
    return Object.fromEntries(
      Object.entries(this.options.secrets ?? {})
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  }

  // --- containers --------------------------------------------------------------------------

  private addContainer(spec: Container, kind: ContainerState['kind']): void {
    const env = this.envOf(spec);
    const programFor = this.options.programs[spec.name];
    if (programFor === undefined)
      throw new Error(`no program mapping for container ${spec.name}; map it, or to null to leave it out`);
    const mapping = programFor(spec, env);
    const logFile = join(this.root, 'logs', spec.name);
    mkdirSync(dirname(logFile), { recursive: true });
    // writable by the container's user: programs reopen /dev/stderr, which checks the file's mode
    writeFileSync(logFile, '', { mode: 0o666 });
    chmodSync(logFile, 0o666);
    this.containers.set(spec.name, {
      spec,
      kind,
      mapping,
      env: { PATH, HOSTNAME: 'pod-0', ...mapping?.env, ...env },
      logFile,
      started: false,
      ready: false,
      restarts: 0,
      generation: 0,
    });
    if (!mapping) return;
    // a container without a program does not count toward readiness; every other starts not Ready
    this.record(spec.name, false, 'created');
  }

  private envOf(c: Container): Record<string, string> {
    const env: Record<string, string> = {};
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        const value = this.options.secrets?.[`${ref.name}/${ref.key}`];
        if (value === undefined)
          throw new Error(`env ${e.name} of ${c.name} needs Secret ${ref.name} key ${ref.key}; give it in secrets`);
        env[e.name] = value;
      } else env[e.name] = e.value ?? '';
    }
    return env;
  }

  private state(name: string): ContainerState {
    const s = this.containers.get(name);
    if (!s) throw new Error(`no container ${name}`);
    return s;
  }

  /** bwrap + setpriv argv that runs `argv` as the container: read-only root, its mounts, its user. */
  private sandbox(s: ContainerState, argv: string[]): string[] {
    const sc = s.spec.securityContext ?? {};
    const podSc = this.spec.securityContext ?? {};
    const uid = sc.runAsUser ?? podSc.runAsUser ?? this.options.defaultUser ?? 65534;
    const gid = sc.runAsGroup ?? podSc.runAsGroup ?? uid;
    const groups = [podSc.fsGroup, ...(podSc.supplementalGroups ?? [])].filter((g): g is number => g !== undefined);
    const mounts = (s.spec.volumeMounts ?? []).map((m) => ({ ...m, host: this.volumeDir(m.name) }));
    const covered = [...mounts.map((m) => m.mountPath), STANDINS, NODE_DIR, '/etc/hosts'];
    const args = ['--die-with-parent', '--tmpfs', '/', ...rootBinds(covered), '--dev', '/dev', '--proc', '/proc'];
    args.push(...ancestors(STANDINS), '--ro-bind', STANDINS, STANDINS);
    if (!/^\/(usr|opt)\//.test(NODE_DIR)) args.push(...ancestors(NODE_DIR), '--ro-bind', NODE_DIR, NODE_DIR);
    args.push('--ro-bind', this.hostsFile(), '/etc/hosts');
    for (const m of mounts) {
      args.push(...ancestors(m.mountPath), m.readOnly ? '--ro-bind' : '--bind', m.host, m.mountPath);
    }
    const ro = sc.readOnlyRootFilesystem === true;
    if (ro) args.push('--remount-ro', '/');
    args.push('--chdir', s.spec.workingDir ?? '/');
    const priv = [
      'setpriv',
      `--reuid=${uid}`,
      `--regid=${gid}`,
      groups.length ? `--groups=${groups.join(',')}` : '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
    ];
    if (sc.allowPrivilegeEscalation === false) priv.push('--no-new-privs');
    return ['nsenter', `--net=/proc/${this.holder!.pid}/ns/net`, '--', 'bwrap', ...args, '--', ...priv, '--', ...argv];
  }

  private hostsFile(): string {
    const file = join(this.root, 'hosts');
    const extra = Object.entries(this.options.hosts ?? {}).map(([name, address]) => `${address} ${name}\n`);
    if (!existsSync(file))
      writeFileSync(file, ['127.0.0.1 localhost pod-0\n', '::1 localhost\n', ...extra].join(''), { mode: 0o644 });
    return file;
  }

  private hostDirs(s: ContainerState): Record<string, string> {
    return Object.fromEntries((s.spec.volumeMounts ?? []).map((m) => [m.mountPath, this.volumeDir(m.name)]));
  }

  private spawnContainer(s: ContainerState): ChildProcess {
    s.mapping!.prepare?.(this.hostDirs(s), s.env);
    const [cmd, ...args] = this.sandbox(s, s.mapping!.argv);
    const fd = openSync(s.logFile, 'a');
    const child = spawn(cmd, args, { env: s.env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    s.proc = child;
    s.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    return child;
  }

  private async runOnce(s: ContainerState): Promise<number | null> {
    this.spawnContainer(s);
    const code = await s.exited!;
    this.record(s.spec.name, false, `completed (${code})`);
    return code;
  }

  /** Starts (and keeps restarting, restartPolicy Always) a long-running container with its probes. */
  private run(s: ContainerState): void {
    const generation = ++s.generation;
    s.started = false;
    this.spawnContainer(s);
    const t = this.elapsed();
    void s.exited!.then(async (code) => {
      if (this.stopping || s.generation !== generation) return;
      appendFileSync(s.logFile, `\n[runner] exited ${code} (started at ${t} ms)\n`);
      this.setReady(s, false, `exited ${code}`);
      s.started = false;
      s.generation += 1;
      // the kubelet's crash back-off: 10 s doubling up to 5 min
      await sleep(this.ms(Math.min(300, 10 * 2 ** Math.min(s.restarts, 5))));
      if (this.stopping) return;
      s.restarts += 1;
      this.run(s);
    });
    void this.probeLoop(s, generation);
  }

  private async probeLoop(s: ContainerState, generation: number): Promise<void> {
    const alive = () => !this.stopping && s.generation === generation;
    const { startupProbe, readinessProbe, livenessProbe } = s.spec;
    if (startupProbe) {
      const passed = await this.probeUntil(s, startupProbe, alive, 'startup');
      if (!passed) return;
    }
    if (!alive()) return;
    s.started = true;
    if (!readinessProbe) this.setReady(s, true, 'started (no readinessProbe)');
    if (readinessProbe) void this.readinessLoop(s, readinessProbe, alive);
    if (livenessProbe) void this.livenessLoop(s, livenessProbe, alive, generation);
  }

  /** Startup: probe every period until success; failureThreshold failures kill the container. */
  private async probeUntil(s: ContainerState, probe: Probe, alive: () => boolean, what: string): Promise<boolean> {
    const p = { ...PROBE_DEFAULTS, ...probe };
    await sleep(this.ms(p.initialDelaySeconds));
    let failures = 0;
    while (alive()) {
      if (await this.probeOnce(s, probe)) return true;
      failures += 1;
      if (failures >= p.failureThreshold) {
        appendFileSync(s.logFile, `\n[runner] ${what} probe failed ${failures} times: restarting\n`);
        if (s.proc) await killGroup(s.proc, 'SIGTERM');
        return false;
      }
      await sleep(this.ms(p.periodSeconds));
    }
    return false;
  }

  private async readinessLoop(s: ContainerState, probe: Probe, alive: () => boolean): Promise<void> {
    const p = { ...PROBE_DEFAULTS, ...probe };
    await sleep(this.ms(p.initialDelaySeconds));
    let successes = 0;
    let failures = 0;
    while (alive()) {
      const ok = await this.probeOnce(s, probe);
      if (!alive()) return;
      if (ok) {
        failures = 0;
        if (++successes >= p.successThreshold) this.setReady(s, true, 'readiness probe passed');
      } else {
        successes = 0;
        if (++failures >= p.failureThreshold) this.setReady(s, false, 'readiness probe failed');
      }
      await sleep(this.ms(p.periodSeconds));
    }
  }

  private async livenessLoop(s: ContainerState, probe: Probe, alive: () => boolean, generation: number): Promise<void> {
    const p = { ...PROBE_DEFAULTS, ...probe };
    await sleep(this.ms(p.initialDelaySeconds));
    let failures = 0;
    while (alive()) {
      await sleep(this.ms(p.periodSeconds));
      if (!alive()) return;
      const ok = await this.probeOnce(s, probe);
      failures = ok ? 0 : failures + 1;
      if (failures >= p.failureThreshold && s.generation === generation) {
        appendFileSync(s.logFile, `\n[runner] liveness probe failed ${failures} times: restarting\n`);
        this.setReady(s, false, 'liveness probe failed');
        if (s.proc) await killGroup(s.proc, 'SIGTERM');
        return;
      }
    }
  }

  private async probeOnce(s: ContainerState, probe: Probe): Promise<boolean> {
    // not scaled below 3 s: a probe is a process start (bwrap, setpriv) on a busy test machine,
    // and a slow start must not read as a failing helper
    const timeoutMs = Math.max(this.ms(probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds), 3000);
    const port = (p: number | string): number =>
      typeof p === 'number' ? p : Number((s.spec.ports ?? []).find((x) => x.name === p)?.containerPort ?? NaN);
    // success is a status from 200 to 399, as the kubelet counts it
    if (probe.httpGet) return (await this.http(port(probe.httpGet.port), probe.httpGet.path ?? '/', { timeoutMs })).ok;
    if (probe.tcpSocket) return (await this.ask({ kind: 'tcp', port: port(probe.tcpSocket.port), timeoutMs })).ok;
    if (probe.exec) {
      const [cmd, ...args] = this.sandbox(s, probe.exec.command ?? []);
      const child = spawn(cmd, args, { env: s.env, stdio: 'ignore', detached: true });
      const timer = setTimeout(() => void killGroup(child, 'SIGKILL'), timeoutMs);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(timer);
      return code === 0;
    }
    throw new Error(`container ${s.spec.name}: a probe without exec, httpGet or tcpSocket`);
  }

  private setReady(s: ContainerState, ready: boolean, reason: string): void {
    if (s.ready === ready) return;
    s.ready = ready;
    this.record(s.spec.name, ready, reason);
  }

  private record(container: string, ready: boolean, reason: string): void {
    this.events.push({ at: this.elapsed(), container, ready, reason });
    // the kubelet's rule: every container ready, native sidecars included; init containers done
    const podReady = [...this.containers.values()].filter((s) => s.mapping && s.kind !== 'init').every((s) => s.ready);
    if (podReady !== this.podReady) {
      this.podReady = podReady;
      this.podEvents.push({ at: this.elapsed(), ready: podReady });
    }
  }

  private async until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${this.outputs()}`);
      await sleep(20);
    }
  }
}

export interface AgentAnswer {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

function tail(file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return text.length > 65536 ? text.slice(-65536) : text;
}

/** Ancestors of `path` as bwrap --dir arguments (0755), so that non-root users can reach it. */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push('--dir', `/${parts.slice(0, i).join('/')}`);
  return out;
}

/**
 * The host's system directories, read-only; a directory with a mount point inside is bound entry by
 * entry around it.
 */
function rootBinds(mountPaths: string[]): string[] {
  const out: string[] = [];
  const bind = (path: string): void => {
    const inside = mountPaths.some((m) => m.startsWith(`${path}/`));
    if (!inside) {
      out.push('--ro-bind', path, path);
      return;
    }
    out.push('--dir', path);
    for (const entry of readdirSync(path)) {
      const child = join(path, entry);
      const st = lstatSync(child);
      if (st.isSymbolicLink()) out.push('--symlink', readlinkSync(child), child);
      else if (st.isDirectory()) bind(child);
      else if (st.isFile()) out.push('--ro-bind', child, child);
    }
  };
  for (const top of ['/usr', '/etc', '/opt']) if (existsSync(top)) bind(top);
  for (const link of ['/bin', '/lib', '/lib64', '/sbin']) {
    if (!existsSync(link)) continue;
    const st = lstatSync(link);
    if (st.isSymbolicLink()) out.push('--symlink', readlinkSync(link), link);
    else bind(link);
  }
  return out;
}

async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
  if ((await Promise.race([gone, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await gone;
  }
}
