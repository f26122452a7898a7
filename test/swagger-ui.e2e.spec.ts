// Swagger UI at /docs in a real browser (Debian's Chromium): the page a person exploring the API
// opens must load from the service alone, list every operation of the committed document, and let
// them try an operation with a shared example and see the service's real answers, 200 and 400 alike,
// also when the service requires API keys.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Locator, Page, Request, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CreateAppOptions } from '../src/app.factory.js';
import { REPO_EXAMPLES_DIR } from './support/app.js';
import { launchChromium, PageProblems, screenshotOnFailure } from './support/browser.js';
import { loadCommittedSpec } from './support/openapi-spec.js';

const SPEC = loadCommittedSpec();
const OPERATIONS = Object.entries(SPEC.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    id: op.operationId as string,
    tag: (op.tags as string[])[0],
    method,
    path,
  })),
);
const ORDERS_EXAMPLE = 'orders-logging-egress';
const ORDERS = JSON.parse(readFileSync(join(REPO_EXAMPLES_DIR, `${ORDERS_EXAMPLE}.json`), 'utf8')) as Record<
  string,
  unknown
>;
const API_KEY = 'swagger-ui-key-0123456789';

/** The block Swagger UI renders for an operation (its id is operations-<tag>-<operationId>). */
function operationBlock(page: Page, operationId: string): Locator {
  const operation = OPERATIONS.find((op) => op.id === operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the committed document`);
  return page.locator(`#operations-${operation.tag}-${operation.id}`);
}

/** Expands the operation and switches it to "Try it out" (once; the button then reads "Cancel"). */
async function tryItOut(block: Locator): Promise<void> {
  if (!(await block.evaluate((element) => element.classList.contains('is-open'))))
    await block.locator('.opblock-summary').first().click();
  const button = block.locator('button.try-out__btn');
  if ((await button.innerText()).trim() === 'Try it out') await button.click();
  await block.locator('button.execute').waitFor();
}

interface Shown {
  request: Request;
  response: Response;
  /** what the page shows of the response: status code, body text, headers */
  status: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Clicks Execute and returns the request the page sent, the service's response, and what the page
 * shows of it: the row of the live responses table that carries this response's request id.
 */
async function execute(page: Page, block: Locator, method: string, path: string): Promise<Shown> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path),
    block.locator('button.execute').click(),
  ]);
  const requestId = await response.headerValue('x-request-id');
  if (!requestId) throw new Error(`${method} ${path}: no x-request-id in the response`);
  const row = block.locator('.live-responses-table tr.response', { hasText: requestId });
  await row.waitFor();
  const headers = Object.fromEntries(
    (await row.locator('.headerline').allInnerTexts()).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
  return {
    request: response.request(),
    response,
    status: (await row.locator('.response-col_status').innerText()).trim(),
    body: await row.locator('.highlight-code pre').innerText(),
    headers,
  };
}

/** The problems a provoked HTTP error leaves, and no other: the response, and the browser console's line about it. */
function expectOnlyHttpError(problems: PageProblems, status: number, method: string, url: string): void {
  const seen = problems.take();
  expect(seen).toHaveLength(2);
  expect(seen).toEqual(
    expect.arrayContaining([
      `HTTP ${status}: ${method} ${url}`,
      expect.stringMatching(new RegExp(`^console error: Failed to load resource: .*\\b${status}\\b`)),
    ]),
  );
}

/** Opens /docs and waits until Swagger UI has rendered the operations. */
async function openDocs(page: Page, base: string): Promise<void> {
  const response = await page.goto(`${base}/docs`);
  expect(response?.status()).toBe(200);
  await page.locator('.swagger-ui .opblock').first().waitFor();
  await page.waitForLoadState('networkidle');
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface DocsSession {
  app: NestFastifyApplication;
  /** the service's base URL, http://127.0.0.1:<port> */
  base: string;
  page: Page;
  problems: PageProblems;
}

/**
 * For the enclosing describe: the service (made with `options`) listening on a loopback port the
 * system picks, and a page of the browser whose problems are checked after every test. The fields
 * are set before the first test.
 */
function docsSession(options: CreateAppOptions = {}): DocsSession {
  const session = {} as DocsSession;
  beforeAll(async () => {
    const app = await createApp({ logger: false, ...options });
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    Object.assign(session, { app, base, page, problems: new PageProblems(page, new URL(base).origin) });
  });
  afterAll(async () => {
    await session.page?.close();
    await session.app?.close();
  });
  afterEach(() => {
    expect(session.problems.take(), 'problems on the page').toEqual([]);
  });
  return session;
}

describe('Swagger UI at /docs', () => {
  const docs = docsSession();

  it('loads from the service alone: no console error, no failed request, nothing from elsewhere', async () => {
    const { page, base } = docs;
    await screenshotOnFailure(page, 'docs-load', async () => {
      await openDocs(page, base);
      expect(await page.title()).toBe('pod-patterns API');
      expect(await page.locator('.info .title').innerText()).toContain(SPEC.info.title);
    });
  });

  it('lists every operation of the committed document, with its method and path', async () => {
    const { page } = docs;
    await screenshotOnFailure(page, 'docs-operations', async () => {
      const listed = await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id));
      expect(listed.sort()).toEqual(OPERATIONS.map((op) => `operations-${op.tag}-${op.id}`).sort());
      for (const op of OPERATIONS) {
        const summary = operationBlock(page, op.id).locator('.opblock-summary');
        expect(await summary.isVisible(), op.id).toBe(true);
        expect(await summary.locator('.opblock-summary-method').innerText(), op.id).toBe(op.method.toUpperCase());
        expect(await summary.locator('.opblock-summary-path').getAttribute('data-path'), op.id).toBe(op.path);
      }
    });
  });

  it('createBundle: Try it out with the orders example from the dropdown, Execute: 200 with the digest', async () => {
    const { page, base } = docs;
    await screenshotOnFailure(page, 'docs-create-bundle', async () => {
      const block = operationBlock(page, 'createBundle');
      await tryItOut(block);
      const examples = block.locator('select.examples-select-element');
      const documented = Object.keys(SPEC.paths['/v1/bundles'].post.requestBody.content['application/json'].examples);
      expect(
        await examples.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
      ).toEqual(documented);
      await examples.selectOption(ORDERS_EXAMPLE);
      expect(JSON.parse(await block.locator('textarea.body-param__text').inputValue())).toEqual(ORDERS);

      const shown = await execute(page, block, 'POST', '/v1/bundles');
      expect(shown.request.url()).toBe(`${base}/v1/bundles`);
      expect(shown.request.postDataJSON()).toEqual(ORDERS);
      expect(shown.status).toBe('200');
      const bundle = (await shown.response.json()) as { digest: string; manifests: unknown[] };
      expect(JSON.parse(shown.body)).toEqual(bundle);
      expect(bundle.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(shown.headers.etag).toBe(`"${bundle.digest}"`);
      expect(bundle.manifests.length).toBeGreaterThan(0);

      // the same request from outside the browser: the same bundle, so the page sent the example as is
      const direct = await fetch(`${base}/v1/bundles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ORDERS),
      });
      expect(((await direct.json()) as { digest: string }).digest).toBe(bundle.digest);
    });
  });

  it('createBundle: an invalid body shows the 400 problem+json with the rejected fields', async () => {
    const { page, base, problems } = docs;
    await screenshotOnFailure(page, 'docs-invalid-bundle', async () => {
      const block = operationBlock(page, 'createBundle');
      await tryItOut(block);
      await block
        .locator('textarea.body-param__text')
        .fill(JSON.stringify({ app: { name: 'Orders_API', image: 'ghcr.io/acme/orders:1.4.2' } }));

      const shown = await execute(page, block, 'POST', '/v1/bundles');
      expect(shown.status).toBe('400');
      expect(shown.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const problem = JSON.parse(shown.body) as {
        status: number;
        instance: string;
        errors: { pointer: string; detail: string }[];
      };
      expect(problem).toMatchObject({ status: 400, instance: shown.headers['x-request-id'] });
      expect(problem.errors.map((e) => e.pointer)).toEqual(['/app/name']);
      expect(problem.errors[0].detail).toContain('DNS-1035');

      expectOnlyHttpError(problems, 400, 'POST', `${base}/v1/bundles`);
    });
  });
});

describe('Swagger UI at /docs with API keys configured', () => {
  const docs = docsSession({ config: { apiKeys: [API_KEY] } });

  it('opens without a key; Try it out gets 401 until Authorize is given a key, then 200', async () => {
    const { page, base, problems } = docs;
    await screenshotOnFailure(page, 'docs-api-keys', async () => {
      await openDocs(page, base);
      expect(problems.take()).toEqual([]);

      const block = operationBlock(page, 'listPatterns');
      await tryItOut(block);
      const refused = await execute(page, block, 'GET', '/v1/patterns');
      expect(refused.status).toBe('401');
      expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expectOnlyHttpError(problems, 401, 'GET', `${base}/v1/patterns`);

      await page.locator('.auth-wrapper button.authorize').click();
      const bearer = page.locator('.modal-ux .auth-container').filter({ hasText: '(http, Bearer)' });
      await bearer.locator('#auth-bearer-value').fill(API_KEY);
      await bearer.getByRole('button', { name: 'Apply credentials' }).click();
      await bearer.locator('h6', { hasText: 'Authorized' }).waitFor();
      await bearer.getByRole('button', { name: 'Close' }).click();
      await page.locator('.modal-ux').waitFor({ state: 'detached' });

      const allowed = await execute(page, block, 'GET', '/v1/patterns');
      expect(await allowed.request.headerValue('authorization')).toBe(`Bearer ${API_KEY}`);
      expect(allowed.status).toBe('200');
      expect(JSON.parse(allowed.body)).toEqual(await allowed.response.json());
    });
  });
});
