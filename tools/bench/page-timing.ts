// What a page costs in the browser while a person uses it: frame times (requestAnimationFrame
// deltas) and long tasks (> 50 ms on the main thread, PerformanceObserver), recorded inside
// the page around an action.
import type { Page } from 'playwright-core';
import { percentile } from './bench-kit';

export interface Smoothness {
  frames: number;
  frame_ms_p50: number | null;
  frame_ms_p99: number | null;
  frame_ms_max: number | null;
  long_tasks: number;
  long_task_ms_total: number;
}

// Runs in the page (a string: this project compiles without DOM types).
const START = `(() => {
  const w = window;
  w.__timing = { frames: [], longTasks: [] };
  let last = performance.now();
  const tick = (now) => { w.__timing.frames.push(now - last); last = now; if (!w.__timing.stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  w.__timing.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__timing.longTasks.push(e.duration); });
  w.__timing.observer.observe({ type: 'longtask' });
})()`;
const STOP = `(() => { const t = window.__timing; t.stop = true; t.observer.disconnect(); return { frames: t.frames.slice(1), longTasks: t.longTasks }; })()`;

/** Records frames and long tasks while `action` runs in the page. */
export async function measureWhile(page: Page, action: () => Promise<void>): Promise<Smoothness> {
  await page.evaluate(START);
  await action();
  const { frames, longTasks } = (await page.evaluate(STOP)) as {
    frames: number[];
    longTasks: number[];
  };
  return {
    frames: frames.length,
    frame_ms_p50: percentile(frames, 50),
    frame_ms_p99: percentile(frames, 99),
    frame_ms_max: frames.length ? Math.round(Math.max(...frames)) : null,
    long_tasks: longTasks.length,
    long_task_ms_total: Math.round(longTasks.reduce((a, b) => a + b, 0)),
  };
}
