// Where the import is: a bar redrawn in place on a terminal, a plain line every few seconds
// otherwise (logs, CI). On stderr, so the report on stdout stays clean.
const REDRAW_MS = 100;
const LINE_EVERY_MS = 2000;
const WIDTH = 30;

/** Where progress goes: stderr, or (tests) anywhere that takes text. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class Progress {
  private done = 0;
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly out: ProgressOutput = process.stderr,
  ) {}

  advance(rows: number, table: string): void {
    this.done += rows;
    const now = Date.now();
    const tty = this.out.isTTY;
    if (now - this.last < (tty ? REDRAW_MS : LINE_EVERY_MS) && this.done < this.total) return;
    this.last = now;
    const share = this.total ? Math.min(1, this.done / this.total) : 1;
    const rate = Math.round(this.done / Math.max(0.001, (now - this.started) / 1000));
    const figures = `${this.done}/${this.total} rows (${Math.floor(share * 100)}%) ${rate} rows/s, ${table}`;
    if (tty) {
      const filled = Math.round(share * WIDTH);
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${figures}\x1b[K`);
    } else this.out.write(`progress: ${figures}\n`);
  }

  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
