import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

/** An exchange account that live bots trade with: who may spend its order budget. */
export interface LiveBotAccountRow {
  id: string;
  exchange_id: string;
  /** The only trace of the key anyone sees (never the key or the secret). */
  api_key_masked: string;
  live_bots: number;
  running_bots: number;
}

/** The accounts of live bots (not deleted), for the operators' budget read-out. */
@Injectable()
export class LiveBotAccountsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** At most `limit`, those with bots wanted running first. */
  list(limit: number): Promise<LiveBotAccountRow[]> {
    return this.sql.query<LiveBotAccountRow>(
      `SELECT a.id, a.exchange_id, a.api_key_masked, count(*)::int AS live_bots,
              count(*) FILTER (WHERE b.desired_state = 'running')::int AS running_bots
         FROM bots b JOIN exchange_accounts a ON a.id = b.exchange_account_id
        WHERE b.mode = 'live' AND b.deleted_at IS NULL
        GROUP BY a.id
        ORDER BY running_bots DESC, a.id LIMIT $1`,
      [limit],
    );
  }
}
