// Debian's Chromium driven by playwright-core, for tests of the pages the service serves. Nothing is
// downloaded: Playwright runs /usr/bin/chromium, and a missing one fails with the apt command.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireProgram } from './programs.js';

/**
 * Chromium's own connections (component updates, sync, field trials, QUIC probes) would go to
 * Google's hosts: off, so that the page's requests are the only ones and a closed network is fine.
 */
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium. Playwright gives every launch a new, empty profile (user data dir) and removes
 * it on close; no sandbox, since CI runs the tests as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireProgram('chromium'),
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
  });
}

/**
 * What went wrong on a page, one line each: console errors, uncaught exceptions, failed requests,
 * HTTP errors, and any request to another origin than `origin` (the page must need nothing else).
 * A test takes the problems it expects (a 400 it provoked) and checks that none are left.
 */
export class PageProblems {
  readonly lines: string[] = [];

  constructor(page: Page, origin: string) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.lines.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => this.lines.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== origin)
        this.lines.push(`request outside the service: ${request.method()} ${request.url()}`);
    });
    page.on('requestfailed', (request) =>
      this.lines.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400)
        this.lines.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }

  /** Removes and returns the problems recorded so far. */
  take(): string[] {
    return this.lines.splice(0);
  }
}

/** Runs `check` on the page; when it throws, a full-page screenshot's path is added to the error. */
export async function screenshotOnFailure<T>(page: Page, name: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    const file = join(mkdtempSync(join(tmpdir(), 'pod-patterns-ui-')), `${name}.png`);
    const note = await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).then(
      () => `screenshot: ${file}`,
      (shot: Error) => `no screenshot (${shot.message})`,
    );
    if (error instanceof Error) error.message += `\n${note}`;
    throw error;
  }
}
