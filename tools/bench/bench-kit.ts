// What every benchmark here shares: its flags (with a usage line), a throwaway database and
// redis-server of its own, progress on stderr, the one JSON line of figures on stdout (and
// nothing else there), percentiles, pauses, and how the process ends.
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, type TestDatabase, TestRedisServer } from '@platform/testing';

/** A flag's default: a number, or a list of numbers (`--bots 1000,5000`). */
export type FlagDefault = number | readonly number[];

/** The flags' values, shaped like their defaults. */
export type Flags<D extends Record<string, FlagDefault>> = {
  [K in keyof D]: D[K] extends number ? number : number[];
};

/** A bad command line; its message names the flag and what is wrong with it. */
export class FlagError extends Error {}

/** The key `killAt` is the flag `--kill-at`. */
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const WHOLE_NUMBER = /^\d+$/;

/** `command [--name default] ...`, the defaults written as the flags take them. */
export const usageLine = (command: string, defaults: Record<string, FlagDefault>): string =>
  [
    command,
    ...Object.entries(defaults).map(
      ([key, value]) => `[${flagName(key)} ${[value].flat().join(',')}]`,
    ),
  ].join(' ');

/**
 * `--name value` flags from `argv`, each a whole number >= 0 (a list: comma-separated), the
 * defaults for those not given. Throws a FlagError on an unknown or repeated flag, a missing or
 * bad value, or a stray argument.
 */
export function readFlags<D extends Record<string, FlagDefault>>(
  defaults: D,
  argv: readonly string[],
): Flags<D> {
  const keyOf = new Map(Object.keys(defaults).map((key) => [flagName(key), key]));
  const values: Record<string, number | number[]> = {};
  for (const [key, value] of Object.entries(defaults))
    values[key] = typeof value === 'number' ? value : [...value];
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const key = keyOf.get(flag);
    if (key === undefined)
      throw new FlagError(
        flag.startsWith('--') ? `unknown flag ${flag}` : `unexpected argument '${flag}'`,
      );
    if (given.has(key)) throw new FlagError(`${flag} is given twice`);
    given.add(key);
    const text = argv[i + 1];
    if (text === undefined || text.startsWith('--')) throw new FlagError(`${flag} needs a value`);
    if (typeof defaults[key] === 'number') {
      if (!WHOLE_NUMBER.test(text)) throw new FlagError(`${flag} ${text}: not a whole number >= 0`);
      values[key] = Number(text);
    } else {
      const items = text.split(',');
      if (!items.every((item) => WHOLE_NUMBER.test(item)))
        throw new FlagError(`${flag} ${text}: not a comma-separated list of whole numbers >= 0`);
      values[key] = items.map(Number);
    }
  }
  return values as Flags<D>;
}

/**
 * The benchmark's flags from its command line (`command`: how it is run, for the usage line).
 * `--help` prints the usage line and exits 0; a bad command line prints what is wrong and the
 * usage line and exits 2, before anything starts.
 */
export function parseFlags<D extends Record<string, FlagDefault>>(
  command: string,
  defaults: D,
  argv: readonly string[] = process.argv.slice(2),
): Flags<D> {
  const usage = `usage: ${usageLine(command, defaults)}\n`;
  if (argv.includes('--help')) {
    process.stdout.write(usage);
    process.exit(0);
  }
  try {
    return readFlags(defaults, argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    process.stderr.write(`${error.message}\n${usage}`);
    process.exit(2);
  }
}

/** A throwaway database with the schema and a redis-server of its own: this run's figures only. */
export interface BenchStores {
  db: TestDatabase;
  redis: TestRedisServer;
  /** What every service started on them gets: their URLs, HTTP on loopback, warnings only. */
  serviceEnv: Record<string, string>;
  /** Stops the redis-server and drops the database. */
  stop(): Promise<void>;
}

export async function startStores(): Promise<BenchStores> {
  const [creating, starting] = await Promise.allSettled([
    createTestDatabase(runMigrations),
    TestRedisServer.start(),
  ]);
  if (creating.status === 'rejected' || starting.status === 'rejected') {
    // the one that did start must not outlive the failed run
    if (starting.status === 'fulfilled') await starting.value.stop();
    if (creating.status === 'fulfilled') await creating.value.drop();
    throw creating.status === 'rejected'
      ? creating.reason
      : (starting as PromiseRejectedResult).reason;
  }
  const [db, redis] = [creating.value, starting.value];
  return {
    db,
    redis,
    serviceEnv: {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stop: async () => {
      await redis.stop();
      await db.drop();
    },
  };
}

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

/** The figures: one JSON line on stdout. */
export const printFigures = (figures: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
};

/**
 * Runs the benchmark's `main`: exits 0 once it is done (keep-alive sockets of a load generator
 * would hold the process otherwise), 1 with the error on stderr.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
