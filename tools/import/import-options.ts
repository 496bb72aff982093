export interface ImportOptions {
  file: string;
  /** False (the default): a dry run that only reads and reports. */
  apply: boolean;
  /** Bots active in the old app run here too (within their plan) instead of being stopped. */
  start: boolean;
  batchSize: number;
  /** Names the source instead of the file's SHA-256 (to import a newer copy of the same file on top). */
  source: string | null;
}

export const USAGE = `usage: npm run import:sqlite -- <legacy.sqlite3> [--apply] [--start] [--batch-size N] [--source NAME]
  Moves users, subscriptions, exchange keys, bots and trades from the single-notebook version's
  SQLite file (opened read-only) into DATABASE_URL. Supported schema and mapping:
  docs/legacy-sqlite-schema.md.
  Without --apply it is a DRY RUN: it writes nothing and reports what would be imported and every
  row that would be refused (table, legacy id, reason). Run it, read the report, then add --apply.
  --apply        import, in batches of one transaction each; safe to run again or after a kill:
                 what is already imported is skipped, nothing is written twice
  --start        bots active in the old app are started here (within their plan's running limit);
                 without it every imported bot is stopped
  --batch-size   rows per transaction (default 1000)
  --source NAME  pin the import's identity to NAME instead of the file's SHA-256 (use the same
                 NAME again to import a newer copy of the same file on top of an earlier import)
  Exchange keys are re-sealed with ENCRYPTION_KEYS (the gateway's key ring; needed with --apply
  when the file holds keys). Exit 0: done (refused rows are in the report); 2: bad arguments or
  not a supported file; 1: the database failed.`;

/** Input the operator can fix; printed with the usage, exit 2. */
export class UsageError extends Error {}

export function parseImportArgs(args: string[]): ImportOptions | 'help' {
  const options: ImportOptions = {
    file: '',
    apply: false,
    start: false,
    batchSize: 1000,
    source: null,
  };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--apply') options.apply = true;
    else if (flag === '--dry-run') options.apply = false;
    else if (flag === '--start') options.start = true;
    else if (flag === '--batch-size') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 10_000)
        throw new UsageError('--batch-size must be a whole number from 1 to 10000');
      options.batchSize = n;
    } else if (flag === '--source') {
      options.source = value().trim();
      if (!options.source) throw new UsageError('--source must not be empty');
    } else if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}"`);
    else files.push(args[i]);
  }
  if (files.length !== 1)
    throw new UsageError(
      files.length ? 'give one legacy file' : 'the legacy SQLite file is required',
    );
  options.file = files[0];
  return options;
}
