import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted bot no longer holds on to its exchange account: deleting the account detaches it
 * (its orders and trades keep the history). A live bot that is not deleted still needs one, so
 * deleting an account that such a bot uses is refused by the CHECK.
 */
export class DeletedBotsReleaseAccounts1795580000000 implements MigrationInterface {
  name = 'DeletedBotsReleaseAccounts1795580000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bots DROP CONSTRAINT bots_exchange_account_id_fkey`);
    await db.query(
      `ALTER TABLE bots ADD CONSTRAINT bots_exchange_account_id_fkey FOREIGN KEY (exchange_account_id)
         REFERENCES exchange_accounts (id) ON DELETE SET NULL`,
    );
    await db.query(`ALTER TABLE bots DROP CONSTRAINT bots_live_needs_account`);
    await db.query(
      `ALTER TABLE bots ADD CONSTRAINT bots_live_needs_account
         CHECK (mode = 'paper' OR exchange_account_id IS NOT NULL OR deleted_at IS NOT NULL)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bots DROP CONSTRAINT bots_live_needs_account`);
    await db.query(
      `ALTER TABLE bots ADD CONSTRAINT bots_live_needs_account
         CHECK (mode = 'paper' OR exchange_account_id IS NOT NULL) NOT VALID`,
    );
    await db.query(`ALTER TABLE bots DROP CONSTRAINT bots_exchange_account_id_fkey`);
    await db.query(
      `ALTER TABLE bots ADD CONSTRAINT bots_exchange_account_id_fkey FOREIGN KEY (exchange_account_id)
         REFERENCES exchange_accounts (id) ON DELETE RESTRICT`,
    );
  }
}
