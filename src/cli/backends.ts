// Where the command's requests go: the service's own routes run in this process (no server, the
// same pipes, filters and core, so the same bytes and the same messages), or a running service
// through the SDK (@pod-patterns/client). Both answer with the status and the body's bytes.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type * as Sdk from '../../sdk/typescript/dist/index.js';

export interface Answer {
  status: number;
  body: Buffer;
  /** Content-Disposition, for a chart's file name */
  disposition?: string;
}

export type ValidateOutput = 'json' | 'sarif';

export interface ValidateQuery {
  kubernetesVersion?: string;
  podSecurity?: string;
  /** SARIF: the file's path, for artifactLocation */
  source?: string;
}

export interface Backend {
  bundle(request: unknown, output: 'json' | 'yaml'): Promise<Answer>;
  chart(request: unknown): Promise<Answer>;
  validate(yaml: string, query: ValidateQuery, output: ValidateOutput): Promise<Answer>;
  get(path: '/v1/patterns' | '/v1/rules' | `/v1/rules/${string}`): Promise<Answer>;
  close(): Promise<void>;
}

/** The service did not answer (refused, unknown host, TLS): fetch's reason, not a stack trace. */
export class UnreachableError extends Error {
  constructor(baseUrl: string, reason: unknown) {
    const cause = (reason as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    super(
      `cannot reach ${baseUrl}: ${cause?.code ?? cause?.message ?? (reason as Error | undefined)?.message ?? String(reason)}`,
    );
  }
}

const ACCEPT = { json: 'application/json', yaml: 'application/yaml', sarif: 'application/sarif+json' } as const;

/** The service in this process: its Fastify instance answers injected requests. */
export async function localBackend(): Promise<Backend> {
  const { createApp } = await import('../app.factory.js');
  // no keys, no rate limit: this process is the only client
  const app: NestFastifyApplication = await createApp({ logger: false, config: { apiKeys: [], rateLimit: undefined } });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const inject = async (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ): Promise<Answer> => {
    const response = await fastify.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    const disposition = response.headers['content-disposition'];
    return {
      status: response.statusCode,
      body: response.rawPayload,
      ...(typeof disposition === 'string' ? { disposition } : {}),
    };
  };
  const json = { 'content-type': 'application/json' };
  return {
    bundle: (request, output) =>
      inject('POST', '/v1/bundles', { ...json, accept: ACCEPT[output] }, JSON.stringify(request)),
    chart: (request) => inject('POST', '/v1/charts', { ...json, accept: 'application/gzip' }, JSON.stringify(request)),
    validate: (yaml, query, output) =>
      inject(
        'POST',
        `/v1/validations${queryString(query)}`,
        { 'content-type': 'application/yaml', accept: ACCEPT[output] },
        yaml,
      ),
    get: (path) => inject('GET', path, { accept: 'application/json' }),
    close: () => app.close(),
  };
}

/** A running service, through the SDK; the SDK is loaded only for this. */
export async function remoteBackend(baseUrl: string, apiKey: string | undefined): Promise<Backend> {
  const sdk = (await import(new URL('../../sdk/typescript/dist/index.js', import.meta.url).href)) as typeof Sdk;
  const client = sdk.connect({ baseUrl, apiKey });
  type Result = { data?: unknown; error?: unknown; response?: Response };
  const answer = async (call: Promise<Result>): Promise<Answer> => {
    const { data, error, response } = await call;
    if (!response) throw new UnreachableError(baseUrl, error);
    const disposition = response.headers.get('content-disposition') ?? undefined;
    const body =
      data instanceof ArrayBuffer
        ? Buffer.from(data)
        : Buffer.from(typeof error === 'string' ? error : JSON.stringify(error ?? null));
    return { status: response.status, body, ...(disposition ? { disposition } : {}) };
  };
  const raw = { parseAs: 'arrayBuffer' as const };
  const asText = { bodySerializer: (text: unknown) => text as string };
  return {
    bundle: (request, output) =>
      answer(
        sdk.createBundle({ client, body: request as Sdk.BundleRequest, headers: { Accept: ACCEPT[output] }, ...raw }),
      ),
    chart: (request) => answer(sdk.createChart({ client, body: request as Sdk.ChartRequest, ...raw })),
    validate: (yaml, query, output) =>
      answer(
        sdk.validateBundle({
          client,
          body: yaml as never,
          ...asText,
          headers: { 'Content-Type': 'application/yaml', Accept: ACCEPT[output] },
          query: query as Sdk.ValidateBundleData['query'],
          ...raw,
        }),
      ),
    get: (path) => {
      if (path === '/v1/patterns') return answer(sdk.listPatterns({ client, ...raw }));
      if (path === '/v1/rules') return answer(sdk.listRules({ client, ...raw }));
      return answer(sdk.getRule({ client, path: { id: decodeURIComponent(path.slice('/v1/rules/'.length)) }, ...raw }));
    },
    close: async () => {},
  };
}

function queryString(query: ValidateQuery): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  const text = params.toString();
  return text ? `?${text}` : '';
}
