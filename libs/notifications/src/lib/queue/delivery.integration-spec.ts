import { seedBotEvent, SmtpSink, TelegramStub, waitFor, WebhookReceiver } from '@platform/testing';
import { NotificationBed } from '../../test-support/notification-bed';
import { ChannelRateLimit } from './channel-rate-limit';
import { deliveryJobId } from './notification-queue';
import { createRedis, closeRedis } from '@platform/redis';

const SECRET = 'whsec_integration_secret_1234567890';
const BOT_TOKEN = '123456789:AAEhBP0av28vX2M9kYf3_bot-token-xyz';

// Outbox -> BullMQ -> channels, against a real Postgres and redis-server, with local receivers
// that answer like the real targets.
describe('notification delivery', () => {
  let bed: NotificationBed;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    bed = await NotificationBed.start();
    receiver = await WebhookReceiver.start(SECRET);
  });

  afterAll(async () => {
    await receiver?.stop();
    await bed?.close();
  });

  afterEach(() => bed.stopWorkers());

  it('delivers each fill exactly once with two workers competing, and a redispatch and re-added jobs send nothing more', async () => {
    const user = await bed.user();
    const bot = await bed.bot(user.id);
    await bed.setPreferences(bot.id, { fills: true });
    const channel = await bed.channel(user.id, 'webhook', { url: receiver.url }, SECRET);
    const trades: string[] = [];
    for (let i = 0; i < 30; i++) trades.push(await bed.fill(bot.id));

    const results: string[] = [];
    const onDelivery = (result: string) => results.push(result);
    const [a] = await Promise.all([
      bed.startWorkers({}, { onDelivery }),
      bed.startWorkers({}, { onDelivery }),
    ]);
    const keys = trades.map((id) => `fill:${id}`);
    await waitFor('30 fills at the receiver', () =>
      keys.every((key) => receiver.accepted().some((r) => r.id === key)),
    );

    // a redispatch of every event (as after a crash between queueing and committing) ...
    await bed.sql.query(`UPDATE notification_events SET dispatched_at = NULL`);
    await waitFor('redispatched', async () => {
      const [row] = await bed.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification_events WHERE dispatched_at IS NULL`,
      );
      return row.n === 0;
    });
    // ... the same jobs added again (deduplicated by id), and as new jobs (as after their
    // removal from Redis): the delivery rows say they were delivered
    await a.deliveries.addBulk(
      trades.map((id) => ({
        name: 'deliver',
        data: { eventId: '0', channelId: channel },
        opts: { jobId: deliveryJobId({ eventKey: `fill:${id}`, channelId: channel }) },
      })),
    );
    const ids = await bed.sql.query<{ id: string }>(
      `SELECT id::text FROM notification_events ORDER BY id`,
    );
    await a.deliveries.addBulk(
      ids.map(({ id }) => ({ name: 'deliver', data: { eventId: id, channelId: channel } })),
    );
    await waitFor(
      'the re-added jobs done',
      () => results.filter((r) => r === 'done').length === 30,
    );

    const perKey = new Map<string, number>();
    for (const r of receiver.accepted()) perKey.set(r.id, (perKey.get(r.id) ?? 0) + 1);
    expect(keys.map((key) => perKey.get(key))).toEqual(keys.map(() => 1));
    expect(receiver.accepted().every((r) => r.verified && r.event === 'fill')).toBe(true);
    expect(results.filter((r) => r === 'delivered')).toHaveLength(30);
    const delivered = receiver.accepted().find((r) => r.id === keys[0])!;
    expect(delivered.body).toMatchObject({
      id: keys[0],
      type: 'fill',
      subject: expect.stringContaining('buy 0.1'),
      data: { tradeId: trades[0], side: 'buy', price: '30000', amount: '0.1', botId: bot.id },
    });
  });

  it('retries with backoff after a 500 and then delivers; the channel is healthy again', async () => {
    const user = await bed.user();
    const bot = await bed.bot(user.id);
    await bed.setPreferences(bot.id, { fills: true });
    const channel = await bed.channel(user.id, 'webhook', { url: receiver.url }, SECRET);
    const trade = await bed.fill(bot.id);
    const key = `fill:${trade}`;
    receiver.answer = (id, nth) => (id === key && nth === 0 ? 500 : 200);
    await bed.startWorkers();

    await waitFor(
      'the retried delivery',
      async () => (await bed.delivery(key))?.status === 'delivered',
    );
    expect(receiver.requests.filter((r) => r.id === key).map((r) => r.status)).toEqual([500, 200]);
    expect(await bed.delivery(key)).toMatchObject({ status: 'delivered', attempts: 2 });
    // the channel's health is written just after the delivery's status
    await waitFor(
      'the channel healthy again',
      async () => (await bed.channels.loadDeliverable(channel))?.consecutiveFailures === 0,
    );
    const record = await bed.channels.loadDeliverable(channel);
    expect(record).toMatchObject({ consecutiveFailures: 0, failingSince: null });
    expect(record?.lastError).toBe('the webhook answered HTTP 500');
    receiver.answer = () => 200;
  });

  it('a job that runs before its dispatcher commits waits, spending no attempt', async () => {
    const user = await bed.user();
    const bot = await bed.bot(user.id);
    await bed.setPreferences(bot.id, { fills: true });
    const channel = await bed.channel(user.id, 'webhook', { url: receiver.url }, SECRET);
    // one attempt only, and the dispatcher's next pass a while away
    const workers = await bed.startWorkers({
      NOTIFY_MAX_ATTEMPTS: '1',
      NOTIFY_DISPATCH_INTERVAL_MS: '1500',
    });
    const trade = await bed.fill(bot.id);
    const key = `fill:${trade}`;
    const [event] = await bed.sql.query<{ id: string }>(
      `SELECT id::text FROM notification_events WHERE event_key = $1`,
      [key],
    );
    // the job as a dispatcher adds it, before the event is marked dispatched
    await workers.deliveries.add(
      'deliver',
      { eventId: event.id, channelId: channel },
      { jobId: deliveryJobId({ eventKey: key, channelId: channel }) },
    );
    await waitFor('the delivery', async () => (await bed.delivery(key))?.status === 'delivered');
    expect(await bed.delivery(key)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.accepted().filter((r) => r.id === key)).toHaveLength(1);
  });

  it('marks a channel failing at once on a 401, and after N consecutive failures otherwise', async () => {
    const user = await bed.user();
    const bot = await bed.bot(user.id);
    await bed.setPreferences(bot.id, { fills: true });
    const refused = await bed.channel(
      user.id,
      'webhook',
      { url: receiver.url },
      'not-the-secret-of-receiver',
    );
    const down = await bed.channel(user.id, 'webhook', { url: 'http://127.0.0.1:9/down' }, SECRET);
    const trade = await bed.fill(bot.id);
    await bed.startWorkers({ NOTIFY_FAIL_AFTER: '3', NOTIFY_MAX_ATTEMPTS: '3' });

    await waitFor('both given up', async () => {
      const rows = await bed.sql.query<{ status: string }>(
        `SELECT status FROM notification_deliveries WHERE status = 'failed'`,
      );
      return rows.length === 2;
    });
    const unauthorized = await bed.channels.loadDeliverable(refused);
    expect(unauthorized).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'the webhook answered HTTP 401',
      failingSince: expect.any(Date),
    });
    const unreachable = await bed.channels.loadDeliverable(down);
    expect(unreachable).toMatchObject({
      consecutiveFailures: 3,
      lastError: expect.stringContaining('could not connect'),
      failingSince: expect.any(Date),
    });
    expect(receiver.accepted().some((r) => r.id === `fill:${trade}`)).toBe(false);
  });

  it('a preference that is off writes no event and sends nothing', async () => {
    const user = await bed.user();
    const quiet = await bed.bot(user.id);
    const loud = await bed.bot(user.id);
    await bed.setPreferences(quiet.id, { fills: false });
    await bed.setPreferences(loud.id, { fills: true });
    await bed.channel(user.id, 'webhook', { url: receiver.url }, SECRET);
    const silent = await bed.fill(quiet.id);
    const heard = await bed.fill(loud.id);
    // a stop on an error is on by default; a retried error is not announced
    await seedBotEvent(bed.sql, quiet.id, {
      type: 'bot.error',
      message: 'boom',
      data: { kind: 'x', retrying: true },
    });
    await bed.startWorkers();

    await waitFor('the loud fill', () => receiver.accepted().some((r) => r.id === `fill:${heard}`));
    const events = await bed.sql.query<{ event_key: string }>(
      `SELECT event_key FROM notification_events WHERE bot_id = $1`,
      [quiet.id],
    );
    expect(events).toEqual([]);
    expect(receiver.requests.some((r) => r.id === `fill:${silent}`)).toBe(false);
  });

  it('writes error stops, handovers and risk stops in the transactions that record them', async () => {
    const user = await bed.user();
    const bot = await bed.bot(user.id);
    await bed.channel(user.id, 'webhook', { url: receiver.url }, SECRET);
    const error = await seedBotEvent(bed.sql, bot.id, {
      type: 'bot.error',
      message: 'the exchange refused the API key',
      data: { kind: 'auth' },
    });
    await seedBotEvent(bed.sql, bot.id, {
      type: 'bot.claimed',
      data: { workerId: 'w1', host: 'a' },
    });
    await seedBotEvent(bed.sql, bot.id, {
      type: 'bot.claimed',
      data: { workerId: 'w1', host: 'a' },
    });
    const moved = await seedBotEvent(bed.sql, bot.id, {
      type: 'bot.claimed',
      data: { workerId: 'w2', host: 'b' },
    });
    const [order] = await bed.sql.query<{ id: string }>(
      `INSERT INTO orders (bot_id, client_order_id, fence_token, exchange_id, symbol, mode, side,
         type, amount, status, signal)
       VALUES ($1, 'risk-1', 1, 'binance', 'BTC/USDT', 'paper', 'sell', 'market', 0.1, 'intent',
         'stop-loss') RETURNING id`,
      [bot.id],
    );
    await bed.sql.query(
      `UPDATE orders SET status = 'filled', filled = 0.1, average_price = 29000 WHERE id = $1`,
      [order.id],
    );
    // a rolled-back transaction announces nothing
    await bed.sql
      .transaction(async (tx) => {
        await seedBotEvent(tx, bot.id, { type: 'bot.error', message: 'never', data: {} });
        throw new Error('rolled back');
      })
      .catch(() => undefined);

    const rows = await bed.sql.query<{
      event_key: string;
      kind: string;
      payload: Record<string, unknown>;
    }>(`SELECT event_key, kind, payload FROM notification_events WHERE bot_id = $1 ORDER BY id`, [
      bot.id,
    ]);
    expect(rows).toEqual([
      {
        event_key: `error:${error.id}`,
        kind: 'error',
        payload: expect.objectContaining({
          reason: 'the exchange refused the API key',
          errorKind: 'auth',
        }),
      },
      {
        event_key: `handover:${moved.id}`,
        kind: 'handover',
        payload: expect.objectContaining({ how: 'failover', fromHost: 'a', toHost: 'b' }),
      },
      {
        event_key: `risk:${order.id}`,
        kind: 'risk_stop',
        payload: expect.objectContaining({ trigger: 'stop-loss', averagePrice: '29000' }),
      },
    ]);
    await bed.startWorkers();
    await waitFor('three messages', () =>
      rows.every((row) => receiver.accepted().some((r) => r.id === row.event_key)),
    );
  });

  it('Telegram: sendMessage with the chat and token; a 429 waits retry_after, then delivers', async () => {
    const telegram = await TelegramStub.start();
    try {
      const user = await bed.user();
      const bot = await bed.bot(user.id);
      await bed.setPreferences(bot.id, { fills: true });
      await bed.channel(user.id, 'telegram', { chatId: '4242' }, BOT_TOKEN);
      telegram.answer = (_, nth) =>
        nth === 0
          ? {
              status: 429,
              body: {
                ok: false,
                error_code: 429,
                description: 'Too Many Requests: retry after 1',
                parameters: { retry_after: 1 },
              },
            }
          : null;
      const trade = await bed.fill(bot.id);
      await bed.startWorkers({ NOTIFY_TELEGRAM_API_URL: telegram.url });
      await waitFor(
        'the message after the 429',
        async () => (await bed.delivery(`fill:${trade}`))?.status === 'delivered',
      );
      expect(telegram.requests.map((r) => r.answeredWith)).toEqual([429, 200]);
      expect(telegram.delivered()[0]).toMatchObject({ token: BOT_TOKEN, chatId: '4242' });
      expect(telegram.delivered()[0].text).toContain('buy 0.1');
      expect(await bed.delivery(`fill:${trade}`)).toMatchObject({ attempts: 2 });
    } finally {
      await telegram.stop();
    }
  });

  it('e-mail over SMTP, and a daily summary once per user and day', async () => {
    const smtp = await SmtpSink.start();
    try {
      const user = await bed.user();
      const bot = await bed.bot(user.id);
      await bed.setPreferences(bot.id, { errors: false });
      await bed.fill(bot.id);
      await bed.channel(user.id, 'email', { address: 'trader@example.com' }, null);
      const workers = await bed.startWorkers({
        NOTIFY_SMTP_HOST: '127.0.0.1',
        NOTIFY_SMTP_PORT: String(smtp.port),
        NOTIFY_SMTP_FROM: 'bots@example.com',
      });
      const day = new Date().toISOString().slice(0, 10);
      expect(await workers.outbox.writeDailySummaries(day)).toBeGreaterThanOrEqual(1);
      expect(await workers.outbox.writeDailySummaries(day)).toBe(0);
      await waitFor('the summary e-mail', () =>
        smtp.mails.some((m) => m.to.includes('trader@example.com')),
      );
      const mail = smtp.mails.find((m) => m.to.includes('trader@example.com'))!;
      expect(mail.from).toBe('bots@example.com');
      expect(mail.raw).toContain(`Subject: Daily summary ${day}`);
      const text = mail.raw.replace(/=\r?\n/g, ''); // quoted-printable soft line breaks
      expect(text).toContain(`${bot.name} (BTC/USDT, paper, running): 1 trades`);
    } finally {
      await smtp.stop();
    }
  });

  it('limits each channel to one message per interval across processes', async () => {
    const [one, two] = [
      createRedis(bed.redis.url, 'command'),
      createRedis(bed.redis.url, 'command'),
    ];
    try {
      const a = new ChannelRateLimit(one, 60_000, 'rl-test');
      const b = new ChannelRateLimit(two, 60_000, 'rl-test');
      expect(await a.reserve('chat-1')).toBe(0);
      expect(await b.reserve('chat-1')).toBeGreaterThan(59_000);
      expect(await b.reserve('chat-2')).toBe(0);
    } finally {
      await Promise.all([closeRedis(one), closeRedis(two)]);
    }
  });
});
