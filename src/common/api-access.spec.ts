import { Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { describe, expect, it } from 'vitest';
import { isApiRequest, protectApi } from './api-access.js';

class RecordingLogger extends Logger {
  readonly lines: string[] = [];
  override log(message: string): void {
    this.lines.push(`log ${message}`);
  }
  override warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
}

const KEY = 'key-a-0123456789abcdef';
/** A bare Fastify instance (the one the Nest adapter wraps), without Nest. */
const Fastify = () => new FastifyAdapter({ logger: false }).getInstance();

async function serverWith(config: Parameters<typeof protectApi>[1], logger = new RecordingLogger()) {
  const fastify = Fastify();
  protectApi(fastify, config, logger);
  fastify.get('/v1/things/:id', async () => 'thing');
  fastify.get('/healthz', async () => 'ok');
  await fastify.ready();
  return { fastify, logger };
}

describe('protectApi', () => {
  it('warns at start that the API is open when no keys are configured, and adds no hook', async () => {
    const { fastify, logger } = await serverWith({ apiKeys: [], rateLimit: undefined });
    expect(logger.lines).toEqual([
      'warn API_KEYS is not set: /v1/* is open to every client that can reach the service',
    ]);
    expect((await fastify.inject('/v1/things/1')).statusCode).toBe(200);
    await fastify.close();
  });

  it('says how many keys and which limit apply, never the keys', async () => {
    const { fastify, logger } = await serverWith({
      apiKeys: [KEY, `${KEY}-2`],
      rateLimit: { max: 600, windowMs: 60_000 },
    });
    expect(logger.lines).toEqual([
      'log /v1/* needs one of 2 API key(s)',
      'log /v1/* is limited to 600 requests per minute per client, counted in this process',
    ]);
    expect(logger.lines.join('\n')).not.toContain(KEY);
    await fastify.close();
  });

  it('guards /v1/* only', async () => {
    const { fastify } = await serverWith({ apiKeys: [KEY], rateLimit: undefined });
    expect((await fastify.inject('/v1/things/1')).statusCode).toBe(401);
    expect((await fastify.inject('/v1/elsewhere')).statusCode).toBe(401);
    expect((await fastify.inject({ url: '/v1/things/1', headers: { 'x-api-key': KEY } })).statusCode).toBe(200);
    expect((await fastify.inject('/healthz')).statusCode).toBe(200);
    expect((await fastify.inject('/v2/things')).statusCode).toBe(404);
    await fastify.close();
  });
});

describe('isApiRequest', () => {
  it('goes by the matched route template, else by the path', async () => {
    const fastify = Fastify();
    const seen: Record<string, boolean> = {};
    fastify.addHook('onRequest', (request, _reply, done) => {
      seen[request.url] = isApiRequest(request);
      done();
    });
    fastify.get('/v1/things/:id', async () => 'thing');
    fastify.get('/docs/v1/', async () => 'docs');
    await fastify.ready();
    for (const url of ['/v1/things/1?x=/docs', '/v1/nothing', '/docs/v1/', '/healthz?next=/v1/', '/v1'])
      await fastify.inject(url);
    expect(seen).toEqual({
      '/v1/things/1?x=/docs': true,
      '/v1/nothing': true,
      '/docs/v1/': false,
      '/healthz?next=/v1/': false,
      '/v1': false,
    });
    await fastify.close();
  });
});
