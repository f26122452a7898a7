import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig, logLevelsFrom, parseSize } from './app-config.js';

describe('loadConfig', () => {
  it('has defaults: port 3000 on 0.0.0.0, 1 MiB bodies, log level log', () => {
    expect(loadConfig({})).toEqual({ port: 3000, host: '0.0.0.0', bodyLimit: 1048576, logLevel: 'log' });
    expect(loadConfig({ PORT: '', HOST: '  ' })).toEqual(DEFAULT_CONFIG);
  });

  it('reads PORT, HOST, BODY_LIMIT and LOG_LEVEL', () => {
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1', BODY_LIMIT: '512KiB', LOG_LEVEL: 'warn' })).toEqual({
      port: 8080,
      host: '127.0.0.1',
      bodyLimit: 524288,
      logLevel: 'warn',
    });
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

describe('logLevelsFrom', () => {
  it('lists the level and those above it; silent is none', () => {
    expect(logLevelsFrom('warn')).toEqual(['warn', 'error', 'fatal']);
    expect(logLevelsFrom('silent')).toBe(false);
  });
});
