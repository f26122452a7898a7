// @pod-patterns/client: the generated operations and types (src/generated, from the API's OpenAPI
// document by `npm run sdk`), plus connect() for the usual set-up.
import { createClient, type Client } from './generated/client/index.js';

export * from './generated/index.js';
export { createClient, createConfig, type Client, type Config } from './generated/client/index.js';

export interface ConnectOptions {
  /** the service, e.g. https://pod-patterns.example.com */
  baseUrl: string;
  /** an API key, sent as `Authorization: Bearer <key>` (only when the service has keys configured) */
  apiKey?: string;
  /** a fetch of your own (a proxy agent, a test double); the global fetch by default */
  fetch?: typeof globalThis.fetch;
}

/** A client for one service: pass it as `client` to every operation. */
export function connect(options: ConnectOptions): Client {
  return createClient({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.apiKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
