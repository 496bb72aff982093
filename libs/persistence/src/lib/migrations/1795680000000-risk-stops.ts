import type { MigrationInterface, QueryRunner } from 'typeorm';

const RISK_STOP_TRIGGER = (signals: string) => `
  CREATE TRIGGER orders_notify_risk_stop AFTER UPDATE OF status ON orders FOR EACH ROW
    WHEN (NEW.signal IN (${signals}) AND NEW.status = 'filled'
          AND OLD.status IS DISTINCT FROM 'filled')
    EXECUTE FUNCTION notify_risk_stop()`;

/**
 * Risk stops (issue 14, docs/risk.md).
 *
 * - `bot_positions` learns what the stops need from the bot's own fills, written in the same
 *   fenced transaction as the fills (so a new owner finds them exact): the realized profit of the
 *   round trip under way and when one last closed at a loss (the cooldown), the realized profit
 *   of the last fills' UTC day (the daily loss limits), and the highest price since the entry
 *   and the highest equity (the trailing and drawdown stops, raised by the owner as prices come).
 * - `user_risk_limits`: a user's own limits across their bots (the daily loss limit).
 * - `bots.allow_shared_account`: a live bot that may start while another live bot runs on the
 *   same exchange account and symbol (the gateway refuses such a start otherwise, under the
 *   user's subscription lock, which every start takes). Bots already running side by side keep
 *   running: the check is made when a bot starts.
 * - the risk-stop notification also fires for trailing-stop and max-drawdown sells.
 */
export class RiskStops1795680000000 implements MigrationInterface {
  name = 'RiskStops1795680000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE bot_positions
        ADD COLUMN round_trip_pnl numeric NOT NULL DEFAULT 0,
        ADD COLUMN last_loss_at timestamptz,
        ADD COLUMN pnl_day date,
        ADD COLUMN day_realized_pnl numeric NOT NULL DEFAULT 0,
        ADD COLUMN peak_price numeric CHECK (peak_price > 0),
        ADD COLUMN peak_equity numeric`);
    await db.query(`
      CREATE TABLE user_risk_limits (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        max_daily_loss_quote numeric CHECK (max_daily_loss_quote > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `ALTER TABLE bots ADD COLUMN allow_shared_account boolean NOT NULL DEFAULT false`,
    );
    // the user's daily loss sums over all their bots, deleted ones too (the name index skips those)
    await db.query(`CREATE INDEX bots_user_id ON bots (user_id)`);
    await db.query(`DROP TRIGGER orders_notify_risk_stop ON orders`);
    await db.query(
      RISK_STOP_TRIGGER(`'stop-loss', 'take-profit', 'trailing-stop', 'max-drawdown'`),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER orders_notify_risk_stop ON orders`);
    await db.query(RISK_STOP_TRIGGER(`'stop-loss', 'take-profit'`));
    await db.query(`DROP INDEX bots_user_id`);
    await db.query(`ALTER TABLE bots DROP COLUMN allow_shared_account`);
    await db.query(`DROP TABLE user_risk_limits`);
    await db.query(`
      ALTER TABLE bot_positions
        DROP COLUMN round_trip_pnl, DROP COLUMN last_loss_at, DROP COLUMN pnl_day,
        DROP COLUMN day_realized_pnl, DROP COLUMN peak_price, DROP COLUMN peak_equity`);
  }
}
