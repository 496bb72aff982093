// Fan-in of market data: 10,000 bots over 20 symbols read shared snapshots that one
// market-data process keeps, versus a naive design where each bot polls the exchange itself.
// Upstream requests are counted at the simulator. Freshness (a price change at the simulator
// until the snapshot with it is readable) and the REST ticker weight per minute are measured
// with the exchange's WebSocket streams (MARKET_STREAMS=on) and, as the baseline in the same
// run, with polling only (MARKET_STREAMS=off). Prints one JSON line.
//   npm run bench:fanin -- [--bots 10000] [--symbols 20] [--seconds 30]
//                          [--transport-seconds 5] [--naive-bots 300] [--naive-seconds 20]
import { Logger } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { MarketDataPatterns, type TickerReply } from '@platform/contracts';
import { CcxtExchangeClient, RateLimitedError, BannedError } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { createRedis } from '@platform/redis';
import { redisTransportOptions, request } from '@platform/service-kit';
import {
  freePort,
  httpGet,
  seedBots,
  seedUser,
  ServiceProcess,
  withPgClient,
} from '@platform/testing';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';
import { waitUntil } from './bench-wait';

const {
  bots: BOTS,
  symbols: SYMBOLS,
  seconds: SECONDS,
  transportSeconds: TRANSPORT_SECONDS,
  naiveBots: NAIVE_BOTS,
  naiveSeconds: NAIVE_SECONDS,
} = parseFlags('npm run bench:fanin --', {
  bots: 10_000,
  symbols: 20,
  seconds: 30,
  transportSeconds: 5,
  naiveBots: 300,
  naiveSeconds: 20,
});
const POLL_MS = 1000;
const BUDGET = 3000;
const log = progress('fanin');
// Nest logs to stdout, which carries the figures only: the transport client keeps its errors.
Logger.overrideLogger(['error']);

async function main() {
  const [stores, sim] = await Promise.all([
    startStores(),
    ExchangeSimulator.start({
      port: 0,
      seed: 11,
      clockSpeed: 0,
      generatedSymbols: SYMBOLS,
      symbols: [],
      // the naive client may get itself banned: keep the bans as short as the figures before
      // the simulator learned Binance's 2 minutes to 3 days, so runs stay comparable
      banBaseMs: 2000,
      banMaxMs: 60_000,
    }),
  ]);
  const symbols = Object.keys(
    await new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url }).loadMarkets(),
  ).slice(0, SYMBOLS);
  const redisUrl = stores.redis.url;
  const store = new SnapshotStore(redisUrl);
  const redis = createRedis(redisUrl, 'command');
  const transport = ClientProxyFactory.create(redisTransportOptions(redisUrl));
  let marketData: ServiceProcess | undefined;
  try {
    await withPgClient(stores.db.url, async (sql) =>
      seedBots(sql, BOTS, {
        user: await seedUser(sql, { email: 'fanin@example.com' }),
        name: (n) => `b${n}`,
        symbol: (n) => symbols[n % symbols.length],
        strategy: 'sma-cross', // a real one: market-data sizes each feed's candles by it
        params: { fastPeriod: 5, slowPeriod: 20 },
        state: 'running',
      }),
    );

    /** Starts market-data in one mode; resolves once every symbol's snapshot is written by it. */
    const startMarketData = async (streams: boolean) => {
      const port = await freePort();
      const child = ServiceProcess.start('market-data', {
        ...stores.serviceEnv,
        MARKET_DATA_HTTP_PORT: String(port),
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        EXCHANGE_WEIGHT_BUDGETS: `binance=${BUDGET}`,
        POLL_INTERVAL_MS: String(POLL_MS),
        MARKET_STREAMS: streams ? 'on' : 'off',
      });
      marketData = child;
      const source = streams ? 'stream' : 'poll';
      await waitUntil(
        `every feed's snapshot (${source})`,
        async () => {
          const stats = (await httpGet(`http://127.0.0.1:${port}/stats`)).body as {
            feeds?: { source: string }[];
          };
          const feeds = stats.feeds ?? [];
          return feeds.length === symbols.length && feeds.every((f) => f.source === source);
        },
        { timeoutMs: 60_000, processes: [child] },
      );
      return child;
    };

    /**
     * One mode's freshness: a price change at the exchange until the snapshot with it is
     * readable, one symbol every two seconds, and the REST ticker weight spent meanwhile.
     */
    const measureMode = async (child: ServiceProcess, seconds: number) => {
      const freshness: number[] = [];
      let missed = 0;
      const since = Date.now();
      const tickerWeightBefore = tickerWeight();
      for (let i = 0; i < seconds / 2; i++) {
        const symbol = symbols[i % symbols.length];
        const price = Number(sim.price(symbol)) * (i % 2 ? 1.01 : 0.99);
        sim.setPrice(symbol, price);
        const changed = Date.now();
        const wanted = Number(sim.price(symbol)); // decimals come back without trailing zeros
        // a price market-data misses counts as missed, and the probe goes on
        const seen = await waitUntil(
          'the new price in the snapshot',
          async () => Number((await store.readTicker('binance', symbol))?.ticker.last) === wanted,
          { timeoutMs: 10_000, intervalMs: 5, processes: [child] },
        ).then(
          () => true,
          () => false,
        );
        if (seen) freshness.push(Date.now() - changed);
        else missed += 1;
        await sleep(2000 - ((Date.now() - changed) % 1000));
      }
      const minutes = (Date.now() - since) / 60_000;
      return {
        freshness,
        missed,
        tickerWeightPerMin: Math.round((tickerWeight() - tickerWeightBefore) / minutes),
      };
    };
    /** REST ticker weight the simulator has counted (cumulative: counts survive clearRequests). */
    let tickerWeightSpent = 0;
    const tickerWeight = () =>
      tickerWeightSpent +
      sim.requests({ path: '/api/v3/ticker/24hr' }).reduce((sum, r) => sum + (r.weight ?? 0), 0);
    const clearRequests = () => {
      tickerWeightSpent = tickerWeight();
      sim.clearRequests();
    };

    log(`${BOTS} bots over ${symbols.length} symbols; starting market-data (streams on)`);
    const streaming = await startMarketData(true);

    // Freshness with streams, while the bots read their snapshots.
    const streamed = measureMode(streaming, SECONDS);

    log(`platform phase: ${SECONDS} s of snapshot reads`);
    // The platform: BOTS readers, each reading its snapshot once per second.
    clearRequests();
    const started = Date.now();
    let reads = 0;
    let maxAgeMs = 0;
    const keys = Array.from(
      { length: BOTS },
      (_, i) => `md:ticker:binance:${symbols[i % symbols.length]}`,
    );
    while (Date.now() - started < SECONDS * 1000) {
      const second = Date.now();
      for (let i = 0; i < keys.length; i += 500) {
        const values = await redis.mget(keys.slice(i, i + 500));
        for (const value of values) {
          if (!value) continue;
          reads += 1;
          maxAgeMs = Math.max(
            maxAgeMs,
            Date.now() - (JSON.parse(value) as { fetchedAt: number }).fetchedAt,
          );
        }
      }
      await sleep(Math.max(0, 1000 - (Date.now() - second)));
    }
    const platformRequests = sim.requests({});
    const platformSeconds = (Date.now() - started) / 1000;
    const streamMode = await streamed;
    const byPath: Record<string, number> = {};
    for (const r of platformRequests) byPath[r.path] = (byPath[r.path] ?? 0) + 1;
    const usedWeightMax = sim.usedWeight();

    // Transport queries: ticker through market-data, 16 in flight (each bounded by its timeout).
    const transportMs: number[] = [];
    const until = Date.now() + TRANSPORT_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async (_, lane) => {
        while (Date.now() < until) {
          const t0 = performance.now();
          await request<TickerReply>(
            transport,
            MarketDataPatterns.GetTicker,
            { exchangeId: 'binance', symbol: symbols[lane % symbols.length] },
            5000,
          );
          transportMs.push(performance.now() - t0);
        }
      }),
    );

    log(`baseline: market-data polling only (MARKET_STREAMS=off), ${SECONDS} s`);
    await streaming.kill();
    const pollingOnly = await startMarketData(false);
    const pollMode = await measureMode(pollingOnly, SECONDS);
    await pollingOnly.kill();

    log('naive phase: every bot polls the exchange itself (sample)');
    // The naive design, sampled: a few hundred bots each polling its ticker once per second.
    clearRequests();
    sim.setRateLimits({}, true);
    // each naive bot is its own process with its own client (and its own market list)
    const sampleBots = NAIVE_BOTS;
    const sampleSeconds = NAIVE_SECONDS;
    let limited = 0;
    const naiveUntil = Date.now() + sampleSeconds * 1000;
    await Promise.all(
      Array.from({ length: sampleBots }, async (_, i) => {
        const naive = new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url });
        while (Date.now() < naiveUntil) {
          const t0 = Date.now();
          await naive.fetchTicker(symbols[i % symbols.length]).catch((e: unknown) => {
            if (e instanceof RateLimitedError || e instanceof BannedError) limited += 1;
          });
          await sleep(Math.max(0, 1000 - (Date.now() - t0)));
        }
      }),
    );
    const naiveRequests = sim.requests({});

    const upstream = platformRequests.length;
    const naiveTotal = Math.round(BOTS * platformSeconds); // one request per bot per second
    printFigures({
      bench: 'fanin',
      bots: BOTS,
      symbols: SYMBOLS,
      seconds: Number(platformSeconds.toFixed(1)),
      poll_interval_ms: POLL_MS,
      snapshot_reads: reads,
      max_snapshot_age_ms: maxAgeMs,
      upstream_requests: upstream,
      upstream_by_path: byPath,
      naive_requests: naiveTotal,
      ratio: Math.round(naiveTotal / Math.max(1, upstream)),
      http_429: platformRequests.filter((r) => r.status === 429).length,
      http_418: platformRequests.filter((r) => r.status === 418).length,
      used_weight_last_window: usedWeightMax,
      weight_budget: BUDGET,
      exchange_weight_limit: 6000,
      // with streams (the default); the polling baseline below, measured in the same run
      freshness_ms: {
        p50: percentile(streamMode.freshness, 50),
        p99: percentile(streamMode.freshness, 99),
        samples: streamMode.freshness.length,
        missed: streamMode.missed,
      },
      freshness_poll_ms: {
        p50: percentile(pollMode.freshness, 50),
        p99: percentile(pollMode.freshness, 99),
        samples: pollMode.freshness.length,
        missed: pollMode.missed,
      },
      freshness_p99_vs_poll: ratioOf(
        percentile(streamMode.freshness, 99),
        percentile(pollMode.freshness, 99),
      ),
      ticker_weight_per_min: {
        stream: streamMode.tickerWeightPerMin,
        poll: pollMode.tickerWeightPerMin,
      },
      transport_ticker_ms: {
        p50: percentile(transportMs, 50),
        p99: percentile(transportMs, 99),
        in_flight: 16,
        samples: transportMs.length,
      },
      naive_sample: {
        bots: sampleBots,
        seconds: sampleSeconds,
        requests: naiveRequests.length,
        http_429: naiveRequests.filter((r) => r.status === 429).length,
        http_418: naiveRequests.filter((r) => r.status === 418).length,
        rate_limited_errors: limited,
      },
    });
  } finally {
    await marketData?.kill();
    await transport.close();
    redis.disconnect();
    await store.close();
    await sim.stop();
    await stores.stop();
  }
}

/** a / b to two decimals, null without both. */
const ratioOf = (a: number | null, b: number | null) =>
  a === null || b === null || b === 0 ? null : Number((a / b).toFixed(2));

runBench(main);
