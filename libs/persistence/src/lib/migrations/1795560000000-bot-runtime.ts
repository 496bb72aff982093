import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each bot runs (one row per bot, written by its owner under its fencing token) and the
 * runtime's heartbeat history (the fenced writes the chaos harness audits).
 */
export class BotRuntime1795560000000 implements MigrationInterface {
  name = 'BotRuntime1795560000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bot_runtime (
        bot_id uuid PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
        worker_id text,
        host text,
        fence_token bigint NOT NULL,
        claimed_at timestamptz NOT NULL,
        last_tick_at timestamptz,
        released_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE bot_heartbeats (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        worker_id text NOT NULL,
        fence_token bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX bot_heartbeats_bot_at ON bot_heartbeats (bot_id, at)`);
    await db.query(`CREATE INDEX bot_events_type_created ON bot_events (type, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bot_events_type_created`);
    await db.query(`DROP TABLE bot_heartbeats`);
    await db.query(`DROP TABLE bot_runtime`);
  }
}
