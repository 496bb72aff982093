import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paper orders fill in parts (issue 14, docs/paper-trading.md): a taker walks the depth the
 * ticker quotes at the touch, a resting order takes a slice per ticker. Each order keeps its
 * fills (price, amount, fee, fee currency, the ticker's time, the ledger's time) as a JSON list,
 * written in the same transaction as the order's sums and the balances. Orders recorded before
 * keep an empty list: their one fill is still told by `average` and `filled_at`.
 */
export class PaperFills1795690000000 implements MigrationInterface {
  name = 'PaperFills1795690000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE paper_orders
        ADD COLUMN fills jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(fills) = 'array')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE paper_orders DROP COLUMN fills`);
  }
}
