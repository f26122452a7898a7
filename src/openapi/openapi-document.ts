// The OpenAPI document of the running app: Nest's scan of the controllers, plus the request schemas
// derived from validation metadata. Served at /docs; `npm run openapi` commits the same document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { stringify } from 'yaml';
import { BundleRequestDto } from '../core/input/bundle-request.js';
import { ChartRequestDto } from '../core/input/chart-request.js';
import { API_PREFIX } from '../common/api-access.js';
import { problemContent } from '../common/problem.js';
import { applyBodyContent } from './body-content.js';
import { requestSchemas } from './request-schemas.js';
import { renameSchemas } from './schema-names.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
  license: string;
};

/** openapi/ at the repository root (this file is two levels below it, in src/ or dist/). */
export const OPENAPI_DIR = fileURLToPath(new URL('../../openapi/', import.meta.url));

/** The operation groups, in the order Swagger UI shows them; every @ApiTags name is one of these. */
const TAGS: Record<string, string> = {
  bundles:
    "Generate a pattern bundle: the app's workload with its sidecars, ambassadors and adapters, checked by every rule",
  charts: 'The same bundle as a Helm chart whose default values render it',
  validations: 'Check Kubernetes manifests people bring with the same rules',
  patterns: 'The catalogue of presets (sidecars, ambassadors, adapters) with their parameter schemas',
  rules: 'The validation rules and their pages',
  health: 'Liveness and readiness probes (always open)',
  metrics: 'Prometheus metrics of the service itself (always open)',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('pod-patterns')
    .setDescription(
      `${PACKAGE.description}\n\nErrors are RFC 9457 problem details (application/problem+json) with the request id as \`instance\`; input errors list every rejected field as a JSON Pointer.\n\nWhen the service is configured with API keys, every /v1 operation needs one, as \`Authorization: Bearer <key>\` or \`x-api-key: <key>\` (401 otherwise); without keys configured the API is open. With a rate limit configured, a client (its API key, else its address) that exceeds it gets 429 with Retry-After. Health, metrics and these docs are always open.`,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'an API key as bearer token (when the service has keys configured)',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: 'an API key (when the service has keys configured)',
      },
      API_KEY_SCHEME,
    )
    .setVersion(PACKAGE.version)
    .setLicense(PACKAGE.license, `https://spdx.org/licenses/${PACKAGE.license}.html`)
    // relative: Swagger UI and generated clients talk to whichever host serves this document
    .addServer('/', 'the service that serves this document');
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const config = builder.build();
  delete config.info.contact; // DocumentBuilder's empty placeholder
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  documentApiAccess(document);
  applyBodyContent(document);
  const schemas = {
    ...(document.components?.schemas ?? {}),
    ...requestSchemas(BundleRequestDto.name),
    ...requestSchemas(ChartRequestDto.name),
  };
  document.components = { ...document.components, schemas };
  renameSchemas(document);
  return document;
}

const BEARER_SCHEME = 'bearer';
const API_KEY_SCHEME = 'apiKey';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Every /v1 operation: either key scheme, or none ({}) when the service runs without keys; 401 and
 * 429 responses. Every other operation (health, metrics) is open: no security at all. Added here by
 * the same path rule that the access hook applies at run time.
 */
function documentApiAccess(document: OpenAPIObject): void {
  const responses = {
    401: {
      description: 'missing or invalid API key (only when the service has keys configured)',
      headers: {
        'WWW-Authenticate': {
          description: 'Bearer realm="pod-patterns", with error="invalid_token" for a wrong key',
          schema: { type: 'string' },
        },
      },
      content: problemContent(401),
    },
    429: {
      description: 'this client (its API key, else its address) exceeded the rate limit (only when one is configured)',
      headers: {
        'Retry-After': { description: "seconds until the client's window resets", schema: { type: 'integer' } },
        'X-RateLimit-Limit': { description: 'requests allowed per window', schema: { type: 'integer' } },
        'X-RateLimit-Remaining': { description: 'requests left in the window', schema: { type: 'integer' } },
        'X-RateLimit-Reset': { description: 'seconds until the window resets', schema: { type: 'integer' } },
      },
      content: problemContent(429),
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (
        item as Record<string, { security?: unknown; responses: Record<string, unknown> } | undefined>
      )[method];
      if (!operation) continue;
      if (!path.startsWith(API_PREFIX)) {
        operation.security = [];
        continue;
      }
      operation.security = [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }, {}];
      const all: Record<string, unknown> = { ...operation.responses, ...responses };
      operation.responses = Object.fromEntries(
        Object.keys(all)
          .sort()
          .map((status) => [status, all[status]]),
      );
    }
  }
}

/** The committed files: stable JSON (two-space indent) and YAML of the same document. */
export function renderOpenApiFiles(document: OpenAPIObject): { json: string; yaml: string } {
  return {
    json: `${JSON.stringify(document, null, 2)}\n`,
    yaml: stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
  };
}
