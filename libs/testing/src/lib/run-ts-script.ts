import { spawn } from 'node:child_process';
import { workspaceRoot } from './workspace-root';

export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `node tools/scripts/run-ts.mjs <script> <args>` from the workspace root, as a user runs a
 * tool or a benchmark, with `env` added to this process's; resolves when it exits, with what it
 * printed. In its own process group: a run still going after `timeoutMs` is killed with
 * everything it started (its note is appended to stderr).
 */
export function runTsScript(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ScriptRun> {
  const child = spawn(process.execPath, ['tools/scripts/run-ts.mjs', script, ...args], {
    cwd: workspaceRoot(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stuck =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stderr += `\n[${script}] still running after ${options.timeoutMs} ms: killed\n`;
          process.kill(-(child.pid as number), 'SIGKILL');
        }, options.timeoutMs);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      if (stuck) clearTimeout(stuck);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

/** The last line a script printed, as JSON (the figures line of a benchmark); null if not JSON. */
export function lastJsonLine(stdout: string): Record<string, unknown> | null {
  try {
    return JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
  } catch {
    return null;
  }
}
