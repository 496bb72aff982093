import {
  createTestDatabase,
  seedBot,
  seedUser,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import type { Sql } from '../sql/sql';
import { sqlOver } from '../sql/typeorm-sql';
import { disableUser } from './account-status.queries';
import { AdminUsersStore } from './admin-users.store';
import { PLAN_LIMITS } from './plan-limits';
import { SubscriptionsStore } from './subscriptions.store';
import { findUserByEmail } from './users.queries';

/** A promise and the function that settles it: a step of one transaction the test releases. */
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

// Disabling an account in Postgres: the mark, the bots it stops, and how it is ordered against
// a concurrent start (the subscription lock), on a real database.
describe('disabling an account', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sql: Sql;
  let admin: AdminUsersStore;
  let subscriptions: SubscriptionsStore;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    sql = sqlOver(dataSource);
    admin = new AdminUsersStore(sql);
    subscriptions = new SubscriptionsStore(sql);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const freeUser = () => seedUser(dataSource, { plan: { plan: 'free', ...PLAN_LIMITS.free } });
  const desiredStates = async (userId: string) =>
    (
      (await dataSource.query(`SELECT desired_state FROM bots WHERE user_id = $1 ORDER BY name`, [
        userId,
      ])) as { desired_state: string }[]
    ).map((row) => row.desired_state);
  /** Resolves once a statement matching `pattern` waits for a row lock. */
  const waitingOnLock = (pattern: string) =>
    waitFor(`a statement like ${pattern} to wait for a lock`, async () => {
      const [row] = (await dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
        [pattern],
      )) as { n: number }[];
      return row.n > 0;
    });

  it('marks the user, stops the bots that should run (with an event each), keeps the others', async () => {
    const user = await freeUser();
    const running = await seedBot(dataSource, { user, state: 'running', name: 'a' });
    await seedBot(dataSource, { user, state: 'stopped', name: 'b' });
    const other = await seedBot(dataSource, { user: await freeUser(), state: 'running' });

    expect(await admin.disable(user.id, 'chargeback')).toEqual([running.id]);
    expect(await desiredStates(user.id)).toEqual(['stopped', 'stopped']);
    expect(await desiredStates(other.userId)).toEqual(['running']);
    const events = await dataSource.query(
      `SELECT bot_id, fence_token, type, message, data FROM bot_events WHERE type = 'bot.stopped'`,
    );
    expect(events).toEqual([
      {
        bot_id: running.id,
        fence_token: null,
        type: 'bot.stopped',
        message: 'stopped: an admin disabled the account',
        data: { by: 'admin' },
      },
    ]);
    const row = await admin.find(user.id);
    expect(row).toMatchObject({ disabled_reason: 'chargeback', disabled_at: expect.any(Date) });
    expect(await findUserByEmail(sql, user.email)).toMatchObject({ disabled: true });
    expect(await subscriptions.find(user.id)).toMatchObject({ accountDisabled: true });
  });

  it('again: keeps since when, replaces the reason only when one is given; enable clears both', async () => {
    const user = await freeUser();
    await admin.disable(user.id, 'first');
    const since = (await admin.find(user.id))?.disabled_at;
    expect(await admin.disable(user.id, null)).toEqual([]);
    expect(await admin.find(user.id)).toMatchObject({
      disabled_at: since,
      disabled_reason: 'first',
    });
    await admin.disable(user.id, 'second');
    expect((await admin.find(user.id))?.disabled_reason).toBe('second');

    expect(await admin.enable(user.id)).toBe(true);
    expect(await admin.find(user.id)).toMatchObject({ disabled_at: null, disabled_reason: null });
    expect(await subscriptions.find(user.id)).toMatchObject({ accountDisabled: false });
  });

  it('an unknown user: null and false, nothing written', async () => {
    const unknown = '5b0c4c8e-2f6a-4d7e-9a51-0c1d2e3f4a5b';
    expect(await admin.disable(unknown, 'x')).toBeNull();
    expect(await admin.enable(unknown)).toBe(false);
  });

  it('the schema keeps a reason only on a disabled account, at most 500 characters', async () => {
    const user = await freeUser();
    await expect(
      dataSource.query(`UPDATE users SET disabled_reason = 'why' WHERE id = $1`, [user.id]),
    ).rejects.toThrow(/users_disabled_reason_only_when_disabled/);
    await expect(
      dataSource.query(
        `UPDATE users SET disabled_at = now(), disabled_reason = repeat('x', 501) WHERE id = $1`,
        [user.id],
      ),
    ).rejects.toThrow(/users_disabled_reason_length/);
  });

  it('a start holding the subscription lock first: the disable waits, then stops its bot', async () => {
    const user = await freeUser();
    const bot = await seedBot(dataSource, { user, state: 'stopped' });
    const locked = gate();
    const commit = gate();
    const start = sql.transaction(async (tx) => {
      const subscription = await subscriptions.lock(tx, user.id);
      locked.open();
      await commit.opened;
      await tx.query(`UPDATE bots SET desired_state = 'running' WHERE id = $1`, [bot.id]);
      return subscription;
    });
    await locked.opened;
    const disable = admin.disable(user.id, null);
    await waitingOnLock('UPDATE users SET disabled_at%');
    commit.open();
    expect((await start)?.accountDisabled).toBe(false);
    expect(await disable).toEqual([bot.id]);
    expect(await desiredStates(user.id)).toEqual(['stopped']);
  });

  it('a disable first: a start waiting for the lock then reads the account as disabled', async () => {
    const user = await freeUser();
    const marked = gate();
    const commit = gate();
    const disabling = sql.transaction(async (tx) => {
      const stopped = await disableUser(tx, user.id, null);
      marked.open();
      await commit.opened;
      return stopped;
    });
    await marked.opened;
    const start = sql.transaction((tx) => subscriptions.lock(tx, user.id));
    await waitingOnLock('%FOR SHARE OF u');
    commit.open();
    await disabling;
    expect(await start).toMatchObject({ plan: 'free', accountDisabled: true });
  });
});
