// Every HAProxy configuration the tcp-egress preset generates passes the real `haproxy -c`, for a
// matrix of parameters. Server names end in .invalid: nothing resolves, as on an offline machine
// or before the cluster's DNS knows a name.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresetItem } from '../../src/core/model/request.js';
import { bundleWithAmbassadors } from '../support/ambassador-bundle.js';
import { configArg, haproxyTest } from '../support/ambassador-checks.js';
import { materializeContainer, type ContainerFs } from '../support/container-fs.js';

const opened: ContainerFs[] = [];
afterEach(() => opened.splice(0).forEach((fs) => fs.dispose()));

/** haproxy -c on the container's own command line; `edit` changes the config first (controls only). */
function haproxyCheck(item: PresetItem, edit?: (text: string) => string) {
  const fs = materializeContainer(bundleWithAmbassadors([item]), item.name);
  opened.push(fs);
  const file = configArg(fs, '-f');
  if (edit) writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return haproxyTest(fs);
}

const ONE = ['orders-db.eu-west-1.rds.invalid:5432'];
const SEVERAL = ['mongo-0.mongo.data.invalid:27017', 'mongo-1.mongo.data.invalid:27017', '10.0.3.7:27018'];

const matrix: [string, PresetItem][] = [
  ['one server, defaults', { preset: 'tcp-egress', name: 'orders-db', servers: ONE }],
  ['several servers, defaults', { preset: 'tcp-egress', name: 'mongo', servers: SEVERAL }],
  [
    'one server, no health checks, own ports',
    {
      preset: 'tcp-egress',
      name: 'orders-db',
      servers: ONE,
      listenPort: 15432,
      healthPort: 18404,
      healthCheck: { enabled: false },
    },
  ],
  [
    'several servers, roundrobin, tuned checks and timeouts',
    {
      preset: 'tcp-egress',
      name: 'mongo',
      servers: SEVERAL,
      balance: 'roundrobin',
      maxConnections: 200,
      healthCheck: { interval: '500ms', fall: 1, rise: 5, timeout: '300ms' },
      timeouts: { connect: '2s', client: '30m', server: '45m' },
    },
  ],
  ['several servers, first available', { preset: 'tcp-egress', name: 'mongo', servers: SEVERAL, balance: 'first' }],
  ['several servers, by source', { preset: 'tcp-egress', name: 'mongo', servers: SEVERAL, balance: 'source' }],
];

describe('tcp-egress: generated HAProxy configs pass haproxy -c', () => {
  it.each(matrix)('%s', (_label, item) => {
    const result = haproxyCheck(item);
    expect(result.output).toContain('Configuration file is valid');
    expect(result.status).toBe(0);
    expect(result.output).not.toContain('[ALERT]');
    // The only warnings allowed are about names this machine cannot resolve: HAProxy starts
    // anyway and resolves them later through the resolvers section.
    const warnings = result.output.split('\n').filter((l) => l.includes('[WARNING]'));
    for (const w of warnings) expect(w).toMatch(/could not resolve address '[^']+\.invalid', disabling server/);
  });

  it('checks what was generated: a server without init-addr none stops HAProxy when its name does not resolve', () => {
    const result = haproxyCheck(matrix[0][1], (text) => text.replace('init-addr last,libc,none', 'init-addr libc'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/could not resolve address 'orders-db\.eu-west-1\.rds\.invalid'/);
  });
});
