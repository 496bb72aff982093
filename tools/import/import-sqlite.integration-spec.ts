import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyRing, openCredentials } from '@platform/exchange';
import { createDataSource, runMigrations, sqlOver } from '@platform/persistence';
import {
  createTestDatabase,
  newEncryptionKeys,
  randomBinanceKeys,
  type TestDatabase,
  waitFor,
  workspaceRoot,
} from '@platform/testing';
import * as argon2 from 'argon2';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { formatReport } from './import-report';
import { fingerprintOf, LegacyFile, UnsupportedLegacyFileError } from './legacy-file';
import { appendTrades, writeLegacyFile } from './legacy-fixture';
import { ImportSetupError, runImport } from './run-import';

const root = workspaceRoot();

/**
 * The import as `npm run import:sqlite` runs it, but node itself is the child (not run-ts.mjs'
 * wrapper), so a kill -9 hits the importer.
 */
function startImport(env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(root, 'tools/import/import-sqlite.ts'), ...args],
    {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json'), ...env },
    },
  );
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const TABLES = [
  'users',
  'subscriptions',
  'exchange_accounts',
  'bots',
  'bot_events',
  'orders',
  'trades',
];

describe('import:sqlite (child processes, real legacy files, a real database)', () => {
  let db: TestDatabase;
  let pg: Client;
  let dir: string;
  const encryptionKeys = newEncryptionKeys();
  const outputs: string[] = [];
  let env: NodeJS.ProcessEnv;
  let dataSource: ReturnType<typeof createDataSource>;
  /** The same import in this process (no child start-up): the CLI runs are above and below. */
  const importHere = async (path: string, options: { apply: boolean; start?: boolean }) => {
    const file = LegacyFile.open(path);
    try {
      const summary = await runImport(sqlOver(dataSource), {
        file,
        fileName: path,
        source: await fingerprintOf(path),
        apply: options.apply,
        start: options.start ?? false,
        batchSize: 1000,
        ring: KeyRing.parse(encryptionKeys),
        progress: { write: () => true },
      });
      return formatReport(summary);
    } finally {
      file.close();
    }
  };
  const importer = async (...args: string[]) => {
    const run = await finished(startImport(env, args));
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (await pg.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)).rows[0]
      .n as number;
  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of TABLES) result[table] = await count(table);
    return result;
  };
  const tradesOf = (email: string) =>
    count(
      'trades t JOIN bots b ON b.id = t.bot_id JOIN users u ON u.id = b.user_id',
      'u.email = $1',
      [email],
    );

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    dir = mkdtempSync(join(tmpdir(), 'legacy-import-'));
    env = { DATABASE_URL: db.url, ENCRYPTION_KEYS: encryptionKeys };
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pg?.end();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('a file with good and broken rows', () => {
    const good = randomBinanceKeys();
    const badKey = `BADKEY-${randomBinanceKeys().apiKey.slice(0, 30)}`;
    const fernet = `gAAAAA${randomBinanceKeys().apiKey}`;
    const annPassword = 'ann has a long password';
    let file: string;
    let annHash: string;

    beforeAll(async () => {
      annHash = await argon2.hash(annPassword, { type: argon2.argon2id });
      file = join(dir, 'mixed.sqlite3');
      const user = (id: number, email: string, extra = {}) => ({
        id,
        email,
        hashed_password: '$2b$12$KIXQJv2c0m5hJ9bq9C1t3e0vY0q3a1o3m2k8a7b6c5d4e3f2g1h0i',
        ...extra,
      });
      writeLegacyFile(file, {
        users: [
          user(1, 'ann@example.com', { hashed_password: annHash }),
          user(2, 'bob@example.com'),
          user(3, 'Ann@Example.com'),
          user(4, 'not-an-email'),
          user(5, 'carol@example.com', { is_active: 0 }),
        ],
        subscriptions: [
          {
            id: 1,
            user_id: 1,
            plan: 'pro',
            valid_until: '2030-01-01 00:00:00',
            created_at: '2025-02-01 00:00:00',
          },
          { id: 2, user_id: 1, plan: 'free', created_at: '2025-01-01 00:00:00' },
          { id: 3, user_id: 2, plan: 'platinum' },
          { id: 4, user_id: 99, plan: 'pro' },
          { id: 5, user_id: 3, plan: 'pro' },
        ],
        api_keys: [
          {
            id: 1,
            user_id: 1,
            exchange: 'binance',
            label: 'main',
            api_key: good.apiKey,
            api_secret: good.secret,
          },
          { id: 2, user_id: 1, exchange: 'binance', api_key: badKey, api_secret: good.secret },
          { id: 3, user_id: 3, exchange: 'binance', api_key: good.apiKey, api_secret: good.secret },
          { id: 4, user_id: 2, exchange: 'binance', api_key: fernet, api_secret: fernet },
        ],
        bots: [
          {
            id: 1,
            user_id: 1,
            api_key_id: 1,
            name: 'live cross',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'sma_cross',
            params: '{"fast_period": 5, "slow_period": 20, "stake": 50}',
            is_paper: 0,
            is_active: 1,
          },
          {
            id: 2,
            user_id: 1,
            name: 'rsi',
            exchange: 'binance',
            symbol: 'BTCUSDT',
            strategy: 'RSI',
            params: '{"period": 14, "oversold": 25, "overbought": 75}',
          },
          {
            id: 3,
            user_id: 1,
            name: 'macd',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'macd',
            params: '{}',
          },
          {
            id: 4,
            user_id: 1,
            name: 'grid',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'grid',
            params: '{"lower_price": 100, "upper_price": 50, "levels": 5, "base_per_level": 0.1}',
          },
          {
            id: 5,
            user_id: 99,
            name: 'orphan',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'dca',
            params: '{}',
          },
          {
            id: 6,
            user_id: 3,
            name: 'dup user',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'grid',
            params: '{}',
          },
          {
            id: 7,
            user_id: 1,
            api_key_id: 2,
            name: 'bad key',
            exchange: 'binance',
            symbol: 'BTC/USDT',
            strategy: 'sma_cross',
            params: '{}',
            is_paper: 0,
          },
          {
            id: 8,
            user_id: 2,
            name: 'dca',
            exchange: 'binance',
            symbol: 'eth-usdt',
            timeframe: '1d',
            strategy: 'dca',
            params: '{"quote_per_buy": 10, "interval_seconds": 3600, "take_profit_pct": 2}',
            is_active: 1,
          },
          {
            id: 9,
            user_id: 1,
            name: 'rsi',
            exchange: 'binance',
            symbol: 'ETH/USDT',
            strategy: 'rsi_reversion',
            params: 'not json',
          },
          {
            id: 10,
            user_id: 1,
            name: 'rsi',
            exchange: 'binance',
            symbol: 'ETH/USDT',
            strategy: 'rsi_reversion',
            params: '{}',
          },
        ],
        trades: [
          {
            id: 1,
            bot_id: 1,
            side: 'buy',
            price: 60000,
            amount: 0.001,
            fee: 0.06,
            fee_currency: 'USDT',
            executed_at: '2025-03-01 10:00:00.000000',
          },
          {
            id: 2,
            bot_id: 1,
            side: 'SELL',
            price: 61000.5,
            amount: 0.001,
            executed_at: '2025-03-01 11:00:00',
          },
          {
            id: 3,
            bot_id: 1,
            side: 'buy',
            price: 59000,
            amount: 0.002,
            exchange_trade_id: '777',
            executed_at: '2025-03-02T10:00:00Z',
          },
          {
            id: 4,
            bot_id: 2,
            side: 'buy',
            price: 60000,
            amount: 0.01,
            executed_at: '2025-03-03 10:00:00',
          },
          {
            id: 5,
            bot_id: 3,
            side: 'buy',
            price: 60000,
            amount: 0.01,
            executed_at: '2025-03-03 10:00:00',
          },
          {
            id: 6,
            bot_id: 99,
            side: 'buy',
            price: 60000,
            amount: 0.01,
            executed_at: '2025-03-03 10:00:00',
          },
          {
            id: 7,
            bot_id: 2,
            side: 'hold',
            price: 60000,
            amount: 0.01,
            executed_at: '2025-03-03 10:00:00',
          },
          {
            id: 8,
            bot_id: 8,
            side: 'buy',
            price: -1,
            amount: 0.01,
            executed_at: '2025-03-03 10:00:00',
          },
          { id: 9, bot_id: 8, side: 'buy', price: 3000, amount: 0.01, executed_at: 'yesterday' },
          {
            id: 10,
            bot_id: 8,
            side: 'buy',
            price: 3000,
            amount: 0.01,
            executed_at: '2025-03-04 10:00:00',
          },
        ],
      });
    });

    const REFUSED = [
      'users 3: duplicate email: the same address as user 1',
      'users 4: email is not an email address',
      "subscriptions 2: superseded by user 1's newer subscription 1",
      'subscriptions 3: unknown plan "platinum"',
      'subscriptions 4: its user (legacy id 99) does not exist',
      'subscriptions 5: its user (legacy id 3) was refused',
      'api_keys 2: apiKey: binance API keys are 64 letters and digits',
      'api_keys 3: its user (legacy id 3) was refused',
      'api_keys 4: the key is encrypted (a Fernet token)',
      'bots 3: unknown strategy "macd"',
      'bots 4: params.upperPrice: upperPrice must be greater than lowerPrice',
      'bots 5: its user (legacy id 99) does not exist',
      'bots 6: its user (legacy id 3) was refused',
      'bots 7: its API key (legacy id 2) was refused',
      'bots 9: params is not JSON',
      'trades 5: its bot (legacy id 3) was refused',
      'trades 6: its bot (legacy id 99) does not exist',
      'trades 7: side is neither buy nor sell',
      'trades 8: price is not a positive number',
      'trades 9: executed_at is not a date and time',
    ];

    it('a dry run by default: writes nothing, reports the counts and every refused row', async () => {
      const before = await counts();
      const run = await importer(file);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('DRY RUN');
      for (const line of REFUSED) expect(run.stdout).toContain(line);
      expect(run.stdout).toMatch(/users\s+5\s+3\s+0\s+2/);
      expect(run.stdout).toMatch(/subscriptions\s+5\s+1\s+0\s+4/);
      expect(run.stdout).toMatch(/api_keys\s+4\s+1\s+0\s+3/);
      expect(run.stdout).toMatch(/bots\s+10\s+4\s+0\s+6/);
      expect(run.stdout).toMatch(/trades\s+10\s+5\s+0\s+5/);
      expect(await counts()).toEqual(before);
    }, 60_000);

    it('--apply imports exactly the good rows: stopped bots, sealed keys, translated params', async () => {
      const run = await importer(file, '--apply');
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('APPLIED');
      for (const line of REFUSED) expect(run.stdout).toContain(line);
      expect(run.stdout).toContain('imported 14 rows');
      expect(await counts()).toEqual({
        users: 3,
        subscriptions: 3,
        exchange_accounts: 1,
        bots: 4,
        bot_events: 4,
        orders: 5,
        trades: 5,
      });
      const users = (
        await pg.query(
          `SELECT u.email, u.password_hash, u.disabled_at IS NOT NULL AS disabled, s.plan, s.max_bots, s.valid_until
             FROM users u JOIN subscriptions s ON s.user_id = u.id ORDER BY u.email`,
        )
      ).rows;
      expect(users.map((u) => [u.email, u.plan, u.disabled])).toEqual([
        ['ann@example.com', 'pro', false],
        ['bob@example.com', 'free', false],
        ['carol@example.com', 'free', true],
      ]);
      expect(users[0].max_bots).toBe(100);
      expect(users[0].valid_until).toEqual(new Date('2030-01-01T00:00:00Z'));
      // argon2id kept; another hash becomes one that no password matches (and verify does not throw)
      expect(users[0].password_hash).toBe(annHash);
      expect(await argon2.verify(users[0].password_hash, annPassword)).toBe(true);
      expect(users[1].password_hash).toMatch(/^\$argon2id\$/);
      expect(await argon2.verify(users[1].password_hash, '')).toBe(false);

      const bots = (
        await pg.query(
          `SELECT b.name, b.strategy, b.symbol, b.timeframe, b.mode, b.desired_state, b.params,
                  b.exchange_account_id FROM bots b ORDER BY b.created_at, b.name, b.symbol`,
        )
      ).rows;
      expect(
        bots.map((b) => [b.name, b.strategy, b.symbol, b.timeframe, b.mode, b.desired_state]),
      ).toEqual([
        ['dca', 'dca', 'ETH/USDT', '1d', 'paper', 'stopped'],
        ['live cross', 'sma-cross', 'BTC/USDT', '1h', 'live', 'stopped'],
        ['rsi', 'rsi-reversion', 'BTC/USDT', '1h', 'paper', 'stopped'],
        ['rsi (legacy 10)', 'rsi-reversion', 'ETH/USDT', '1h', 'paper', 'stopped'],
      ]);
      expect(bots[1].params).toEqual({
        fastPeriod: 5,
        slowPeriod: 20,
        risk: { stakeQuote: 50, maxOpenOrders: 20 },
      });
      expect(bots[0].params).toMatchObject({
        quotePerBuy: 10,
        intervalSeconds: 3600,
        takeProfitPct: 2,
      });

      const [account] = (
        await pg.query(
          `SELECT id, label, encryption_key_id, credentials_ciphertext, api_key_masked FROM exchange_accounts`,
        )
      ).rows;
      expect(bots[1].exchange_account_id).toBe(account.id);
      expect(account.label).toBe('main');
      const opened = openCredentials(KeyRing.parse(encryptionKeys), account.id, {
        keyId: account.encryption_key_id,
        ciphertext: account.credentials_ciphertext,
      });
      expect(opened).toEqual(good);

      const trades = (
        await pg.query(
          `SELECT o.status, o.mode, o.exchange_account_id, o.filled::text, t.side, t.price::text,
                  t.exchange_trade_id, t.executed_at
             FROM trades t JOIN orders o ON o.id = t.order_id ORDER BY t.executed_at`,
        )
      ).rows;
      expect(trades.map((t) => [t.side, t.price, t.exchange_trade_id])).toEqual([
        ['buy', '60000', expect.stringMatching(/^legacy-1$/)],
        ['sell', '61000.5', 'legacy-2'],
        ['buy', '59000', '777'],
        ['buy', '60000', 'legacy-4'],
        ['buy', '3000', 'legacy-10'],
      ]);
      expect(trades[0]).toMatchObject({
        status: 'filled',
        mode: 'live',
        exchange_account_id: account.id,
        filled: '0.001',
      });
    }, 60_000);

    it('a second run imports nothing: everything is already here', async () => {
      const before = await counts();
      const report = await importHere(file, { apply: true });
      outputs.push(report);
      expect(report).toContain('imported 0 rows');
      expect(report).toMatch(/users\s+5\s+0\s+3\s+2/);
      expect(report).toMatch(/trades\s+10\s+0\s+5\s+5/);
      expect(await counts()).toEqual(before);
    }, 60_000);

    it('the clear keys appear in no output and nowhere in Postgres', async () => {
      const secrets = [good.apiKey, good.secret, badKey, fernet];
      for (const output of outputs)
        for (const secret of secrets) expect(output).not.toContain(secret);
      const tables = (
        await pg.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
        )
      ).rows.map((r) => r.table_name as string);
      for (const table of tables)
        for (const secret of secrets)
          expect({
            table,
            found: await count(`${table} t`, 'strpos(t::text, $1) > 0', [secret]),
          }).toEqual({
            table,
            found: 0,
          });
    });
  });

  it('bad input: not SQLite, or SQLite without the legacy tables, is refused with what is wrong', () => {
    const junk = join(dir, 'junk.sqlite3');
    writeFileSync(junk, 'not a database at all, just text '.repeat(100));
    expect(() => LegacyFile.open(junk)).toThrow(UnsupportedLegacyFileError);
    expect(() => LegacyFile.open(join(dir, 'absent.sqlite3'))).toThrow(/cannot open/);
    const other = join(dir, 'other.sqlite3');
    const sqlite = new Database(other);
    sqlite.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
    sqlite.close();
    expect(() => LegacyFile.open(other)).toThrow(
      /table users lacks hashed_password; table subscriptions is missing/,
    );
  });

  it('--apply without ENCRYPTION_KEYS when the file holds keys: refused before anything is written', async () => {
    const file = join(dir, 'keys.sqlite3');
    const keys = randomBinanceKeys();
    writeLegacyFile(file, {
      users: [{ id: 1, email: 'keyless@example.com', hashed_password: 'x' }],
      api_keys: [
        { id: 1, user_id: 1, exchange: 'binance', api_key: keys.apiKey, api_secret: keys.secret },
      ],
    });
    const legacy = LegacyFile.open(file);
    try {
      await expect(
        runImport(sqlOver(dataSource), {
          file: legacy,
          fileName: file,
          source: await fingerprintOf(file),
          apply: true,
          start: false,
          batchSize: 1000,
          ring: null,
          progress: { write: () => true },
        }),
      ).rejects.toThrow(ImportSetupError);
    } finally {
      legacy.close();
    }
    expect(await count('users', `email = 'keyless@example.com'`)).toBe(0);
  });

  it("--start: active bots run, within the plan (free: 2 running), never a disabled account's", async () => {
    const file = join(dir, 'start.sqlite3');
    writeLegacyFile(file, {
      users: [
        { id: 1, email: 'starter@example.com', hashed_password: 'x' },
        { id: 2, email: 'off@example.com', hashed_password: 'x', is_active: 0 },
      ],
      bots: [1, 2, 3, 4, 5].map((id) => ({
        id,
        user_id: id === 5 ? 2 : 1,
        name: `b${id}`,
        exchange: 'binance',
        symbol: 'BTC/USDT',
        strategy: 'sma-cross',
        is_active: id === 4 ? 0 : 1,
      })),
    });
    const report = await importHere(file, { apply: true, start: true });
    expect(report).toContain(
      "2 bots active in the old app are imported stopped: their plan's running limit",
    );
    const states = (
      await pg.query(
        `SELECT b.name, b.desired_state FROM bots b JOIN users u ON u.id = b.user_id
          WHERE u.email IN ('starter@example.com', 'off@example.com') ORDER BY b.name`,
      )
    ).rows.map((r) => `${r.name}:${r.desired_state}`);
    expect(states).toEqual(['b1:running', 'b2:running', 'b3:stopped', 'b4:stopped', 'b5:stopped']);
  }, 60_000);

  it('100,000 trades: dry run, then apply (rows per second printed)', async () => {
    const file = join(dir, 'big.sqlite3');
    writeLegacyFile(file, {
      users: [{ id: 1, email: 'big@example.com', hashed_password: 'x' }],
      bots: [
        {
          id: 1,
          user_id: 1,
          name: 'busy',
          exchange: 'binance',
          symbol: 'BTC/USDT',
          strategy: 'dca',
          params: '{"quote_per_buy": 10, "drop_pct": 1, "take_profit_pct": 2}',
        },
      ],
    });
    appendTrades(file, 1, 1, 100_000);
    const dry = await importHere(file, { apply: false });
    expect(dry).toMatch(/trades\s+100000\s+100000\s+0\s+0/);
    expect(await tradesOf('big@example.com')).toBe(0);
    const applied = await importHere(file, { apply: true });
    expect(applied).toMatch(/trades\s+100000\s+100000\s+0\s+0/);
    expect(await tradesOf('big@example.com')).toBe(100_000);
    console.log(
      `100,000-trade legacy file\n  dry run: ${dry.split('\n').at(-1)}\n  apply:   ${applied.split('\n').at(-1)}`,
    );
  }, 120_000);

  it('kill -9 in the middle, then a re-run: exactly the expected rows, whole batches only', async () => {
    const file = join(dir, 'killed.sqlite3');
    const total = 20_000;
    const batch = 100;
    writeLegacyFile(file, {
      users: [{ id: 1, email: 'killed@example.com', hashed_password: 'x' }],
      bots: [
        {
          id: 1,
          user_id: 1,
          name: 'k',
          exchange: 'binance',
          symbol: 'BTC/USDT',
          strategy: 'sma-cross',
        },
      ],
    });
    appendTrades(file, 1, 1, total);
    const child = startImport(env, [file, '--apply', '--batch-size', String(batch)]);
    const exited = finished(child);
    await waitFor(
      'the first trade batches to commit',
      async () => (await tradesOf('killed@example.com')) > 0,
      {
        timeoutMs: 60_000,
        intervalMs: 10,
      },
    );
    child.kill('SIGKILL');
    const killed = await exited;
    outputs.push(killed.stdout, killed.stderr);
    expect(killed.code).toBeNull(); // killed, not finished
    // the server has let go of the killed session (a rolled-back batch leaves nothing)
    await waitFor(
      'the killed session to end',
      async () => (await count('pg_stat_activity', `application_name = 'import-sqlite'`)) === 0,
    );
    const partial = await tradesOf('killed@example.com');
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);
    expect(partial % batch).toBe(0);
    expect(await count('orders o JOIN trades t ON t.order_id = o.id', 'true')).toBe(
      await count('orders'),
    );

    const rerun = await importHere(file, { apply: true });
    expect(rerun).toMatch(
      new RegExp(`trades\\s+${total}\\s+${total - partial}\\s+${partial}\\s+0`),
    );
    expect(await tradesOf('killed@example.com')).toBe(total);
    expect(await count('users', `email = 'killed@example.com'`)).toBe(1);
    expect(
      await count('bots b JOIN users u ON u.id = b.user_id', `u.email = 'killed@example.com'`),
    ).toBe(1);
    expect(await count('orders')).toBe(await count('trades'));
  }, 120_000);
});
