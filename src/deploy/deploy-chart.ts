// The service's own chart, made by the service: deploy/request.json posted to POST /v1/charts of an
// app made by createApp(), the tarball unpacked. Shared by `npm run deploy-chart`, which writes
// deploy/pod-patterns/, and by the test that fails when the committed chart drifts from it.
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as tar from 'tar-stream';

export const DEPLOY_REQUEST = fileURLToPath(new URL('../../deploy/request.json', import.meta.url));
export const DEPLOY_CHART_DIR = fileURLToPath(new URL('../../deploy/pod-patterns/', import.meta.url));

/** POST /v1/charts with `request`; the tarball, or an error with the problem the service answered. */
export async function requestChart(app: NestFastifyApplication, request: unknown): Promise<Buffer> {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url: '/v1/charts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(request),
    });
  if (res.statusCode !== 200) throw new Error(`POST /v1/charts answered ${res.statusCode}: ${res.body}`);
  return res.rawPayload;
}

/** The files of a chart tarball by their path inside the chart folder. */
export async function chartFilesOf(tarball: Buffer): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files[entry.header.name.replace(/^[^/]+\//, '')] = Buffer.concat(chunks).toString('utf8');
    }
  })();
  extract.end(gunzipSync(tarball));
  await done;
  return files;
}
