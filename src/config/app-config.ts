// The service's settings, from the environment, with defaults. A bad value stops the start with a
// message naming the variable, rather than running with something unintended.
import type { LogLevel } from '@nestjs/common';

export interface AppConfig {
  /** PORT: TCP port to listen on (default 3000) */
  port: number;
  /** HOST: address to bind (default 0.0.0.0) */
  host: string;
  /** BODY_LIMIT: largest accepted request body in bytes; also "512KiB", "1MiB" (default 1 MiB) */
  bodyLimit: number;
  /** LOG_LEVEL: lowest level logged: verbose, debug, log, warn, error, fatal, or silent (default log) */
  logLevel: LogLevel | 'silent';
}

export const DEFAULT_CONFIG: AppConfig = { port: 3000, host: '0.0.0.0', bodyLimit: 1024 * 1024, logLevel: 'log' };

const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const value = (name: string) => (env[name] === undefined || env[name].trim() === '' ? undefined : env[name].trim());
  return {
    port: parsePort(value('PORT')) ?? DEFAULT_CONFIG.port,
    host: value('HOST') ?? DEFAULT_CONFIG.host,
    bodyLimit: parseSize(value('BODY_LIMIT')) ?? DEFAULT_CONFIG.bodyLimit,
    logLevel: parseLogLevel(value('LOG_LEVEL')) ?? DEFAULT_CONFIG.logLevel,
  };
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`PORT must be a port number (0-65535), got ${JSON.stringify(text)}`);
  return port;
}

export function parseSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(`BODY_LIMIT must be a size in bytes, e.g. 1048576, 512KiB or 1MiB; got ${JSON.stringify(text)}`);
  }
  return bytes;
}

function parseLogLevel(text: string | undefined): AppConfig['logLevel'] | undefined {
  if (text === undefined) return undefined;
  if (text === 'silent' || (LOG_LEVELS as string[]).includes(text)) return text as AppConfig['logLevel'];
  throw new Error(`LOG_LEVEL must be one of ${[...LOG_LEVELS, 'silent'].join(', ')}; got ${JSON.stringify(text)}`);
}

/** Nest's logger takes the list of levels to print. */
export function logLevelsFrom(level: AppConfig['logLevel']): LogLevel[] | false {
  if (level === 'silent') return false;
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}
