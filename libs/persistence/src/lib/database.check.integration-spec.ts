import { createTestDatabase, type TestDatabase, waitFor } from '@platform/testing';
import { createDataSource } from './data-source';
import { DatabaseCheck } from './database.check';
import { runMigrations } from './migrate';

describe('DatabaseCheck against a real PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('is down while migrations are pending, up once applied, down while the database refuses connections, then up again', async () => {
    const dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    const check = new DatabaseCheck(dataSource);
    const isUp = () =>
      check.check().then(
        () => true,
        () => false,
      );
    try {
      await expect(check.check()).rejects.toThrow('pending migrations');
      await runMigrations(db.url);
      await expect(check.check()).resolves.toBeUndefined();

      // Cut the database off: no new connections, existing ones killed.
      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
        db.name,
      ]);
      await waitFor('database check down', async () => !(await isUp()));

      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await waitFor('database check up again', isUp);
    } finally {
      await dataSource.destroy();
    }
  });
});
