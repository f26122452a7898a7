// Who may call /v1/* and how often: one onRequest hook, so a refused request is answered before its
// body is read. The rate limit comes first, counting against the client's API key when it presents
// a valid one and against its address otherwise, so guessing keys is rate limited too; then a
// request without a valid key, when keys are configured, gets 401. /healthz, /readyz, /metrics and
// /docs are never limited nor authenticated: probes and scrapers must always get through.
import { Logger } from '@nestjs/common';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeRateLimit, type AppConfig } from '../config/app-config.js';
import { ApiKeys, unauthorized } from './api-keys.js';
import { createThrottle, redisAddress } from './throttle.js';

export const API_PREFIX = '/v1/';

/** The API proper: matched /v1/* routes, and unmatched URLs under /v1/ (which get 401, not 404, without a key). */
export function isApiRequest(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith(API_PREFIX);
}

export function protectApi(
  fastify: FastifyInstance,
  config: Pick<AppConfig, 'apiKeys' | 'rateLimit'> & Partial<Pick<AppConfig, 'rateLimitRedisUrl'>>,
  logger = new Logger('ApiAccess'),
  onStoreFailure?: () => void,
): void {
  const keys = new ApiKeys(config.apiKeys);
  if (keys.required) logger.log(`/v1/* needs one of ${config.apiKeys.length} API key(s)`);
  else logger.warn('API_KEYS is not set: /v1/* is open to every client that can reach the service');
  if (config.rateLimit) {
    const store = config.rateLimitRedisUrl
      ? `, counted in Redis at ${redisAddress(config.rateLimitRedisUrl)} across replicas`
      : ', counted in this process';
    logger.log(`/v1/* is limited to ${describeRateLimit(config.rateLimit)} per client${store}`);
  }
  if (!keys.required && !config.rateLimit) return;

  const clients = new WeakMap<FastifyRequest, string>();
  const throttle =
    config.rateLimit &&
    createThrottle(
      fastify,
      config.rateLimit,
      (request) => clients.get(request) ?? `ip:${fastifyRateLimit.normalizeIP(request.ip)}`,
      {
        redisUrl: config.rateLimitRedisUrl,
        onStoreFailure,
        logger,
      },
    );

  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isApiRequest(request)) return done();
    const key = keys.identify(request.headers);
    const authorize = () => {
      if (!keys.required || key !== undefined) return done();
      const { challenge, exception } = unauthorized(request.headers);
      void reply.header('www-authenticate', challenge);
      done(exception);
    };
    if (!throttle) return authorize();
    if (key !== undefined) clients.set(request, `key:${key}`);
    throttle(request, reply).then(authorize, done);
  });
}
