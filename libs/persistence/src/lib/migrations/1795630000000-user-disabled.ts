import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An operator can disable an account: `disabled_at` (null: enabled) and why, for the other
 * operators. Sign-in refuses a disabled user and the plan checks give it nothing; the reason
 * (at most 500 characters, the API's bound) only exists while the account is disabled.
 */
export class UserDisabled1795630000000 implements MigrationInterface {
  name = 'UserDisabled1795630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE users
         ADD COLUMN disabled_at timestamptz,
         ADD COLUMN disabled_reason text,
         ADD CONSTRAINT users_disabled_reason_length CHECK (length(disabled_reason) <= 500),
         ADD CONSTRAINT users_disabled_reason_only_when_disabled
           CHECK (disabled_reason IS NULL OR disabled_at IS NOT NULL)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN disabled_reason, DROP COLUMN disabled_at`);
  }
}
