// Every wait in a benchmark ends: met, or an error naming what it waited for. A bench that
// waits on a condition its services cannot meet (a bot refused, a service that crashed) must
// say so and exit 1, never leave its user looking at a silent terminal.
import { sleep } from './bench-kit';

/** A child process a wait depends on (a ServiceProcess is one): its name, state and output. */
export interface WatchedProcess {
  readonly service: string;
  readonly running: boolean;
  readonly output: string;
}

/** A condition that can no longer be met: the wait ends at once with this message. */
export class WaitAbandoned extends Error {}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Processes the condition depends on: one exiting ends the wait at once. */
  processes?: readonly WatchedProcess[];
}

const LAST_LINES = 20;

/** The end of a process's output: why it exited, for the error. */
const tailOf = (child: WatchedProcess) =>
  child.output.trimEnd().split('\n').slice(-LAST_LINES).join('\n');

/** `work`, or undefined once `deadline` passes first (a probe stuck on a dead socket). */
async function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` until it returns a value other than undefined/false. Ends with an error naming
 * `what` after `timeoutMs` (also when a probe is still pending then), at once when one of
 * `processes` exits (with the end of its output) or when `probe` throws WaitAbandoned. Other
 * probe errors count as "not yet" (a service still starting refuses connections); the last one
 * is named in the timeout.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs, intervalMs = 200, processes = [] }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const exited = processes.find((child) => !child.running);
    if (exited)
      throw new Error(
        `gave up waiting for ${what}: ${exited.service} exited; its last output:\n${tailOf(exited)}`,
      );
    try {
      const value = await beforeDeadline(probe(), deadline);
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof WaitAbandoned)
        throw new Error(`gave up waiting for ${what}: ${error.message}`);
      lastError = error instanceof Error ? ` (last error: ${error.message})` : '';
    }
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError}`,
      );
    await sleep(intervalMs);
  }
}
