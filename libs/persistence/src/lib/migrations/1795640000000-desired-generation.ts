import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter that every statement changing which bots are desired running bumps (a statement
 * trigger on `bots`): a worker reads the list of running bots again only when the counter moved,
 * instead of every bot's row on every reconcile pass. The bump is a row update in the changing
 * transaction, so a reader sees the new value only together with the change it announces.
 */
export class DesiredGeneration1795640000000 implements MigrationInterface {
  name = 'DesiredGeneration1795640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE bot_desired_generation (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         value bigint NOT NULL)`,
    );
    await db.query(`INSERT INTO bot_desired_generation (value) VALUES (0)`);
    await db.query(
      `CREATE FUNCTION bump_bot_desired_generation() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE bot_desired_generation SET value = value + 1;
         RETURN NULL;
       END $$`,
    );
    await db.query(
      `CREATE TRIGGER bots_desired_generation
         AFTER INSERT OR DELETE OR TRUNCATE
            OR UPDATE OF desired_state, deleted_at, placement_tag, cancel_orders_on_stop
         ON bots FOR EACH STATEMENT EXECUTE FUNCTION bump_bot_desired_generation()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER bots_desired_generation ON bots`);
    await db.query(`DROP FUNCTION bump_bot_desired_generation()`);
    await db.query(`DROP TABLE bot_desired_generation`);
  }
}
