import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

/** Debian's Chromium; `npm test`'s setup (tools/scripts/system-deps.mjs) installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Off the network and quiet: no GPU process, no QUIC, none of the background fetches
// (component and safe-browsing updates, sync, field trials) a fresh profile would start.
// No sandbox: the tests run as root in containers, where Chromium's sandbox cannot start.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** A headless Chromium and the throwaway profile it runs on. */
export interface TestBrowser {
  browser: Browser;
  /** The profile directory; gone once `close()` resolves. */
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Starts /usr/bin/chromium headless with exactly CHROMIUM_FLAGS and a fresh profile. Playwright's
 * own default switches are left out (`ignoreDefaultArgs: true`), so the command line is ours;
 * it still needs its debugging pipe, and no start-up window keeps a stray tab away.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  // loaded here, not at the top: every spec imports @platform/testing, few start a browser
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      ignoreDefaultArgs: true,
      args: [
        '--headless',
        '--remote-debugging-pipe',
        '--no-startup-window',
        `--user-data-dir=${userDataDir}`,
        ...CHROMIUM_FLAGS,
      ],
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(
      `cannot start ${CHROMIUM_PATH} (npm test's setup installs it: node tools/scripts/ensure-deps.mjs --for test): ${String(error)}`,
    );
  }
  return {
    browser,
    userDataDir,
    async close() {
      await browser.close();
      // Chromium may still be flushing the profile as it exits
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
