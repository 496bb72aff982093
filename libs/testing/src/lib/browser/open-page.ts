import type { Page } from 'playwright-core';
import type { TestBrowser } from './launch-browser';

export interface Viewport {
  width: number;
  height: number;
}

/** A page in its own browser context, with what went wrong on it so far. */
export interface WatchedPage {
  page: Page;
  /** console.error() calls and the browser's own error lines (a resource that failed to load, a CSP refusal). */
  consoleErrors: string[];
  /** Exceptions no script caught. */
  pageErrors: string[];
  /** Requests that got no answer (refused, aborted, blocked) and answers with a 5xx status. */
  failedRequests: string[];
  close(): Promise<void>;
}

/**
 * Opens a page in a fresh context (no cookies or storage shared with other pages) and records
 * its errors from the start, so a test can assert that all three lists stay empty.
 */
export async function openPage(
  browser: TestBrowser,
  { viewport = { width: 1440, height: 900 } }: { viewport?: Viewport } = {},
): Promise<WatchedPage> {
  const context = await browser.browser.newContext({ viewport });
  const page = await context.newPage();
  const watched: WatchedPage = {
    page,
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    close: () => context.close(),
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    watched.consoleErrors.push(url ? `${message.text()} (${url}:${lineNumber})` : message.text());
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.stack ?? error.message));
  page.on('requestfailed', (request) =>
    watched.failedRequests.push(
      `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 500)
      watched.failedRequests.push(
        `${response.request().method()} ${response.url()}: ${response.status()}`,
      );
  });
  return watched;
}
