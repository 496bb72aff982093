// Runs the built services as child processes, restarts one that dies (with a growing delay),
// and stops them all with SIGTERM on request.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pipeLines, say } from './log.mjs';

export class ServiceSupervisor {
  constructor(root, env) {
    this.root = root;
    this.env = env;
    this.children = new Map(); // label -> child process
    this.stopping = false;
  }

  /** `label` names the replica (bot-worker-2); `app` is the built app to run. */
  run(label, app, env) {
    const restartDelays = [1000, 2000, 5000, 10000, 30000];
    let restarts = 0;
    const launch = () => {
      const startedAt = Date.now();
      const child = spawn(process.execPath, [join(this.root, 'dist', 'apps', app, 'main.js')], {
        cwd: this.root, // relative settings (DASHBOARD_DIR) start at the repository
        env: { ...this.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.children.set(label, child);
      pipeLines(child.stdout, label);
      pipeLines(child.stderr, label, process.stderr);
      child.once('exit', (code, signal) => {
        this.children.delete(label);
        if (this.stopping) return;
        if (Date.now() - startedAt > 60000) restarts = 0; // it ran fine for a while
        const delay = restartDelays[Math.min(restarts++, restartDelays.length - 1)];
        say(`${label} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
        setTimeout(() => !this.stopping && launch(), delay).unref();
      });
    };
    launch();
  }

  /** SIGTERM to every service; SIGKILL to any still running after `graceMs`. */
  async stopAll(graceMs = 10000) {
    this.stopping = true;
    const exits = [...this.children.entries()].map(
      ([label, child]) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => {
            say(`${label} did not stop within ${graceMs / 1000} s: killing it`);
            child.kill('SIGKILL');
          }, graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
