// `npm run deploy-chart`: the service makes its own Helm chart. Posts deploy/request.json to
// POST /v1/charts of the built app (in process, no port) and unpacks the tarball it answers into
// deploy/pod-patterns/. test/deploy-chart.spec.ts does the same and fails when the committed
// chart differs, so the chart is always what the service makes of its own description.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createApp } = await import(join(root, 'dist', 'app.factory.js'));
const { chartFilesOf, requestChart, DEPLOY_CHART_DIR, DEPLOY_REQUEST } = await import(
  join(root, 'dist', 'deploy', 'deploy-chart.js')
);

const app = await createApp({ logger: false });
await app.init();
try {
  const files = await chartFilesOf(await requestChart(app, JSON.parse(readFileSync(DEPLOY_REQUEST, 'utf8'))));
  rmSync(DEPLOY_CHART_DIR, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(DEPLOY_CHART_DIR, path)), { recursive: true });
    writeFileSync(join(DEPLOY_CHART_DIR, path), text);
  }
  console.log(`wrote ${Object.keys(files).length} files to deploy/pod-patterns/`);
} finally {
  await app.close();
}
