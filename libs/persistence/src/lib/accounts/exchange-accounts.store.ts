import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import { SqlStates, sqlStateOf } from '../sql/sql-state';

export interface NewExchangeAccount {
  id: string;
  userId: string;
  exchangeId: string;
  label: string;
  encryptionKeyId: string;
  credentialsCiphertext: Buffer;
  apiKeyMasked: string;
}

/** An account as its owner may see it: never the key material. */
export interface ExchangeAccountRecord {
  id: string;
  exchangeId: string;
  label: string;
  apiKeyMasked: string;
  verifiedAt: Date | null;
  /** Whether the key may withdraw, as the exchange said at the last verify; null: not asked. */
  canWithdraw: boolean | null;
  createdAt: Date;
}

// The ciphertext is written, never read back here: market-data opens it for exchange calls.
const RECORD_COLUMNS = `id, exchange_id, label, api_key_masked, verified_at, can_withdraw, created_at`;

type Row = {
  id: string;
  exchange_id: string;
  label: string;
  api_key_masked: string;
  verified_at: Date | null;
  can_withdraw: boolean | null;
  created_at: Date;
};

const toRecord = (row: Row): ExchangeAccountRecord => ({
  id: row.id,
  exchangeId: row.exchange_id,
  label: row.label,
  apiKeyMasked: row.api_key_masked,
  verifiedAt: row.verified_at,
  canWithdraw: row.can_withdraw,
  createdAt: row.created_at,
});

/** A user's exchange accounts; every query is scoped to the owner, so ids of others are invisible. */
@Injectable()
export class ExchangeAccountsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Null when the user already has an account with this label. */
  async insert(
    account: NewExchangeAccount,
    sql: Sql = this.sql,
  ): Promise<ExchangeAccountRecord | null> {
    try {
      const [row] = await sql.query<Row>(
        `INSERT INTO exchange_accounts
           (id, user_id, exchange_id, label, encryption_key_id, credentials_ciphertext, api_key_masked)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${RECORD_COLUMNS}`,
        [
          account.id,
          account.userId,
          account.exchangeId,
          account.label,
          account.encryptionKeyId,
          account.credentialsCiphertext,
          account.apiKeyMasked,
        ],
      );
      return toRecord(row);
    } catch (error) {
      if (sqlStateOf(error) === SqlStates.uniqueViolation) return null;
      throw error;
    }
  }

  /** How many exchange accounts the user has (what the plan's `max_exchange_accounts` limits). */
  async countOwned(sql: Sql, userId: string): Promise<number> {
    const [row] = await sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM exchange_accounts WHERE user_id = $1`,
      [userId],
    );
    return row.count;
  }

  async listOwned(userId: string): Promise<ExchangeAccountRecord[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${RECORD_COLUMNS} FROM exchange_accounts WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toRecord);
  }

  async findOwned(userId: string, id: string): Promise<ExchangeAccountRecord | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${RECORD_COLUMNS} FROM exchange_accounts WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return row ? toRecord(row) : null;
  }

  /**
   * `in_use`: a live bot that is not deleted still trades with it (the CHECK that a live bot
   * has an account refuses the detaching). Deleted bots and paper bots are detached.
   */
  async deleteOwned(userId: string, id: string): Promise<'deleted' | 'not_found' | 'in_use'> {
    try {
      const rows = await this.sql.query(
        `DELETE FROM exchange_accounts WHERE id = $1 AND user_id = $2 RETURNING id`,
        [id, userId],
      );
      return rows.length > 0 ? 'deleted' : 'not_found';
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === SqlStates.checkViolation || state === SqlStates.foreignKeyViolation)
        return 'in_use';
      throw error;
    }
  }

  /** Records the outcome of a signed call: verified now, or (keys refused) not verified. */
  async setVerified(
    userId: string,
    id: string,
    verified: boolean,
    canWithdraw: boolean | null = null,
  ): Promise<ExchangeAccountRecord | null> {
    const [row] = await this.sql.query<Row>(
      `UPDATE exchange_accounts
          SET verified_at = CASE WHEN $3 THEN now() ELSE NULL END,
              can_withdraw = CASE WHEN $3 THEN $4::boolean ELSE can_withdraw END, updated_at = now()
        WHERE id = $1 AND user_id = $2 RETURNING ${RECORD_COLUMNS}`,
      [id, userId, verified, canWithdraw],
    );
    return row ? toRecord(row) : null;
  }
}
