import { createDataSource, findUserByEmail, setUserRole, sqlOver } from '@platform/persistence';
import type { Promote } from './demo-account';

/** Makes an account an admin in Postgres, as `npm run admin:create` does (no route does it). */
export function promoteInDatabase(databaseUrl: string): Promote {
  return async (email) => {
    const dataSource = createDataSource({
      url: databaseUrl,
      applicationName: 'npm-start-demo',
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      const db = sqlOver(dataSource);
      const user = await findUserByEmail(db, email);
      if (!user) throw new Error(`${email} is not in the database the gateway uses`);
      await setUserRole(db, user.id, 'admin');
    } finally {
      await dataSource.destroy();
    }
  };
}
