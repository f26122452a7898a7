// A pod with the prometheus-exporter adapter (source postgres) against a real PostgreSQL outside
// the pod (Debian postgresql, started by the test), run by the pod runner with the real
// prometheus-postgres-exporter and a stand-in app. PostgreSQL goes down: the exporter keeps
// serving (pg_up 0), is never restarted, the app and the pod stay Ready; once PostgreSQL is back
// the exporter reports pg_up 1 again by itself.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodRunner } from '../support/pod-runner.js';
import { requirePostgresProgram, requireProgram } from '../support/programs.js';
import { appStandin, expectReadyThroughout, waitFor } from './fault-support.js';
import { composeBundle } from '../support/validated.js';

/** the postgres user Debian's package creates: PostgreSQL refuses to run as root */
const PG_UID = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
const PG_GID = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
let runner: PodRunner;
let dataDir: string;

function startPostgres(): void {
  runner.startOutside(
    'postgres',
    [requirePostgresProgram('postgres'), '-D', dataDir, '-h', '127.0.0.2', '-p', '5432', '-k', dataDir],
    { uid: PG_UID, gid: PG_GID },
  );
}

async function pgUp(): Promise<string | undefined> {
  const metrics = (await runner.http(9187, '/metrics', { timeoutMs: 10_000 })).body ?? '';
  return /^pg_up (\d)/m.exec(metrics)?.[1];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pgdata-'));
  chownSync(dataDir, PG_UID, PG_GID);
  // initdb refuses to run as root: as the postgres user, trust auth on loopback
  execFileSync(
    'setpriv',
    [
      `--reuid=${PG_UID}`,
      `--regid=${PG_GID}`,
      '--clear-groups',
      requirePostgresProgram('initdb'),
      '-D',
      dataDir,
      '--auth=trust',
      '-U',
      'postgres',
    ],
    { stdio: 'ignore' },
  );
  runner = new PodRunner(
    composeBundle({
      app: {
        name: 'billing',
        image: 'ghcr.io/acme/billing:1.0.0',
        ports: [{ name: 'http', containerPort: 8080 }],
        probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
      },
      adapters: [
        {
          preset: 'prometheus-exporter',
          name: 'pg-metrics',
          source: 'postgres',
          connection: { secretName: 'billing-db-monitor', key: 'dsn' },
        },
      ],
      target: { kubernetesVersion: '1.33' },
    }),
    {
      timeScale: 0.05,
      defaultUser: 1000,
      // the DSN as the preset's guidance says: sslmode given (this server has no TLS)
      secrets: { 'billing-db-monitor/dsn': 'postgresql://postgres@127.0.0.2:5432/postgres?sslmode=disable' },
      programs: {
        billing: appStandin({ STANDIN_PORT: '8080' }),
        'pg-metrics': (c) => ({ argv: [requireProgram('prometheus-postgres-exporter'), ...c.args!] }),
      },
    },
  );
  await runner.network();
  startPostgres();
  await runner.start();
  await runner.waitPodReady(15_000);
  await waitFor(
    async () => (await pgUp()) === '1',
    20_000,
    `pg_up 1\n${runner.outputs()}\n${runner.outsideOutput('postgres')}`,
  );
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('postgres exporter pod under faults (PostgreSQL and prometheus-postgres-exporter real, app stand-in)', () => {
  it('PostgreSQL down: exporter keeps serving pg_up 0, no restart, app and pod stay Ready; pg_up 1 once it is back', async () => {
    const from = runner.elapsed();
    await runner.stopOutside('postgres', 'SIGINT');
    await waitFor(async () => (await pgUp()) === '0', 15_000, 'pg_up 0');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await pgUp()).toBe('0');
    startPostgres();
    await waitFor(async () => (await pgUp()) === '1', 20_000, 'pg_up 1 again');
    const to = runner.elapsed();
    expectReadyThroughout(runner, from, to, ['pg-metrics', 'billing']);
    expect(runner.container('pg-metrics').restarts).toBe(0);
  }, 60_000);
});
