import type { Page } from 'playwright-core';
import { runAxe, screenshot, type WatchedPage } from '@platform/testing';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * What every page of the dashboard must pass where it stands: no serious or critical axe
 * violation, and a screenshot at desktop and phone size (dist/screenshots/<name>-WxH.png).
 * Returns the violations so the test names the page that has them.
 */
export async function checkPage(page: Page, name: string) {
  const violations = await runAxe(page);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await screenshot(page, name);
  violations.push(...(await runAxe(page)));
  await page.setViewportSize(DESKTOP);
  return violations.map(
    (v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`,
  );
}

/** Everything that went wrong in the page so far: console errors, uncaught errors, 5xx. */
export const problemsOf = (watched: WatchedPage) => [
  ...watched.consoleErrors.map((e) => `console: ${e}`),
  ...watched.pageErrors.map((e) => `uncaught: ${e}`),
  ...watched.failedRequests
    // an open live stream is cut when a page closes or the test kills a service: not a fault
    .filter((e) => !/\/live\?ticket=.*(ERR_ABORTED|net::ERR_)/.test(e))
    .map((e) => `request: ${e}`),
];
