// Notifications through the real pipeline: fills written to Postgres (the outbox triggers),
// two NotificationWorkers instances (dispatcher + BullMQ worker each, as two bot-worker
// replicas) on one redis-server, and a local webhook receiver that verifies each signature.
// Figures: messages per second from the first fill to the last message received, and latency
// from the trade row's insert (Postgres' clock) to its arrival at the receiver. Per-channel
// spacing is off (NOTIFY_CHANNEL_INTERVAL_MS=0) so the pipeline, not the 1 s/chat limit, is
// what is measured. Prints one JSON line.
//   node tools/scripts/run-ts.mjs tools/bench/notifications.ts [--users 100] [--fills 10]
//        [--dispatch-ms 100] [--concurrency 10]
import { KeyRing } from '@platform/exchange';
import { NotificationWorkers, notifyEnv, sealChannelSecret } from '@platform/notifications';
import { createDataSource, NotificationChannelsStore, sqlOver } from '@platform/persistence';
import { loadEnv } from '@platform/service-kit';
import {
  newEncryptionKeys,
  seedBot,
  seedOrder,
  seedUser,
  WebhookReceiver,
} from '@platform/testing';
import { randomUUID } from 'node:crypto';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';

const SECRET = 'whsec_bench_secret_0123456789abcdef';
const log = progress('notifications');

runBench(async () => {
  const flags = parseFlags('node tools/scripts/run-ts.mjs tools/bench/notifications.ts', {
    users: 100,
    fills: 10,
    'dispatch-ms': 100,
    concurrency: 10,
  });
  const stores = await startStores();
  const receiver = await WebhookReceiver.start(SECRET);
  const dataSource = await createDataSource({ url: stores.db.url, poolSize: 10 }).initialize();
  const sql = sqlOver(dataSource);
  const keyRing = KeyRing.parse(newEncryptionKeys());
  const workers: NotificationWorkers[] = [];
  const pools: (typeof dataSource)[] = [];
  try {
    log(`seeding ${flags.users} users, each with a bot and a webhook channel`);
    const orders: string[] = [];
    const channels = new NotificationChannelsStore(sql);
    for (let u = 0; u < flags.users; u++) {
      const user = await seedUser(sql);
      const bot = await seedBot(sql, { user: user.id, state: 'running' });
      await sql.query(`INSERT INTO notification_preferences (bot_id, fills) VALUES ($1, true)`, [
        bot.id,
      ]);
      const id = randomUUID();
      await channels.insert({
        id,
        userId: user.id,
        kind: 'webhook',
        label: 'bench',
        target: { url: receiver.url },
        secret: sealChannelSecret(keyRing, id, SECRET),
      });
      orders.push((await seedOrder(sql, bot.id)).id);
    }
    const config = loadEnv(notifyEnv, {
      NOTIFY_DISPATCH_INTERVAL_MS: String(flags['dispatch-ms']),
      NOTIFY_CONCURRENCY: String(flags.concurrency),
      NOTIFY_CHANNEL_INTERVAL_MS: '0',
    });
    for (let i = 0; i < 2; i++) {
      const pool = await createDataSource({ url: stores.db.url, poolSize: 6 }).initialize();
      pools.push(pool);
      const w = new NotificationWorkers({
        sql: sqlOver(pool),
        redisUrl: stores.redis.url,
        config,
        keyRing,
      });
      await w.start();
      workers.push(w);
    }
    const total = flags.users * flags.fills;
    log(`writing ${total} fills`);
    const started = Date.now();
    for (let f = 0; f < flags.fills; f++)
      await Promise.all(
        orders.map((order, i) =>
          sql.query(
            `INSERT INTO trades (order_id, bot_id, exchange_trade_id, side, price, amount, executed_at)
             SELECT id, bot_id, $2, 'buy', 30000, 0.1, now() FROM orders WHERE id = $1`,
            [order, `bench-${f}-${i}`],
          ),
        ),
      );
    while (receiver.accepted().length < total) {
      if (Date.now() - started > 300_000) throw new Error('not all messages arrived in 300 s');
      await sleep(50);
    }
    const seconds = (Math.max(...receiver.accepted().map((r) => r.receivedAt)) - started) / 1000;
    const created = new Map(
      (
        await sql.query<{ event_key: string; ms: string }>(
          `SELECT event_key, (extract(epoch FROM created_at) * 1000)::text AS ms FROM notification_events`,
        )
      ).map((row) => [row.event_key, Number(row.ms)]),
    );
    const latencies = receiver.accepted().map((r) => r.receivedAt - (created.get(r.id) ?? NaN));
    const ids = new Set(receiver.accepted().map((r) => r.id));
    printFigures({
      bench: 'notifications',
      messages: total,
      workers: 2,
      distinctReceived: ids.size,
      duplicates: receiver.accepted().length - ids.size,
      unverified: receiver.requests.filter((r) => !r.verified).length,
      messagesPerSecond: Math.round(total / seconds),
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
      },
      dispatchIntervalMs: flags['dispatch-ms'],
      concurrencyPerWorker: flags.concurrency,
    });
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all([dataSource, ...pools].map((pool) => pool.destroy()));
    await receiver.stop();
    await stores.stop();
  }
});
