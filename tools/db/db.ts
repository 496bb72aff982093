// `npm run db:migrate | db:revert | db:status`: the schema changes only through here (and the
// start-up of `npm start`, which calls the same functions). Reads DATABASE_URL.
import { messageOf } from '@platform/contracts';
import { migrationStatus, revertLastMigration, runMigrations } from '@platform/persistence';
import { databaseUrlFromEnv } from './database-url';

async function main(command: string | undefined) {
  const url = databaseUrlFromEnv();
  const where = new URL(url);
  where.password = where.password ? '***' : '';
  switch (command) {
    case 'migrate': {
      const applied = await runMigrations(url);
      console.log(
        applied.length ? `applied: ${applied.join(', ')}` : `${where}: schema is up to date`,
      );
      return;
    }
    case 'revert':
      await revertLastMigration(url);
      console.log(`${where}: reverted the latest migration`);
      return;
    case 'status': {
      const { applied, pending } = await migrationStatus(url);
      console.log(
        `${where}\napplied: ${applied.join(', ') || '(none)'}\npending: ${pending.join(', ') || '(none)'}`,
      );
      return;
    }
    default:
      throw new Error(`unknown command "${command ?? ''}": use migrate, revert or status`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`db: ${messageOf(error)}`);
  process.exit(1);
});
