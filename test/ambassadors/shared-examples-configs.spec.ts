// The shared example requests that use ambassadors: each composes, and every ambassador config it
// generates passes its real program's check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundleRequest } from '../../src/core/request/bundle.js';
import { ambassadorsOf, checkAmbassadorConfig } from '../support/ambassador-checks.js';
import { SHARED_DIR } from '../support/programs.js';
import { composeBundle } from '../support/validated.js';

const examplesDir = join(SHARED_DIR, 'examples');
const withAmbassadors = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as BundleRequest] as const)
  .filter(([, request]) => (request.ambassadors ?? []).length > 0);

describe('shared examples: generated ambassador configs pass their real programs', () => {
  it('has examples with ambassadors to check', () => {
    expect(withAmbassadors.map(([f]) => f)).toEqual(
      expect.arrayContaining(['cache-client-redis-shards.json', 'orders-logging-egress.json']),
    );
  });

  it.each(withAmbassadors)('%s', (_file, request) => {
    const bundle = composeBundle(request);
    const ambassadors = ambassadorsOf(bundle);
    expect(ambassadors.map((a) => a.name).sort()).toEqual((request.ambassadors ?? []).map((a) => a.name).sort());
    for (const { name, preset } of ambassadors) {
      const result = checkAmbassadorConfig(bundle, name, preset);
      expect({ name, status: result.status, output: result.output }).toMatchObject({ name, status: 0 });
    }
  });
});
