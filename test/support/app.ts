// The app as the tests see it: made by the same factory as the service, initialised, not listening.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, type CreateAppOptions } from '../../src/app.factory.js';
import { REPO_ROOT } from './programs.js';

export async function startTestApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await createApp({ logger: false, ...options });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The example requests of a folder, by file name. */
export function examplesIn(dir: string): { file: string; body: Record<string, any> }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, body: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, any> }));
}

export const REPO_EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** The app listening on a loopback port, for clients that speak HTTP (generated SDKs, the command). */
export async function listeningApp(
  options: CreateAppOptions = {},
): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const app = await createApp({ logger: false, ...options });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app has no TCP address');
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}
