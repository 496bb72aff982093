// Legacy SQLite files for tests: the schema the single-notebook version's SQLAlchemy models
// create (the same DDL as docs/legacy-sqlite-schema.md), filled with the rows a test gives.
import Database from 'better-sqlite3';

export const LEGACY_DDL = `
CREATE TABLE users (
	id INTEGER NOT NULL,
	email VARCHAR(255) NOT NULL,
	hashed_password VARCHAR(255) NOT NULL,
	is_active BOOLEAN NOT NULL,
	is_superuser BOOLEAN NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (email)
);
CREATE TABLE subscriptions (
	id INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	plan VARCHAR(32) NOT NULL,
	valid_until DATETIME,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(user_id) REFERENCES users (id)
);
CREATE TABLE api_keys (
	id INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	exchange VARCHAR(32) NOT NULL,
	label VARCHAR(100),
	api_key TEXT NOT NULL,
	api_secret TEXT NOT NULL,
	passphrase TEXT,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(user_id) REFERENCES users (id)
);
CREATE TABLE bots (
	id INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	api_key_id INTEGER,
	name VARCHAR(100) NOT NULL,
	exchange VARCHAR(32) NOT NULL,
	symbol VARCHAR(32) NOT NULL,
	timeframe VARCHAR(8) NOT NULL,
	strategy VARCHAR(64) NOT NULL,
	params TEXT NOT NULL,
	is_paper BOOLEAN NOT NULL,
	is_active BOOLEAN NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(user_id) REFERENCES users (id),
	FOREIGN KEY(api_key_id) REFERENCES api_keys (id)
);
CREATE TABLE trades (
	id INTEGER NOT NULL,
	bot_id INTEGER NOT NULL,
	side VARCHAR(4) NOT NULL,
	price FLOAT NOT NULL,
	amount FLOAT NOT NULL,
	fee FLOAT NOT NULL,
	fee_currency VARCHAR(16),
	exchange_order_id VARCHAR(64),
	exchange_trade_id VARCHAR(64),
	executed_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(bot_id) REFERENCES bots (id)
);
CREATE INDEX ix_trades_bot_id ON trades (bot_id);
`;

type Row = Record<string, string | number | null>;
export interface LegacyRows {
  users?: Row[];
  subscriptions?: Row[];
  api_keys?: Row[];
  bots?: Row[];
  trades?: Row[];
}

const NOW = '2025-06-01 10:00:00.000000';
const DEFAULTS: Record<keyof LegacyRows, Row> = {
  users: { is_active: 1, is_superuser: 0, created_at: NOW },
  subscriptions: { valid_until: null, created_at: NOW },
  api_keys: { label: null, passphrase: null, created_at: NOW },
  bots: {
    api_key_id: null,
    timeframe: '1h',
    params: '{}',
    is_paper: 1,
    is_active: 0,
    created_at: NOW,
  },
  trades: { fee: 0, fee_currency: null, exchange_order_id: null, exchange_trade_id: null },
};

/** A legacy file at `path` holding `rows` (each table's omitted columns take the app's defaults). */
export function writeLegacyFile(path: string, rows: LegacyRows): void {
  const db = new Database(path);
  try {
    db.pragma('foreign_keys = OFF'); // as SQLAlchemy leaves SQLite: orphans are possible
    db.exec(LEGACY_DDL);
    db.transaction(() => {
      for (const table of Object.keys(DEFAULTS) as (keyof LegacyRows)[]) {
        for (const row of rows[table] ?? []) insert(db, table, { ...DEFAULTS[table], ...row });
      }
    })();
  } finally {
    db.close();
  }
}

function insert(db: Database.Database, table: string, row: Row) {
  const columns = Object.keys(row);
  db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

/** `count` trades of legacy bot `botId` from id `firstId` on, alternating buys and sells. */
export function appendTrades(path: string, botId: number, firstId: number, count: number): void {
  const db = new Database(path);
  try {
    const statement = db.prepare(
      `INSERT INTO trades (id, bot_id, side, price, amount, fee, fee_currency, exchange_trade_id, executed_at)
       VALUES (?, ?, ?, ?, ?, ?, 'USDT', ?, ?)`,
    );
    db.transaction(() => {
      const start = Date.parse('2025-01-01T00:00:00Z');
      for (let i = 0; i < count; i++) {
        const id = firstId + i;
        const at = new Date(start + i * 60_000).toISOString().replace('T', ' ').replace('Z', '000');
        statement.run(
          id,
          botId,
          i % 2 ? 'sell' : 'buy',
          60000 + (i % 500),
          0.001,
          0.06,
          `x${id}`,
          at,
        );
      }
    })();
  } finally {
    db.close();
  }
}
