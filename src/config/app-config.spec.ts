import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  describeRateLimit,
  loadConfig,
  parseRateLimit,
  parseRedisUrl,
  parseSize,
} from './app-config.js';

describe('loadConfig', () => {
  it('has defaults: port 3000 on 0.0.0.0, 1 MiB bodies, log level log, no API keys, no rate limit, timeouts', () => {
    expect(loadConfig({})).toStrictEqual({
      port: 3000,
      host: '0.0.0.0',
      bodyLimit: 1048576,
      yamlBodyLimit: 32768,
      logLevel: 'log',
      logFormat: 'json',
      apiKeys: [],
      rateLimit: undefined,
      rateLimitRedisUrl: undefined,
      shutdownDelayMs: 0,
      timeouts: { headersMs: 10_000, requestMs: 30_000, connectionMs: 60_000, keepAliveMs: 72_000 },
    });
    expect(loadConfig({ PORT: '', HOST: '  ' })).toEqual(DEFAULT_CONFIG);
  });

  it('reads PORT, HOST, BODY_LIMIT and LOG_LEVEL', () => {
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1', BODY_LIMIT: '512KiB', LOG_LEVEL: 'warn' })).toEqual({
      ...DEFAULT_CONFIG,
      port: 8080,
      host: '127.0.0.1',
      bodyLimit: 524288,
      logLevel: 'warn',
    });
  });

  it('reads the timeouts as durations', () => {
    expect(
      loadConfig({
        HEADERS_TIMEOUT: '5s',
        REQUEST_TIMEOUT: '20000',
        CONNECTION_TIMEOUT: '2m',
        KEEP_ALIVE_TIMEOUT: '500ms',
      }).timeouts,
    ).toEqual({
      headersMs: 5000,
      requestMs: 20000,
      connectionMs: 120000,
      keepAliveMs: 500,
    });
    expect(() => loadConfig({ REQUEST_TIMEOUT: 'soon' })).toThrow(/REQUEST_TIMEOUT must be a duration/);
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT: '0' })).toThrow(/KEEP_ALIVE_TIMEOUT/);
    expect(() => loadConfig({ HEADERS_TIMEOUT: '1m', REQUEST_TIMEOUT: '30s' })).toThrow(
      /HEADERS_TIMEOUT .* must not exceed REQUEST_TIMEOUT/,
    );
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => loadConfig({ BODY_LIMIT: '1 GB' })).toThrow(/BODY_LIMIT/);
    expect(() => loadConfig({ BODY_LIMIT: '0' })).toThrow(/BODY_LIMIT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('parseSize', () => {
  it.each([
    ['1048576', 1048576],
    ['2MiB', 2097152],
    ['2mb', 2000000],
    ['64 kib', 65536],
    ['100b', 100],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});

describe('LOG_FORMAT, RATE_LIMIT_REDIS_URL and SHUTDOWN_DELAY', () => {
  it('reads the shutdown delay in seconds or milliseconds', () => {
    expect(loadConfig({ SHUTDOWN_DELAY: '5s' }).shutdownDelayMs).toBe(5000);
    expect(loadConfig({ SHUTDOWN_DELAY: '250ms' }).shutdownDelayMs).toBe(250);
    expect(loadConfig({ SHUTDOWN_DELAY: '2' }).shutdownDelayMs).toBe(2000);
    expect(() => loadConfig({ SHUTDOWN_DELAY: 'soon' })).toThrow(
      'SHUTDOWN_DELAY must be a duration up to 600s, e.g. 5s or 500ms; got "soon"',
    );
    expect(() => loadConfig({ SHUTDOWN_DELAY: '601s' })).toThrow(/^SHUTDOWN_DELAY must be/);
  });

  it('reads json or pretty, and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow('LOG_FORMAT must be json or pretty; got "text"');
  });

  it('takes redis:// and rediss:// URLs, and never repeats a refused one (it may hold a password)', () => {
    expect(loadConfig({}).rateLimitRedisUrl).toBeUndefined();
    expect(loadConfig({ RATE_LIMIT_REDIS_URL: 'redis://redis:6379/0' }).rateLimitRedisUrl).toBe('redis://redis:6379/0');
    expect(parseRedisUrl('rediss://:s3cret@redis.example:6380')).toBe('rediss://:s3cret@redis.example:6380');
    for (const bad of ['http://:s3cret@redis:6379', 'redis-host:6379', 'redis://']) {
      expect(() => parseRedisUrl(bad)).toThrow(/^RATE_LIMIT_REDIS_URL must be a Redis URL/);
      try {
        parseRedisUrl(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain('s3cret');
      }
    }
  });
});

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-fedcba9876543210';

let keysDir: string | undefined;
afterAll(() => keysDir && rmSync(keysDir, { recursive: true, force: true }));

function keysFile(text: string): string {
  keysDir ??= mkdtempSync(join(tmpdir(), 'api-keys-'));
  const file = join(keysDir, `keys-${readdirSync(keysDir).length}`);
  writeFileSync(file, text);
  return file;
}

describe('API keys', () => {
  it('reads API_KEYS as a comma-separated list, trimmed, without blanks or duplicates', () => {
    expect(loadConfig({ API_KEYS: ` ${KEY_A} ,, ${KEY_B},${KEY_A}, ` }).apiKeys).toEqual([KEY_A, KEY_B]);
  });

  it('reads API_KEYS_FILE as one key per line, skipping blank lines and # comments', () => {
    const file = keysFile(`# team a\n${KEY_A}\r\n\n  # retired: old-key\n${KEY_B}\n`);
    expect(loadConfig({ API_KEYS_FILE: file }).apiKeys).toEqual([KEY_A, KEY_B]);
  });

  it('refuses both settings at once, an unreadable file, and a setting without keys', () => {
    expect(() => loadConfig({ API_KEYS: KEY_A, API_KEYS_FILE: keysFile(KEY_B) })).toThrow(
      'set API_KEYS or API_KEYS_FILE, not both',
    );
    expect(() => loadConfig({ API_KEYS_FILE: join(tmpdir(), 'no-such-dir-4711', 'keys') })).toThrow(
      /^API_KEYS_FILE: cannot read/,
    );
    expect(() => loadConfig({ API_KEYS: ' , ,' })).toThrow('API_KEYS is set but holds no key');
    expect(() => loadConfig({ API_KEYS_FILE: keysFile('# nothing yet\n\n') })).toThrow(
      'API_KEYS_FILE is set but holds no key',
    );
  });

  it('refuses short keys and keys with spaces or control characters, without echoing them', () => {
    const short = 'hunter2-secret';
    const errors = [
      () => loadConfig({ API_KEYS: `${KEY_A},${short}` }),
      () => loadConfig({ API_KEYS: `${KEY_A},secret with spaces inside` }),
      () => loadConfig({ API_KEYS_FILE: keysFile(`${KEY_A}\n\nkey-\u00e9-0123456789abcdef\n`) }),
    ].map((load) => {
      try {
        load();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected the settings to be refused');
    });
    expect(errors).toEqual([
      'API_KEYS: entry 2 is shorter than 16 characters',
      'API_KEYS: entry 2 has characters other than printable ASCII (no spaces or commas)',
      'API_KEYS_FILE: line 3 has characters other than printable ASCII (no spaces or commas)',
    ]);
    for (const message of errors) expect(message).not.toMatch(/hunter2|secret|key-/);
  });
});

describe('RATE_LIMIT', () => {
  it.each([
    ['600/minute', 600, 60_000],
    ['10/second', 10, 1000],
    ['5000/hour', 5000, 3_600_000],
    ['100/10s', 100, 10_000],
    ['100 / 15 min', 100, 900_000],
    ['1/2hours', 1, 7_200_000],
    ['30/Minutes', 30, 60_000],
  ])('%s is %d requests per %d ms', (text, max, windowMs) => {
    expect(parseRateLimit(text)).toEqual({ max, windowMs });
    expect(loadConfig({ RATE_LIMIT: text }).rateLimit).toEqual({ max, windowMs });
  });

  it('is off by default and with "off"', () => {
    expect(loadConfig({}).rateLimit).toBeUndefined();
    expect(loadConfig({ RATE_LIMIT: 'off' }).rateLimit).toBeUndefined();
    expect(loadConfig({ RATE_LIMIT: ' OFF ' }).rateLimit).toBeUndefined();
  });

  it.each([
    '600',
    'minute',
    '0/minute',
    '10/0s',
    '10/ms',
    '10/day',
    '-1/second',
    '1.5/second',
    '10/second/ip',
    '99999999999999999999/second',
  ])('refuses %j, naming the variable', (text) => {
    expect(() => loadConfig({ RATE_LIMIT: text })).toThrow(/^RATE_LIMIT must be requests per window/);
  });

  it('describes itself for messages', () => {
    expect(describeRateLimit({ max: 600, windowMs: 60_000 })).toBe('600 requests per minute');
    expect(describeRateLimit({ max: 1, windowMs: 1000 })).toBe('1 request per second');
    expect(describeRateLimit({ max: 100, windowMs: 10_000 })).toBe('100 requests per 10 seconds');
    expect(describeRateLimit({ max: 5, windowMs: 7_200_000 })).toBe('5 requests per 2 hours');
    expect(describeRateLimit({ max: 5, windowMs: 90_000 })).toBe('5 requests per 90 seconds');
  });
});
