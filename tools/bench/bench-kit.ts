// What every benchmark here shares: flags, percentiles, pauses, progress on stderr (stdout
// carries only the one JSON line of figures).

/** `--name 123` from the command line, or the fallback. */
export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Nearest-rank percentile, rounded to whole ms; null without values. */
export const percentile = (values: number[], p: number): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)])
    : null;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Progress lines on stderr, prefixed with the benchmark's name. */
export const progress = (name: string) => (message: string) =>
  process.stderr.write(`[${name}] ${message}\n`);
