import { it } from 'vitest';
import { composeBundle } from './core/generate/compose-bundle.js';
import { realWorkloadRequest } from '../test/support/real-workload-request.js';
import { stringify } from 'yaml';
it('x', () => {
  const b = composeBundle(realWorkloadRequest() as never);
  console.log(stringify(b.manifests.filter(o=>['Deployment','ServiceAccount'].includes(o.kind))), JSON.stringify(b.findings));
});
