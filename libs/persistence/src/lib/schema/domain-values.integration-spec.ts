import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';
import { runMigrations } from '../migrate';
import {
  BacktestStatuses,
  BotActionKinds,
  BotActionStatuses,
  BotDesiredStates,
  BotModes,
  OrderSides,
  OrderStatuses,
  OrderTypes,
  SubscriptionPlans,
  UserRoles,
} from './domain-values';

/** Each list of values and the CHECK constraints of the columns that hold them, side by side. */
const columns: [table: string, column: string, values: readonly string[]][] = [
  ['users', 'role', UserRoles],
  ['subscriptions', 'plan', SubscriptionPlans],
  ['bots', 'mode', BotModes],
  ['bots', 'desired_state', BotDesiredStates],
  ['orders', 'mode', BotModes],
  ['orders', 'side', OrderSides],
  ['orders', 'type', OrderTypes],
  ['orders', 'status', OrderStatuses],
  ['trades', 'side', OrderSides],
  ['paper_orders', 'side', OrderSides],
  ['paper_orders', 'type', OrderTypes],
  ['bot_actions', 'kind', BotActionKinds],
  ['bot_actions', 'status', BotActionStatuses],
  ['backtests', 'status', BacktestStatuses],
];

describe('domain values', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  // Postgres prints `col IN ('a', 'b')` back as `(col = ANY (ARRAY['a'::text, 'b'::text]))`.
  const allowedBySchema = async (table: string, column: string) => {
    const { rows } = await sql.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'c' AND cardinality(c.conkey) = 1 AND t.relname = $1 AND a.attname = $2`,
      [table, column],
    );
    return rows.map(({ definition }) =>
      [...definition.matchAll(/'([^']*)'::text/g)].map((match) => match[1]),
    );
  };

  it.each(columns)('%s.%s allows exactly the listed values', async (table, column, values) => {
    expect(await allowedBySchema(table, column)).toEqual([[...values]]);
  });
});
