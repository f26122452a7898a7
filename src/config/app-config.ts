// The service's settings, from the environment, with defaults. A bad value stops the start with a
// message naming the variable, rather than running with something unintended.
import { readFileSync } from 'node:fs';
import type { LogLevel } from '@nestjs/common';

export interface AppConfig {
  /** PORT: TCP port to listen on (default 3000) */
  port: number;
  /** HOST: address to bind (default 0.0.0.0) */
  host: string;
  /** BODY_LIMIT: largest accepted request body in bytes; also "512KiB", "1MiB" (default 1 MiB) */
  bodyLimit: number;
  /**
   * YAML_BODY_LIMIT: largest YAML request body (default 32 KiB, a bundle of about 20 objects). The
   * yaml package reads 1-3 ms of CPU per KiB (measured on the worst bodies of test/support/worst-bodies.ts:
   * 256 KiB took 320-900 ms to validate, 64 KiB 110-290 ms, 32 KiB 70-160 ms on the loaded 2-core
   * machine), so this is the size whose worst body stays within the 250 ms CPU budget per request
   * with margin. Larger bundles go as JSON (BODY_LIMIT) or with a raised limit, at that cost.
   */
  yamlBodyLimit: number;
  /** LOG_LEVEL: lowest level logged: verbose, debug, log, warn, error, fatal, or silent (default log) */
  logLevel: LogLevel | 'silent';
  /** LOG_FORMAT: json (default: one JSON object per line) or pretty (coloured text for a terminal) */
  logFormat: 'json' | 'pretty';
  /**
   * API_KEYS (comma-separated) or API_KEYS_FILE (a file with one key per line): when set, every
   * /v1/* request needs one of these keys (default: none, the API is open)
   */
  apiKeys: readonly string[];
  /** RATE_LIMIT: most /v1/* requests per client in a window, e.g. "600/minute", or "off" (default off) */
  rateLimit: RateLimit | undefined;
  /**
   * RATE_LIMIT_REDIS_URL: a Redis the replicas keep their rate limit counters in, e.g.
   * redis://redis:6379/0, so that they enforce one limit per client together (default: none, each
   * process counts in its own memory)
   */
  rateLimitRedisUrl: string | undefined;
  /**
   * SHUTDOWN_DELAY: on SIGTERM, how long /readyz answers 503 while new requests are still served,
   * before the listener closes, so that load balancers stop sending first, e.g. "5s" (default 0)
   */
  shutdownDelayMs: number;
  /** how long slow or idle clients may hold a connection */
  timeouts: Timeouts;
}

/** Milliseconds; each from the environment as 30s, 500ms, 2m or a number of milliseconds. */
export interface Timeouts {
  /** HEADERS_TIMEOUT: the request line and headers must arrive within this (default 10 s) */
  headersMs: number;
  /** REQUEST_TIMEOUT: the whole request, body included, must arrive within this (default 30 s) */
  requestMs: number;
  /** CONNECTION_TIMEOUT: a connection with no traffic for this long is closed (default 60 s) */
  connectionMs: number;
  /**
   * KEEP_ALIVE_TIMEOUT: an idle keep-alive connection is closed after this (default 72 s, above
   * common load balancers' 60 s)
   */
  keepAliveMs: number;
}

export interface RateLimit {
  /** requests allowed per window and client */
  max: number;
  /** window length in milliseconds */
  windowMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  connectionMs: 60_000,
  keepAliveMs: 72_000,
};

export const DEFAULT_CONFIG: AppConfig = {
  port: 3000,
  host: '0.0.0.0',
  bodyLimit: 1024 * 1024,
  yamlBodyLimit: 32 * 1024,
  logLevel: 'log',
  logFormat: 'json',
  apiKeys: [],
  rateLimit: undefined,
  rateLimitRedisUrl: undefined,
  shutdownDelayMs: 0,
  timeouts: DEFAULT_TIMEOUTS,
};

/** Shortest API key accepted: shorter ones are guessable. */
export const MIN_API_KEY_LENGTH = 16;

const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const value = (name: string) => (env[name] === undefined || env[name].trim() === '' ? undefined : env[name].trim());
  return {
    port: parsePort(value('PORT')) ?? DEFAULT_CONFIG.port,
    host: value('HOST') ?? DEFAULT_CONFIG.host,
    bodyLimit: parseSize(value('BODY_LIMIT')) ?? DEFAULT_CONFIG.bodyLimit,
    yamlBodyLimit: parseSize(value('YAML_BODY_LIMIT'), 'YAML_BODY_LIMIT') ?? DEFAULT_CONFIG.yamlBodyLimit,
    logLevel: parseLogLevel(value('LOG_LEVEL')) ?? DEFAULT_CONFIG.logLevel,
    logFormat: parseLogFormat(value('LOG_FORMAT')) ?? DEFAULT_CONFIG.logFormat,
    apiKeys: loadApiKeys(value('API_KEYS'), value('API_KEYS_FILE')) ?? DEFAULT_CONFIG.apiKeys,
    rateLimit: parseRateLimit(value('RATE_LIMIT')) ?? DEFAULT_CONFIG.rateLimit,
    rateLimitRedisUrl: parseRedisUrl(value('RATE_LIMIT_REDIS_URL')) ?? DEFAULT_CONFIG.rateLimitRedisUrl,
    shutdownDelayMs: parseDelay(value('SHUTDOWN_DELAY')) ?? DEFAULT_CONFIG.shutdownDelayMs,
    timeouts: loadTimeouts(value),
  };
}

function loadTimeouts(value: (name: string) => string | undefined): Timeouts {
  const timeouts: Timeouts = {
    headersMs: parseDuration('HEADERS_TIMEOUT', value('HEADERS_TIMEOUT')) ?? DEFAULT_TIMEOUTS.headersMs,
    requestMs: parseDuration('REQUEST_TIMEOUT', value('REQUEST_TIMEOUT')) ?? DEFAULT_TIMEOUTS.requestMs,
    connectionMs: parseDuration('CONNECTION_TIMEOUT', value('CONNECTION_TIMEOUT')) ?? DEFAULT_TIMEOUTS.connectionMs,
    keepAliveMs: parseDuration('KEEP_ALIVE_TIMEOUT', value('KEEP_ALIVE_TIMEOUT')) ?? DEFAULT_TIMEOUTS.keepAliveMs,
  };
  // Node refuses a headers timeout longer than the request timeout
  if (timeouts.headersMs > timeouts.requestMs)
    throw new Error(
      `HEADERS_TIMEOUT (${timeouts.headersMs} ms) must not exceed REQUEST_TIMEOUT (${timeouts.requestMs} ms)`,
    );
  return timeouts;
}

const DURATION_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000 };

/** "30s", "500ms", "2m" or milliseconds; at least 1 ms. */
export function parseDuration(variable: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(ms|s|m|)$/i.exec(text);
  const ms = match ? Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1)
    throw new Error(
      `${variable} must be a duration such as 30s, 500ms or 2m (or milliseconds); got ${JSON.stringify(text)}`,
    );
  return ms;
}

function loadApiKeys(list: string | undefined, file: string | undefined): string[] | undefined {
  if (list !== undefined && file !== undefined) throw new Error('set API_KEYS or API_KEYS_FILE, not both');
  if (list !== undefined) return parseApiKeys(list.split(','), 'API_KEYS');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`API_KEYS_FILE: cannot read ${JSON.stringify(file)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // one key per line; blank lines and # comments are ignored
  const lines = text.split(/\r?\n/).map((line) => (line.trim().startsWith('#') ? '' : line));
  return parseApiKeys(lines, 'API_KEYS_FILE', 'line');
}

/**
 * The keys of a list, trimmed, blanks dropped, duplicates removed. Messages name an entry by its
 * position, never by its value: keys are secrets and errors end up in logs.
 */
export function parseApiKeys(entries: string[], variable: string, entryName = 'entry'): string[] {
  const keys: string[] = [];
  entries.forEach((entry, i) => {
    const key = entry.trim();
    if (!key) return;
    if (!/^[\x21-\x7e]+$/.test(key) || key.includes(',')) {
      throw new Error(
        `${variable}: ${entryName} ${i + 1} has characters other than printable ASCII (no spaces or commas)`,
      );
    }
    if (key.length < MIN_API_KEY_LENGTH)
      throw new Error(`${variable}: ${entryName} ${i + 1} is shorter than ${MIN_API_KEY_LENGTH} characters`);
    if (!keys.includes(key)) keys.push(key);
  });
  if (!keys.length) throw new Error(`${variable} is set but holds no key`);
  return keys;
}

const WINDOW_UNITS = new Map<string, number>(
  (
    [
      [1000, ['s', 'sec', 'secs', 'second', 'seconds']],
      [60_000, ['m', 'min', 'mins', 'minute', 'minutes']],
      [3_600_000, ['h', 'hour', 'hours']],
    ] as const
  ).flatMap(([ms, words]) => words.map((word) => [word, ms] as const)),
);

/** "600/minute", "10/second", "5000/hour", "100/10s"; "off" for none. */
export function parseRateLimit(text: string | undefined): RateLimit | undefined {
  if (text === undefined || text.toLowerCase() === 'off') return undefined;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/i.exec(text);
  const unit = match ? WINDOW_UNITS.get(match[3]!.toLowerCase()) : undefined;
  const max = match ? Number(match[1]) : NaN;
  const windowMs = match && unit ? Number(match[2] || '1') * unit : NaN;
  if (!Number.isSafeInteger(max) || max < 1 || !Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new Error(
      `RATE_LIMIT must be requests per window, e.g. 600/minute, 10/second, 5000/hour or 100/10s, or off; got ${JSON.stringify(text)}`,
    );
  }
  return { max, windowMs };
}

/** "600 requests per minute", "100 requests per 10 seconds". */
export function describeRateLimit({ max, windowMs }: RateLimit): string {
  const [unit, ms] = (
    [
      ['hour', 3_600_000],
      ['minute', 60_000],
      ['second', 1000],
    ] as const
  ).find(([, ms]) => windowMs % ms === 0) ?? ['millisecond', 1];
  const count = windowMs / ms;
  return `${max} request${max === 1 ? '' : 's'} per ${count === 1 ? unit : `${count} ${unit}s`}`;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new Error(`PORT must be a port number (0-65535), got ${JSON.stringify(text)}`);
  return port;
}

export function parseSize(text: string | undefined, variable = 'BODY_LIMIT'): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(`${variable} must be a size in bytes, e.g. 1048576, 512KiB or 1MiB; got ${JSON.stringify(text)}`);
  }
  return bytes;
}

function parseLogLevel(text: string | undefined): AppConfig['logLevel'] | undefined {
  if (text === undefined) return undefined;
  if (text === 'silent' || (LOG_LEVELS as string[]).includes(text)) return text as AppConfig['logLevel'];
  throw new Error(`LOG_LEVEL must be one of ${[...LOG_LEVELS, 'silent'].join(', ')}; got ${JSON.stringify(text)}`);
}

function parseLogFormat(text: string | undefined): AppConfig['logFormat'] | undefined {
  if (text === undefined) return undefined;
  if (text === 'json' || text === 'pretty') return text;
  throw new Error(`LOG_FORMAT must be json or pretty; got ${JSON.stringify(text)}`);
}

/** redis:// or rediss:// (TLS). The message never repeats the URL: it may hold a password. */
export function parseRedisUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new Error(
      'RATE_LIMIT_REDIS_URL must be a Redis URL such as redis://redis:6379/0 or rediss://:password@redis.example:6380',
    );
  }
  return text;
}

/** "5s", "500ms", "0"; at most 10 minutes. */
export function parseDelay(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(ms|s)?$/i.exec(text);
  const ms = match ? Number(match[1]) * (match[2]?.toLowerCase() === 'ms' ? 1 : 1000) : NaN;
  if (!Number.isSafeInteger(ms) || ms > 600_000)
    throw new Error(`SHUTDOWN_DELAY must be a duration up to 600s, e.g. 5s or 500ms; got ${JSON.stringify(text)}`);
  return ms;
}
