// The OpenAPI document of the running app: Nest's scan of the controllers, plus the request schemas
// derived from validation metadata. Served at /docs; `npm run openapi` commits the same document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { stringify } from 'yaml';
import { BundleRequestDto } from '../bundles/dto/bundle-request.dto.js';
import { ChartRequestDto } from '../charts/dto/chart-request.dto.js';
import { requestSchemas } from './request-schemas.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string; license: string };

/** openapi/ at the repository root (this file is two levels below it, in src/ or dist/). */
export const OPENAPI_DIR = fileURLToPath(new URL('../../openapi/', import.meta.url));

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('pod-patterns')
    .setDescription(
      `${PACKAGE.description}\n\nErrors are RFC 9457 problem details (application/problem+json) with the request id as \`instance\`; input errors list every rejected field as a JSON Pointer.`,
    )
    .setVersion(PACKAGE.version)
    .setLicense(PACKAGE.license, `https://spdx.org/licenses/${PACKAGE.license}.html`)
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  const schemas = { ...(document.components?.schemas ?? {}), ...requestSchemas(BundleRequestDto.name), ...requestSchemas(ChartRequestDto.name) };
  document.components = { ...document.components, schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))) };
  return document;
}

/** The committed files: stable JSON (two-space indent) and YAML of the same document. */
export function renderOpenApiFiles(document: OpenAPIObject): { json: string; yaml: string } {
  return { json: `${JSON.stringify(document, null, 2)}\n`, yaml: stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }) };
}
