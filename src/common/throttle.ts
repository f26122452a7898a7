// Rate limiting with @fastify/rate-limit: a fixed window per client, counted in this process's
// memory (each replica counts its own clients). A client over the limit gets 429 with Retry-After
// (seconds until its window resets); the error goes to ProblemFilter like any other, as
// problem+json. Every limited response also carries x-ratelimit-limit, -remaining and -reset.
import { HttpException, HttpStatus } from '@nestjs/common';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeRateLimit, type RateLimit } from '../config/app-config.js';

/** Most clients tracked at once; past it the least recently seen one starts a fresh window. */
const TRACKED_CLIENTS = 10_000;

export type Throttle = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * Registers the plugin without applying it to any route, and returns the check to run on the
 * requests to limit: it resolves when the request may go on and rejects with a 429 otherwise.
 * `clientOf` names the client a request counts against.
 */
export function createThrottle(fastify: FastifyInstance, limit: RateLimit, clientOf: (request: FastifyRequest) => string): Throttle {
  void fastify.register(fastifyRateLimit, {
    global: false,
    max: limit.max,
    timeWindow: limit.windowMs,
    cache: TRACKED_CLIENTS,
    keyGenerator: clientOf,
    errorResponseBuilder: (_request, { ttl }) => {
      const seconds = Math.ceil(ttl / 1000); // as in Retry-After
      return new HttpException(`this client sent more than ${describeRateLimit(limit)}; retry in ${seconds} second${seconds === 1 ? '' : 's'}`, HttpStatus.TOO_MANY_REQUESTS);
    },
  });
  // the plugin's decorator exists once Fastify has loaded it, which is before the first request
  let check: Throttle | undefined;
  return (request, reply) => {
    check ??= fastify.rateLimit() as unknown as Throttle;
    return check.call(fastify, request, reply);
  };
}
