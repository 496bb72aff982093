import { Inject, Injectable } from '@nestjs/common';
import { PgErrors, pgError, SQL, type Sql } from '../database/sql';
import type { ExchangeAccountView } from './exchange-accounts.schemas';

export interface NewExchangeAccount {
  id: string;
  userId: string;
  exchangeId: string;
  label: string;
  encryptionKeyId: string;
  credentialsCiphertext: Buffer;
  apiKeyMasked: string;
}

// The ciphertext is written, never read back here: market-data opens it for exchange calls.
const VIEW_COLUMNS = `id, exchange_id, label, api_key_masked, verified_at, can_withdraw, created_at`;

type Row = {
  id: string;
  exchange_id: string;
  label: string;
  api_key_masked: string;
  verified_at: Date | null;
  can_withdraw: boolean | null;
  created_at: Date;
};

const toView = (row: Row): ExchangeAccountView => ({
  id: row.id,
  exchangeId: row.exchange_id,
  label: row.label,
  apiKeyMasked: row.api_key_masked,
  verifiedAt: row.verified_at ? row.verified_at.toISOString() : null,
  canWithdraw: row.can_withdraw,
  warnings: row.can_withdraw
    ? [
        'this API key can withdraw funds: if it leaked, the funds could leave the exchange; create a key without withdrawal permission',
      ]
    : [],
  createdAt: row.created_at.toISOString(),
});

/** A user's exchange accounts; every query is scoped to the owner, so ids of others are invisible. */
@Injectable()
export class ExchangeAccountsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Null when the user already has an account with this label. */
  async insert(
    account: NewExchangeAccount,
    sql: Sql = this.sql,
  ): Promise<ExchangeAccountView | null> {
    try {
      const [row] = await sql.query<Row>(
        `INSERT INTO exchange_accounts
           (id, user_id, exchange_id, label, encryption_key_id, credentials_ciphertext, api_key_masked)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VIEW_COLUMNS}`,
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
      return toView(row);
    } catch (error) {
      if (pgError(error).code === PgErrors.uniqueViolation) return null;
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

  async listOwned(userId: string): Promise<ExchangeAccountView[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${VIEW_COLUMNS} FROM exchange_accounts WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toView);
  }

  async findOwned(userId: string, id: string): Promise<ExchangeAccountView | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${VIEW_COLUMNS} FROM exchange_accounts WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return row ? toView(row) : null;
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
      const { code } = pgError(error);
      if (code === PgErrors.checkViolation || code === PgErrors.foreignKeyViolation)
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
  ): Promise<ExchangeAccountView | null> {
    const [row] = await this.sql.query<Row>(
      `UPDATE exchange_accounts
          SET verified_at = CASE WHEN $3 THEN now() ELSE NULL END,
              can_withdraw = CASE WHEN $3 THEN $4::boolean ELSE can_withdraw END, updated_at = now()
        WHERE id = $1 AND user_id = $2 RETURNING ${VIEW_COLUMNS}`,
      [id, userId, verified, canWithdraw],
    );
    return row ? toView(row) : null;
  }
}
