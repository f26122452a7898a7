// Creates and configures the app, without listening: main.ts, the tests and the spec writer all
// use this one function, so they run the same pipe, filter, guard, parsers and docs.
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LogController, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { protectApi } from './common/api-access.js';
import { createLogger, logRequests, PinoNestLogger, REQUEST_ID_LOG_FIELD } from './common/logging.js';
import { MediaTypeGuard } from './common/media-types.js';
import { ProblemFilter } from './common/problem.filter.js';
import { echoRequestId, requestIdOf } from './common/request-id.js';
import { rememberJsonText } from './common/request-body.js';
import { createValidationPipe } from './common/validation.js';
import { loadConfig, type AppConfig } from './config/app-config.js';
import { HealthController } from './health/health.controller.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { YAML_MEDIA_TYPES } from './validations/yaml-body.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

export interface CreateAppOptions {
  /** overrides of the environment's settings */
  config?: Partial<AppConfig>;
  /** the pino logger of Fastify and Nest: false for none; default from LOG_LEVEL and LOG_FORMAT, to stdout */
  logger?: Logger | false;
}

const documents = new WeakMap<NestFastifyApplication, OpenAPIObject>();

export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const config: AppConfig = { ...loadConfig(), ...options.config };
  const log = options.logger === false ? undefined : (options.logger ?? createLogger(config));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(config, log), {
    logger: log ? new PinoNestLogger(log) : false,
    bodyParser: false,
    abortOnError: false,
  });
  return configureApp(app, config);
}

/**
 * The Fastify adapter with the settings configureApp() expects (body limit, request ids, timeouts,
 * the logger; requests are logged once, by configureApp, rather than by Fastify at start and end).
 */
export function createAdapter(config: AppConfig, log: Logger = pino({ level: 'silent' })): FastifyAdapter {
  const { headersMs, requestMs, connectionMs, keepAliveMs } = config.timeouts;
  return new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    genReqId: requestIdOf,
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: REQUEST_ID_LOG_FIELD }),
    // slow clients are cut off: headers and whole requests must arrive in time, idle sockets close
    connectionTimeout: connectionMs,
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    // Node checks the headers and request deadlines every connectionsCheckingInterval (30 s by default)
    http: {
      headersTimeout: headersMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersMs / 4))),
    },
  });
}

/**
 * Everything but the module tree: parsers, request ids, metrics, API keys and rate limit, pipe,
 * filter, guard, docs.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify, config);
  echoRequestId(fastify);
  logRequests(fastify);
  const metrics = app.get(ServiceMetrics);
  metrics.instrument(fastify);
  protectApi(fastify, config, undefined, () => metrics.rateLimitStoreFailed());
  app.get(HealthController).drainDelayMs = config.shutdownDelayMs;
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalGuards(new MediaTypeGuard(app.get(Reflector)));

  const document = buildOpenApiDocument(app);
  documents.set(app, document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'pod-patterns API',
  });
  return app;
}

/** The OpenAPI document the app serves at /docs/openapi.json. */
export function openApiDocumentOf(app: NestFastifyApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('not an app made by createApp()');
  return document;
}

/**
 * application/json bodies are parsed as JSON, YAML bodies read as text (other types are left to
 * MediaTypeGuard). The parser is Fastify's own (prototype-poisoning checks included); on a syntax
 * error it adds where the JSON broke, for the problem detail.
 */
function acceptJsonBodiesOnly(fastify: FastifyInstance, { bodyLimit, yamlBodyLimit }: AppConfig): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = String(body);
    // the routes that take a request object refuse a member given twice, which JSON.parse hides
    rememberJsonText(request, text);
    parse(request, text, (error: (Error & { detail?: string }) | null, value?: unknown) => {
      if (error && text.length) {
        try {
          JSON.parse(text);
        } catch (syntax) {
          error.detail = (syntax as Error).message;
        }
      }
      done(error, value);
    });
  });
  // YAML is read as text for the routes that take it, under its own, smaller limit
  for (const type of YAML_MEDIA_TYPES)
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: yamlBodyLimit }, (_request, body, done) =>
      done(null, body),
    );
  // Any other type is read as bytes and left to MediaTypeGuard, which knows what each route
  // consumes and answers 415 naming it.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}
