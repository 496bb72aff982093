import { messageOf } from '@platform/contracts';

/**
 * What to undo, last in first out: workers before their Redis, Redis and connections before
 * the database they use. Runs once (the normal end, an error and Ctrl-C may all ask); a step
 * that fails does not stop the others. Register a step before the resource exists (with the
 * promise that creates it), so Ctrl-C in the middle of a start-up still undoes it.
 */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];
  private done?: Promise<void>;

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  /** True once cleanup began: whoever is still working should stop starting things. */
  get started(): boolean {
    return this.done !== undefined;
  }

  add(name: string, run: () => Promise<unknown>): void {
    if (this.done) {
      // Too late to queue: undo at once, after the steps already running.
      this.done = this.done.then(() => this.step(name, run));
      return;
    }
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    this.done ??= (async () => {
      for (const { name, run } of [...this.steps].reverse()) await this.step(name, run);
    })();
    // Steps added while running extend `done`: wait until it stops changing.
    for (let seen = this.done; ; seen = this.done) {
      await seen;
      if (seen === this.done) return;
    }
  }

  private async step(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.log(`cleanup: ${name} failed: ${messageOf(error)}`);
    }
  }
}
