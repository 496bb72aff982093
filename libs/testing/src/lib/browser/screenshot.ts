import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { workspaceRoot } from '../workspace-root';

/** Where the browser tests leave their screenshots. */
export const SCREENSHOT_DIR = join(workspaceRoot(), 'dist', 'screenshots');

/** Saves what the viewport shows as dist/screenshots/<name>-<width>x<height>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const size = page.viewportSize();
  if (!size) throw new Error('the page has no fixed viewport: open it with openPage()');
  if (!/^[\w.-]+$/.test(name)) throw new Error(`"${name}" is not a plain file name`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`);
  await page.screenshot({ path });
  return path;
}
