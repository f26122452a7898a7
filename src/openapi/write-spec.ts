// `npm run openapi`: writes openapi/openapi.json and openapi/openapi.yaml from the app, without
// listening. A test fails when the committed files differ from what the app generates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createApp, openApiDocumentOf } from '../app.factory.js';
import { OPENAPI_DIR, renderOpenApiFiles } from './openapi-document.js';

const app = await createApp({ logger: false });
const files = renderOpenApiFiles(openApiDocumentOf(app));
await app.close();
mkdirSync(OPENAPI_DIR, { recursive: true });
writeFileSync(`${OPENAPI_DIR}openapi.json`, files.json);
writeFileSync(`${OPENAPI_DIR}openapi.yaml`, files.yaml);
process.stdout.write('wrote openapi/openapi.json and openapi/openapi.yaml\n');
