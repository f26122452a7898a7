// Rate limiting with @fastify/rate-limit: a fixed window per client. Counts live in this process's
// memory, or, with RATE_LIMIT_REDIS_URL, in Redis (the plugin's own Redis store, over ioredis), so
// that every replica counts against the same window and N replicas enforce one limit per client.
// A client over the limit gets 429 with Retry-After (seconds until its window resets); the error
// goes to ProblemFilter like any other, as problem+json. Every limited response also carries
// x-ratelimit-limit, -remaining and -reset.
//
// Redis is a shared helper, not a dependency of every request: when it cannot answer within a
// short timeout (down, unreachable, slow), the request is served without a limit (fail open), a
// counter goes up and a warning is logged once per outage. Nothing waits on a reconnect: commands
// fail at once while the connection is down (no offline queue) and time out after COMMAND_TIMEOUT_MS.
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { describeRateLimit, type RateLimit } from '../config/app-config.js';

/** Most clients tracked at once in memory; past it the least recently seen one starts a fresh window. */
const TRACKED_CLIENTS = 10_000;
/** Longest a request waits on Redis for its count; a rate limit check must stay cheap. */
export const COMMAND_TIMEOUT_MS = 250;
/** Longest a connection attempt takes before it counts as failed. */
const CONNECT_TIMEOUT_MS = 1000;
/** Reconnect after 100 ms, 200 ms, ... at most every 2 s, for as long as the process runs. */
const reconnectDelay = (attempt: number) => Math.min(attempt * 100, 2000);
/** Keys in Redis: <prefix><client>, so several services can share one Redis. */
export const REDIS_KEY_PREFIX = 'pod-patterns:rate-limit:';

export type Throttle = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface ThrottleOptions {
  /** redis:// or rediss:// URL of a Redis shared by the replicas; in-memory counts without it */
  redisUrl?: string;
  /** called for each request served without a limit because the Redis store failed */
  onStoreFailure?: () => void;
  logger?: Logger;
}

/**
 * Registers the plugin without applying it to any route, and returns the check to run on the
 * requests to limit: it resolves when the request may go on (or when the shared store failed and
 * the request is let through) and rejects with a 429 otherwise. `clientOf` names the client a
 * request counts against.
 */
export function createThrottle(
  fastify: FastifyInstance,
  limit: RateLimit,
  clientOf: (request: FastifyRequest) => string,
  options: ThrottleOptions = {},
): Throttle {
  const logger = options.logger ?? new Logger('RateLimit');
  const redis = options.redisUrl ? connectRedis(fastify, options.redisUrl, logger) : undefined;
  void fastify.register(fastifyRateLimit, {
    global: false,
    max: limit.max,
    timeWindow: limit.windowMs,
    ...(redis ? { redis: redis.client, nameSpace: REDIS_KEY_PREFIX, skipOnError: false } : { cache: TRACKED_CLIENTS }),
    keyGenerator: clientOf,
    errorResponseBuilder: (_request, { ttl }) => {
      const seconds = Math.ceil(ttl / 1000); // as in Retry-After
      return new HttpException(
        `this client sent more than ${describeRateLimit(limit)}; retry in ${seconds} second${seconds === 1 ? '' : 's'}`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    },
  });
  // the plugin's decorator exists once Fastify has loaded it, which is before the first request
  let check: Throttle | undefined;
  return (request, reply) => {
    check ??= fastify.rateLimit() as unknown as Throttle;
    const result = check.call(fastify, request, reply);
    if (!redis) return result;
    return result.then(
      (value) => {
        redis.succeeded();
        return value;
      },
      (error: unknown) => {
        if (error instanceof HttpException) {
          redis.succeeded();
          throw error;
        }
        // the store failed: serve the request, and say so
        redis.failed(error);
        options.onStoreFailure?.();
        return undefined;
      },
    );
  };
}

/** The shared Redis connection, and the warning state of its outages. */
function connectRedis(fastify: FastifyInstance, url: string, logger: Logger) {
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
    // the URL's user and password stay out of the client name and the logs
    connectionName: 'pod-patterns-rate-limit',
  });
  let down = false;
  const where = redisAddress(url);
  const failed = (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn(
      `rate limit store ${where} is unreachable (${(error as Error)?.message ?? String(error)}): requests are served without a rate limit until it answers again`,
    );
  };
  const succeeded = () => {
    if (!down) return;
    down = false;
    logger.log(`rate limit store ${where} answers again: the rate limit applies`);
  };
  // connection errors surface here on every reconnect attempt; one warning per outage
  client.on('error', failed);
  client.on('ready', succeeded);
  fastify.addHook('onClose', (_instance, done) => {
    client.disconnect();
    done();
  });
  return { client, failed, succeeded };
}

/** host:port/db of a Redis URL, without its credentials. */
export function redisAddress(url: string): string {
  const { protocol, hostname, port, pathname } = new URL(url);
  return `${protocol}//${hostname}:${port || '6379'}${pathname && pathname !== '/' ? pathname : ''}`;
}
