import { type ApiClient, seedAccount, seedPosition } from '@platform/testing';
import type { Client } from 'pg';
import { createBot, dcaBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { signUpAndSignIn } from '../test-support/users';

// The risk stops through the API (docs/risk.md): their settings checked at their field, the
// account conflict guard (409 naming the other bot, race-safe), the user's own limits.
describe('risk stops through the API', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
  });

  afterAll(() => bed?.close());

  /** A user on a plan with room for many running bots, and a verified live account. */
  const liveTrader = async (email: string) => {
    const { token, id } = await signUpAndSignIn(api, email);
    await sql.query(
      `UPDATE subscriptions SET plan = 'pro', max_running_bots = 20, max_bots = 50 WHERE user_id = $1`,
      [id],
    );
    const account = await seedAccount(sql, id, { verified: true });
    const live = (name: string, extra: Record<string, unknown> = {}) =>
      createBot(
        api,
        token,
        smaCrossBot(name, { mode: 'live', exchangeAccountId: account.id, ...extra }),
      );
    return { token, id, accountId: account.id, live };
  };

  it('400 naming each bad risk setting and why', async () => {
    const token = await api.signIn('risk-fields@example.com');
    const answer = await api.post('/bots', {
      token,
      body: {
        ...dcaBot('bad'),
        params: {
          quotePerBuy: 10,
          intervalSeconds: 60,
          takeProfitPct: 5,
          risk: {
            trailingStopPct: 100,
            maxDailyLossQuote: -5,
            maxDrawdownPct: 'ten',
            cooldownAfterLossMinutes: 0.5,
          },
        },
        allowSharedAccount: 'yes',
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'params.risk.trailingStopPct',
          message: 'must be greater than 0 and less than 100',
        },
        { field: 'params.risk.maxDailyLossQuote', message: 'must be a positive number' },
        { field: 'params.risk.maxDrawdownPct', message: 'must be a number' },
        { field: 'params.risk.cooldownAfterLossMinutes', message: 'must be a whole number' },
        { field: 'allowSharedAccount', message: 'must be true or false' },
      ]),
    );
    expect(answer.body.errors).toHaveLength(5);

    const activation = await api.post('/bots', {
      token,
      body: smaCrossBot('activation', { params: { risk: { trailingActivationPct: 2 } } }),
    });
    expect(activation.status).toBe(400);
    expect(activation.body.errors).toEqual([
      {
        field: 'params.risk.trailingActivationPct',
        message: 'needs trailingStopPct: it says when the trailing stop arms',
      },
    ]);
  });

  it('a live bot with a drawdown stop names its capital; the stored params keep every stop', async () => {
    const trader = await liveTrader('risk-capital@example.com');
    const refused = await api.post('/bots', {
      token: trader.token,
      body: smaCrossBot('dd', {
        mode: 'live',
        exchangeAccountId: trader.accountId,
        params: { risk: { maxDrawdownPct: 20 } },
      }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'params.risk.capitalQuote',
        message:
          'is required with maxDrawdownPct on a live bot: the quote amount its drawdown is measured on',
      },
    ]);
    const risk = {
      trailingStopPct: 3,
      trailingActivationPct: 1,
      maxDailyLossQuote: 50,
      maxDrawdownPct: 20,
      capitalQuote: 1000,
      cooldownAfterLossMinutes: 30,
    };
    const id = await trader.live('dd', { params: { risk } });
    const bot = await api.get(`/bots/${id}`, { token: trader.token });
    expect(bot.body.params.risk).toEqual({ stakeQuote: 100, maxOpenOrders: 20, ...risk });
    expect(bot.body.allowSharedAccount).toBe(false);
  });

  it('409 account_in_use for a second live bot on the same account and symbol, naming the first', async () => {
    const trader = await liveTrader('risk-conflict@example.com');
    const first = await trader.live('first');
    const second = await trader.live('second');
    const otherSymbol = await trader.live('eth', { symbol: 'ETH/USDT' });
    const start = (id: string) => api.post(`/bots/${id}/start`, { token: trader.token });
    expect((await start(first)).status).toBe(200);

    const refused = await start(second);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'account_in_use',
      message: expect.stringContaining(`your bot "first" (${first}) already runs`),
    });
    expect((await api.get(`/bots/${second}`, { token: trader.token })).body.desiredState).toBe(
      'stopped',
    );
    expect((await start(otherSymbol)).status).toBe(200); // another symbol: no conflict

    // paper bots have their own ledger: never in conflict
    const paper = [
      await createBot(api, trader.token, smaCrossBot('paper-1')),
      await createBot(api, trader.token, smaCrossBot('paper-2')),
    ];
    for (const id of paper) expect((await start(id)).status).toBe(200);

    // the explicit choice, stored on the bot (only while it is stopped)
    const chosen = await api.patch(`/bots/${second}`, {
      token: trader.token,
      body: { allowSharedAccount: true },
    });
    expect(chosen.body.allowSharedAccount).toBe(true);
    expect((await start(second)).status).toBe(200);
    const whileRunning = await api.patch(`/bots/${second}`, {
      token: trader.token,
      body: { allowSharedAccount: false },
    });
    expect(whileRunning.status).toBe(409);

    // a stopped first bot frees the account for a bot without the choice
    await api.post(`/bots/${first}/stop`, { token: trader.token });
    await api.post(`/bots/${second}/stop`, { token: trader.token });
    const third = await trader.live('third');
    expect((await start(third)).status).toBe(200);
  });

  it('concurrent starts of two bots on one account and symbol: exactly one runs', async () => {
    const trader = await liveTrader('risk-race@example.com');
    for (let round = 0; round < 5; round++) {
      const ids = [await trader.live(`race-${round}-a`), await trader.live(`race-${round}-b`)];
      const answers = await Promise.all(
        ids.map((id) => api.post(`/bots/${id}/start`, { token: trader.token })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n FROM bots WHERE exchange_account_id = $1 AND desired_state = 'running'`,
        [trader.accountId],
      );
      expect(rows[0].n).toBe(1);
      for (const id of ids) await api.post(`/bots/${id}/stop`, { token: trader.token });
    }
  });

  it('a start measures the drawdown stop afresh: the high it stopped at is forgotten', async () => {
    const token = await api.signIn('risk-restart@example.com');
    const id = await createBot(api, token, smaCrossBot('dd-restart'));
    await seedPosition(sql, id, { baseAmount: '0', averageEntry: null, realizedPnl: '-200' });
    await sql.query(`UPDATE bot_positions SET peak_equity = 12000 WHERE bot_id = $1`, [id]);
    expect((await api.post(`/bots/${id}/start`, { token })).status).toBe(200);
    const { rows } = await sql.query(`SELECT peak_equity FROM bot_positions WHERE bot_id = $1`, [
      id,
    ]);
    expect(rows[0].peak_equity).toBeNull();
  });

  describe('the user’s own limits: /risk-limits', () => {
    it('none until set; set, read back, cleared; 400 at the field for bad values', async () => {
      const token = await api.signIn('risk-user@example.com');
      expect((await api.get('/risk-limits', { token })).body).toEqual({
        maxDailyLossQuote: null,
        updatedAt: null,
      });
      const set = await api.put('/risk-limits', { token, body: { maxDailyLossQuote: 250.5 } });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ maxDailyLossQuote: 250.5, updatedAt: expect.any(String) });
      expect((await api.get('/risk-limits', { token })).body.maxDailyLossQuote).toBe(250.5);
      for (const [body, field, message] of [
        [{ maxDailyLossQuote: 0 }, 'maxDailyLossQuote', 'must be a positive number or null'],
        [{ maxDailyLossQuote: '10' }, 'maxDailyLossQuote', 'must be a positive number or null'],
        [{}, 'maxDailyLossQuote', 'is required'],
        [{ maxDailyLossQuote: 1, other: 1 }, 'other', expect.any(String)],
      ] as const) {
        const refused = await api.put('/risk-limits', { token, body });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([{ field, message }]);
      }
      const cleared = await api.put('/risk-limits', { token, body: { maxDailyLossQuote: null } });
      expect(cleared.body.maxDailyLossQuote).toBeNull();
    });

    it('each user reads and sets only their own', async () => {
      const a = await signUpAndSignIn(api, 'risk-tenant-a@example.com');
      const b = await signUpAndSignIn(api, 'risk-tenant-b@example.com');
      await api.put('/risk-limits', { token: a.token, body: { maxDailyLossQuote: 100 } });
      expect((await api.get('/risk-limits', { token: b.token })).body.maxDailyLossQuote).toBeNull();
      await api.put('/risk-limits', { token: b.token, body: { maxDailyLossQuote: 7 } });
      const { rows } = await sql.query(
        `SELECT user_id, max_daily_loss_quote::float8 AS lim FROM user_risk_limits
          WHERE user_id = ANY($1) ORDER BY lim`,
        [[a.id, b.id]],
      );
      expect(rows).toEqual([
        { user_id: b.id, lim: 7 },
        { user_id: a.id, lim: 100 },
      ]);
      expect((await api.get('/risk-limits', {})).status).toBe(401);
      expect((await api.put('/risk-limits', { body: { maxDailyLossQuote: 1 } })).status).toBe(401);
    });
  });
});
