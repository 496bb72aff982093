import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live bots were stored with the paper-only `risk.paperQuoteBalance` default (10000), which the
 * API then showed as if it meant something for real money. It belongs to paper bots only.
 */
export class LiveBotsWithoutPaperSettings1795591000000 implements MigrationInterface {
  name = 'LiveBotsWithoutPaperSettings1795591000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE bots SET params = jsonb_set(params, '{risk}', (params->'risk') - 'paperQuoteBalance')
        WHERE mode = 'live' AND jsonb_typeof(params->'risk') = 'object'
          AND params->'risk' ? 'paperQuoteBalance'`,
    );
  }

  async down(): Promise<void> {
    // nothing to restore: the value was a default that never applied to live bots
  }
}
