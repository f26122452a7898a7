// The static-site-git-sync example's pod, run by the pod runner, with its git remote down when
// git-sync restarts. git-sync has no Debian package: it runs as a STAND-IN (test/support/standins/
// git-sync.mjs) that copies the upstream behaviour the probes depend on ("/" answers 503 until the
// first sync of the current process). The app (nginx serving the checkout) is a stand-in too; the
// nginx exporter is Debian's. Changes to the example: target 1.33, so git-sync is a native sidecar
// whose readiness would count toward the pod's; the remote is a git daemon on the pod's loopback,
// reached through git's url.<base>.insteadOf (test-only env of the stand-in).
// After the restart the pod is Ready again while the remote is still down, git-sync is not
// restarted again, the app keeps its checkout, and the next sync after the remote is back
// publishes the new commit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBundle } from '../support/validated.js';
import { NODE, PodRunner } from '../support/pod-runner.js';
import { requireProgram, SHARED_DIR } from '../support/programs.js';
import { appStandin, STANDINS, waitFor } from './fault-support.js';

const request = JSON.parse(readFileSync(join(SHARED_DIR, 'examples', 'static-site-git-sync.json'), 'utf8'));
request.target = { kubernetesVersion: '1.33' };
const SCALE = 0.05;
let runner: PodRunner;
let remoteDir: string;
const git = requireProgram('git');

function commit(text: string): void {
  const work = join(remoteDir, 'work');
  writeFileSync(join(work, 'index.html'), text);
  execFileSync(git, ['-C', work, 'add', '.']);
  execFileSync(git, ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', text]);
  execFileSync(git, ['-C', work, 'push', '-q', 'origin', 'main']);
}

function startRemote(): void {
  runner.startOutside('git-remote', [
    git,
    'daemon',
    '--reuseaddr',
    `--base-path=${remoteDir}`,
    '--export-all',
    '--listen=127.0.0.2',
    '--port=9418',
    remoteDir,
  ]);
}

/** What the app sees at the checkout (read on the host side of the shared emptyDir). */
function published(): string {
  try {
    return readFileSync(join(runner.volumeDir('content-repo'), 'current', 'index.html'), 'utf8');
  } catch {
    return '';
  }
}

beforeAll(async () => {
  remoteDir = mkdtempSync(join(tmpdir(), 'git-remote-'));
  execFileSync(git, ['init', '-q', '--bare', '-b', 'main', join(remoteDir, 'docs.git')]);
  execFileSync(git, ['clone', '-q', join(remoteDir, 'docs.git'), join(remoteDir, 'work')], { stdio: 'ignore' });
  execFileSync(git, ['-C', join(remoteDir, 'work'), 'checkout', '-q', '-b', 'main']);
  commit('v1');
  runner = new PodRunner(composeBundle(request), {
    timeScale: SCALE,
    defaultUser: 101,
    programs: {
      'docs-site': appStandin({ STANDIN_PORT: '8080' }),
      content: (c) => ({
        argv: [NODE, join(STANDINS, 'git-sync.mjs'), ...c.args!],
        env: {
          HOME: '/tmp', // the image's ENV
          STANDIN_TIME_SCALE: String(SCALE),
          GIT_CONFIG_COUNT: '1',
          GIT_CONFIG_KEY_0: 'url.git://127.0.0.2/docs.git.insteadOf',
          GIT_CONFIG_VALUE_0: 'https://github.com/acme/docs.git',
        },
      }),
      'nginx-metrics': (c) => ({ argv: [requireProgram('prometheus-nginx-exporter'), ...c.args!] }),
    },
  });
  await runner.network();
  startRemote();
  await runner.start();
  await runner.waitPodReady(20_000);
}, 40_000);

afterAll(async () => {
  await runner?.stop();
  if (remoteDir) rmSync(remoteDir, { recursive: true, force: true });
});

describe('static-site-git-sync pod under faults (git-sync and the app stand-ins, nginx exporter real)', () => {
  it('the first sync is published before the app starts', () => {
    expect(published()).toBe('v1');
    const sidecarReady = runner.events.find((e) => e.container === 'content' && e.ready)!;
    const appStarted = runner.events.find((e) => e.container === 'docs-site' && e.ready)!;
    expect(sidecarReady.at).toBeLessThanOrEqual(appStarted.at);
  });

  it('git-sync restarts while the remote is down: the pod is Ready again at once and stays so; the next commit arrives once the remote is back', async () => {
    await runner.stopOutside('git-remote');
    await runner.crash('content');
    await waitFor(
      () => runner.container('content').restarts === 1 && runner.isPodReady(),
      10_000,
      `the pod Ready after the restart\n${runner.outputs()}`,
    );
    const from = runner.elapsed();
    // several liveness periods (30 s) and sync periods (60 s), scaled, with the remote still down
    await new Promise((resolve) => setTimeout(resolve, 120 * 1000 * SCALE));
    expect(runner.container('content').output).toContain('sync failed');
    expect(runner.notReadyBetween(from, runner.elapsed())).toEqual([]);
    expect(runner.container('content').restarts).toBe(1);
    expect(published()).toBe('v1');
    commit('v2');
    startRemote();
    await waitFor(() => published() === 'v2', 15_000, `v2 published\n${runner.outputs()}`);
    expect(runner.notReadyBetween(from, runner.elapsed())).toEqual([]);
  }, 60_000);
});
