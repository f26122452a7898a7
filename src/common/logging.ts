// The service's logs: one pino logger for Fastify and Nest alike, so every line is one JSON object
// (LOG_FORMAT=pretty: coloured text for a terminal). Each request is logged once, at completion,
// with the request id the response echoes in X-Request-Id and problems carry as `instance`.
// Headers are never logged; the redact paths are a second line of defence should a log call ever
// pass a request or its headers, so that API keys and tokens cannot reach the logs.
import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config.js';
import { UNMATCHED_ROUTE } from '../metrics/service-metrics.js';

export type LogFormat = 'json' | 'pretty';

/** Nest's level names as pino's. */
const PINO_LEVEL: Record<Exclude<AppConfig['logLevel'], 'silent'>, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/** The field that carries the request id on every line logged for a request. */
export const REQUEST_ID_LOG_FIELD = 'requestId';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  '["x-api-key"]',
  'apiKey',
  'apiKeys',
];

export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination?: NodeJS.WritableStream,
): Logger {
  const options = {
    level: config.logLevel === 'silent' ? 'silent' : PINO_LEVEL[config.logLevel],
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (config.logFormat === 'pretty') {
    return pino(
      options,
      pretty({ sync: true, destination: destination ?? 1, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
    );
  }
  return pino(options, destination ?? pino.destination({ fd: 1, sync: true }));
}

/** Nest's Logger calls, onto pino: the context becomes a field, an error's stack another. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  /** Nest passes (message, stack?, context?) */
  error(message: unknown, ...rest: unknown[]): void {
    const context = rest.length ? rest[rest.length - 1] : undefined;
    const stack = rest.length > 1 ? rest[0] : undefined;
    const fields = {
      ...(typeof context === 'string' ? { context } : {}),
      ...(typeof stack === 'string' ? { stack } : {}),
    };
    if (message instanceof Error) this.logger.error({ ...fields, err: message }, message.message);
    else this.logger.error(fields, String(message));
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context =
      rest.length && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const fields = context ? { context } : {};
    if (typeof message === 'object' && message !== null && !(message instanceof Error))
      this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}

/**
 * One line per request, when its response has been sent: request id (from the request's child
 * logger), method, route template, status, duration and client address. The URL is left out: the
 * route template says what was called without any query string a client may have put a token in.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
        client: request.ip,
      },
      'request completed',
    );
    done();
  });
}
