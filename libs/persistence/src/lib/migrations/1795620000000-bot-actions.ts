import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `bot_actions`: what a user asked a bot to do at once (cancel its open orders; sell everything
 * and stop), as rows the bot's owner reads on its reconcile pass (rule 1: Postgres is the
 * truth, the `bots.changed` hint only makes it fast). A bot with a pending action is wanted by
 * the supervisors even while stopped, so whoever can act next does it. At most one pending
 * action of each kind per bot: asking again while one waits is the same request.
 */
export class BotActions1795620000000 implements MigrationInterface {
  name = 'BotActions1795620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bot_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('cancel_orders', 'liquidate')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        result text,
        order_id uuid REFERENCES orders (id) ON DELETE SET NULL,
        fence_token bigint,
        CONSTRAINT bot_actions_finished CHECK ((status = 'pending') = (finished_at IS NULL))
      )`);
    // the supervisors' query reads the pending ones across all bots every pass
    await db.query(
      `CREATE UNIQUE INDEX bot_actions_pending ON bot_actions (bot_id, kind) WHERE status = 'pending'`,
    );
    await db.query(`CREATE INDEX bot_actions_bot ON bot_actions (bot_id, requested_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bot_actions`);
  }
}
