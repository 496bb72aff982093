// The single-notebook version's SQLite file, opened read-only (docs/legacy-sqlite-schema.md):
// its schema checked, its fingerprint, and its rows table by table in legacy id order.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const LEGACY_TABLES = ['users', 'subscriptions', 'api_keys', 'bots', 'trades'] as const;
export type LegacyTable = (typeof LEGACY_TABLES)[number];

/** Columns an import needs; any other column is ignored, a missing optional one reads as null. */
const REQUIRED_COLUMNS: Record<LegacyTable, readonly string[]> = {
  users: ['id', 'email', 'hashed_password'],
  subscriptions: ['id', 'user_id', 'plan'],
  api_keys: ['id', 'user_id', 'exchange', 'api_key', 'api_secret'],
  bots: ['id', 'user_id', 'exchange', 'symbol', 'strategy', 'params', 'is_active'],
  trades: ['id', 'bot_id', 'side', 'price', 'amount', 'executed_at'],
};
const OPTIONAL_COLUMNS: Record<LegacyTable, readonly string[]> = {
  users: ['is_active', 'created_at'],
  subscriptions: ['valid_until', 'created_at'],
  api_keys: ['label', 'passphrase', 'created_at'],
  bots: ['api_key_id', 'name', 'timeframe', 'is_paper', 'created_at'],
  trades: ['fee', 'fee_currency', 'exchange_trade_id'],
};

type Cell = string | number | bigint | Buffer | null;
/** A legacy row: its integer id and its cells by column name (missing optional columns: null). */
export type LegacyRow = { id: number } & Record<string, Cell>;

/** The file is not one this tool understands; the message says what is wrong. */
export class UnsupportedLegacyFileError extends Error {}

export class LegacyFile {
  private constructor(
    private readonly db: Database.Database,
    private readonly columns: Record<LegacyTable, string[]>,
  ) {}

  /** Opens `path` read-only (never created, never written) and checks its tables. */
  static open(path: string): LegacyFile {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('query_only = ON');
    } catch (error) {
      throw new UnsupportedLegacyFileError(`cannot open ${path}: ${(error as Error).message}`);
    }
    try {
      return new LegacyFile(db, LegacyFile.checkSchema(db));
    } catch (error) {
      db.close();
      if (error instanceof UnsupportedLegacyFileError) throw error;
      throw new UnsupportedLegacyFileError(
        `${path} is not an SQLite database: ${(error as Error).message}`,
      );
    }
  }

  private static checkSchema(db: Database.Database): Record<LegacyTable, string[]> {
    const problems: string[] = [];
    const selected = {} as Record<LegacyTable, string[]>;
    for (const table of LEGACY_TABLES) {
      const present = new Set(
        (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
      );
      if (present.size === 0) {
        problems.push(`table ${table} is missing`);
        continue;
      }
      const missing = REQUIRED_COLUMNS[table].filter((c) => !present.has(c));
      if (missing.length) problems.push(`table ${table} lacks ${missing.join(', ')}`);
      selected[table] = [...REQUIRED_COLUMNS[table], ...OPTIONAL_COLUMNS[table]].map((c) =>
        present.has(c) ? `"${c}"` : `NULL AS "${c}"`,
      );
    }
    if (problems.length)
      throw new UnsupportedLegacyFileError(
        `not a supported legacy database (docs/legacy-sqlite-schema.md): ${problems.join('; ')}`,
      );
    return selected;
  }

  count(table: LegacyTable): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Every row of `table`, lowest id first, read lazily (trades may be millions). */
  rows(table: LegacyTable): IterableIterator<LegacyRow> {
    return this.db
      .prepare(`SELECT ${this.columns[table].join(', ')} FROM ${table} ORDER BY id`)
      .iterate() as IterableIterator<LegacyRow>;
  }

  close(): void {
    this.db.close();
  }
}

/** SHA-256 of the file's bytes: names this source in the ids of what it imports. */
export async function fingerprintOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
