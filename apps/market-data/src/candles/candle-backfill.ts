import { Logger } from '@nestjs/common';
import {
  type CandleBackfillQuery,
  type CandleBackfillReply,
  candleOpenAt,
  candlesSpanned,
  messageOf,
} from '@platform/contracts';
import {
  defaultSafetyMarginMs,
  type Lease,
  LeaseKeeper,
  LeaseLostError,
  type LeaseManager,
  LeaseNames,
} from '@platform/distributed-lock';
import { type Candle, exchangeDescriptor } from '@platform/exchange';
import type { CandleKey, CandleStore } from '@platform/persistence';
import type { ExchangeClients } from '../feeds/exchange-clients';

export interface BackfillSettings {
  /** TTL of a market's backfill lease (renewed while the backfill runs). */
  leaseTtlMs: number;
  /** How long a request waits for another replica's backfill of the same market. */
  waitMs: number;
  /** How often a waiting request tries the lease again. */
  retryMs: number;
}

/**
 * A backfill lease lives 10 s, renewed every few seconds while pages come; a replica that dies
 * mid-way frees its market after that. A request waits up to 10 minutes for another replica's
 * backfill of its market (a year of 1m candles takes a few minutes within the weight budget).
 */
export const CANDLE_BACKFILL_SETTINGS: BackfillSettings = {
  leaseTtlMs: 10_000,
  waitMs: 10 * 60_000,
  retryMs: 250,
};

/** A market's backfill lease: `candles:<exchange>:<symbol>:<timeframe>`. */
const backfillLeases = new LeaseNames('candles');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Brings closed candles into the candle store (docs/architecture.md, "Candle history"): finds
 * the missing ranges, reads only those from the exchange, page after page as large as the
 * exchange allows (through the cluster-wide weight budget), and saves each page as it comes,
 * so a backfill cut short keeps what it read. One replica at a time per market: the backfill
 * holds the market's lease, and a request that finds it held waits until it is free, then
 * looks at the store again (usually nothing is missing by then). So two replicas never read
 * the same range twice.
 *
 * Never the candle open now: a candle is stored only once the exchange has shown a later one
 * (each page asks one slot more than it needs), and the store itself refuses a candle that
 * has not closed by this clock.
 */
export class CandleBackfill {
  private readonly logger = new Logger(CandleBackfill.name);
  private readonly keeper: LeaseKeeper;

  constructor(
    private readonly store: CandleStore,
    private readonly clients: ExchangeClients,
    private readonly leases: LeaseManager,
    private readonly settings: BackfillSettings,
  ) {
    // a lease the keeper loses is ended: the page loop sees it (lease.isValid) and stops
    this.keeper = new LeaseKeeper(leases, () => undefined, {
      safetyMarginMs: defaultSafetyMarginMs(settings.leaseTtlMs),
    });
  }

  start(): void {
    this.keeper.start();
  }

  stop(): void {
    this.keeper.stop();
  }

  async backfill(query: CandleBackfillQuery, now = Date.now()): Promise<CandleBackfillReply> {
    const { exchangeId, symbol, timeframe, from } = query;
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(query.to) && from >= 0))
      throw new Error(`candle range [${from}, ${query.to}) is not two times in ms`);
    const key: CandleKey = { exchangeId, symbol, timeframe };
    exchangeDescriptor(exchangeId); // an exchange we do not know fails here, before any lease
    // the candle open now (and any later one) is not history yet
    const to = Math.min(query.to, candleOpenAt(timeframe, now));
    const reply: CandleBackfillReply = {
      ...key,
      from,
      to,
      fetched: 0,
      stored: 0,
      requests: 0,
      missing: [],
    };
    if (!(to > from)) return reply;
    if ((await this.store.missingRanges(key, from, to, now)).length === 0) return reply;
    const deadline = Date.now() + this.settings.waitMs;
    for (;;) {
      const lease = await this.lease(key, deadline);
      try {
        // what another replica stored while this one waited is not read again
        for (const [start, end] of await this.store.missingRanges(key, from, to, now))
          await this.fetchRange(key, start, end, lease, reply);
        break;
      } catch (error) {
        // a lease that lapsed (a stalled process): take it again, go on with what is missing
        if (!(error instanceof LeaseLostError)) throw error;
        this.logger.warn(error.message);
      } finally {
        this.keeper.remove(lease.resource);
        await this.leases.release(lease).catch(() => undefined);
      }
    }
    reply.missing = await this.store.missingRanges(key, from, to, now);
    return reply;
  }

  /** The market's lease: at once, or after the replica backfilling it now lets go. */
  private async lease(
    { exchangeId, symbol, timeframe }: CandleKey,
    deadline: number,
  ): Promise<Lease> {
    const resource = backfillLeases.of(`${exchangeId}:${symbol}:${timeframe}`);
    for (;;) {
      const lease = await this.leases.tryAcquire(resource, this.settings.leaseTtlMs);
      if (lease) {
        this.keeper.add(lease);
        return lease;
      }
      if (Date.now() >= deadline)
        throw new Error(
          `candles of ${exchangeId} ${symbol} ${timeframe} are being backfilled elsewhere for over ${this.settings.waitMs} ms`,
        );
      await sleep(this.settings.retryMs);
    }
  }

  /**
   * Candles opening in [start, end), pages forward from `start`. Each page asks for one slot
   * past what it needs: a candle is known closed once a later one came, so each page's last
   * candle is read again as the next page's first. The exchange's last candle (a short page)
   * is its open one: not stored.
   */
  private async fetchRange(
    key: CandleKey,
    start: number,
    end: number,
    lease: Lease,
    reply: CandleBackfillReply,
  ): Promise<void> {
    const client = this.clients.get(key.exchangeId);
    const perRequest = exchangeDescriptor(key.exchangeId).candlesPerRequest;
    let since = start;
    while (since < end) {
      if (!lease.isValid())
        throw new LeaseLostError(lease.resource, 'it lapsed while the backfill ran');
      const limit = Math.min(perRequest, candlesSpanned(since, end, key.timeframe) + 1);
      const page: Candle[] = await client.fetchCandles(key.symbol, key.timeframe, limit, since);
      reply.requests += 1;
      const closed = page.slice(0, -1).filter(([open]) => open >= since && open < end);
      if (closed.length > 0) {
        reply.fetched += closed.length;
        reply.stored += await this.store.save(key, closed);
      }
      const last = page.at(-1);
      if (!last || page.length < limit || last[0] >= end || last[0] <= since) break;
      since = last[0];
    }
  }

  /** Logs a failed background backfill (top-ups): the next one tries again. */
  warn(what: string, error: unknown): void {
    this.logger.warn(`${what} failed: ${messageOf(error)}`);
  }
}
