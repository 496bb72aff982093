import { readFileSync } from 'node:fs';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

/** One axe rule a page breaks, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

const BLOCKING: ReadonlySet<ImpactValue> = new Set(['serious', 'critical']);

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and returns the serious and critical violations. The script goes in
 * through the debugging protocol (page.evaluate), not a <script> tag, so a page whose CSP allows
 * only its own scripts is checked as it is served.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // `;0`: the script's own completion value is not something to send back
  await page.evaluate(`${axeSource}\n;0`);
  // runs in the page, where globalThis is its window (this project has no DOM types)
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact && BLOCKING.has(violation.impact))
    .map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      targets: nodes.map((node) => node.target.join(' ')),
    }));
}
