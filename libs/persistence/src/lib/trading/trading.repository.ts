import { QUOTE_OF_BOT } from '../equity/quote-of-bot';
import type { DataSource, EntityManager } from 'typeorm';
import type { Claim, FencedWriter } from '../fencing/fenced-writer';
import { sqlOver } from '../sql/typeorm-sql';
import { BotActionsRepository } from './bot-actions.repository';
import { insertOwnerEvent } from './bot-event';
import { clientOrderIdFor } from './client-order-id';
import {
  type BotSnapshot,
  emptyPosition,
  type FillRecord,
  type NewIntent,
  type OrderOutcome,
  type OrderRecord,
  type OrderVenue,
  type Position,
  type RiskMarks,
  type UserDailyLoss,
} from './trading.types';

type Row = Record<string, never>;

const toOrder = (r: Row): OrderRecord => ({
  id: r['id'],
  clientOrderId: r['client_order_id'],
  exchangeOrderId: r['exchange_order_id'],
  side: r['side'],
  type: r['type'],
  amount: r['amount'],
  price: r['price'],
  filled: r['filled'],
  averagePrice: r['average_price'],
  status: r['status'],
  signal: r['signal'],
  createdAt: r['created_at'],
});

const toPosition = (r: Row | undefined): Position =>
  r
    ? {
        base: r['base_amount'],
        averageEntry: r['average_entry'],
        realizedPnl: r['realized_pnl'],
        feesQuote: r['fees_quote'],
        tradesCount: Number(r['trades_count']),
        roundTripPnl: r['round_trip_pnl'],
        lastLossAt: r['last_loss_at'] === null ? null : (r['last_loss_at'] as Date).getTime(),
        pnlDay: r['pnl_day'],
        dayRealizedPnl: r['day_realized_pnl'],
        peakPrice: r['peak_price'],
        peakEquity: r['peak_equity'],
      }
    : emptyPosition();

// numerics as text (exact), the day as text (pg would make a local-midnight Date of it)
const POSITION_COLUMNS = `base_amount::text, average_entry::text, realized_pnl::text,
  fees_quote::text, trades_count, round_trip_pnl::text, last_loss_at, pnl_day::text,
  day_realized_pnl::text, peak_price::text, peak_equity::text`;

const ORDER_COLUMNS = `id, client_order_id, exchange_order_id, side, type, amount::text, price::text,
  filled::text, average_price::text, status, signal, created_at`;

/**
 * The trading engine's records, every write fenced by the owner's claim (docs/architecture.md rule 3): intents
 * before orders (rule 4), the exchange's answers, fills as trades with the position they move,
 * strategy state, errors and events. A superseded owner's write fails with
 * StaleFenceTokenError and changes nothing.
 */
export class TradingRepository {
  /** The users' manual actions (cancel orders, sell all), as the bot's owner carries them out. */
  readonly actions: BotActionsRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: FencedWriter,
  ) {
    this.actions = new BotActionsRepository(dataSource, writer);
  }

  /**
   * The bot as its new owner needs it, or null if it no longer exists. A deleted bot is still
   * loaded: it may have orders to settle (the supervisors only claim it for that).
   */
  async loadBot(botId: string): Promise<BotSnapshot | null> {
    const bots: Row[] = await this.dataSource.query(
      `SELECT b.id, b.user_id, b.exchange_id, b.symbol, b.timeframe, b.strategy, b.params, b.mode,
              b.exchange_account_id, b.cancel_orders_on_stop, b.last_error, a.verified_at IS NOT NULL AS account_verified,
              s.order_seq, s.strategy_state
         FROM bots b
         LEFT JOIN exchange_accounts a ON a.id = b.exchange_account_id
         LEFT JOIN bot_state s ON s.bot_id = b.id
        WHERE b.id = $1`,
      [botId],
    );
    const bot = bots[0];
    if (!bot) return null;
    const [positions, orders]: [Row[], Row[]] = await Promise.all([
      this.dataSource.query(`SELECT ${POSITION_COLUMNS} FROM bot_positions WHERE bot_id = $1`, [
        botId,
      ]),
      this.dataSource.query(
        `SELECT ${ORDER_COLUMNS} FROM orders
          WHERE bot_id = $1 AND status IN ('intent', 'unknown', 'open', 'partially_filled')
          ORDER BY created_at, id`,
        [botId],
      ),
    ]);
    const all = orders.map(toOrder);
    return {
      config: {
        id: bot['id'],
        userId: bot['user_id'],
        exchangeId: bot['exchange_id'],
        symbol: bot['symbol'],
        timeframe: bot['timeframe'],
        strategy: bot['strategy'],
        params: bot['params'],
        mode: bot['mode'],
        exchangeAccountId: bot['exchange_account_id'],
        accountVerified: bot['account_verified'],
        cancelOrdersOnStop: bot['cancel_orders_on_stop'],
      },
      orderSeq: String(bot['order_seq'] ?? '0'),
      strategyState: bot['strategy_state'] ?? null,
      position: toPosition(positions[0]),
      pending: all.filter((o) => o.status === 'intent' || o.status === 'unknown'),
      open: all.filter((o) => o.status === 'open' || o.status === 'partially_filled'),
      lastError: bot['last_error'] ?? null,
    };
  }

  /** The bot's orders with these client order ids (an exchange's list matched to ours). */
  async ordersByClientId(botId: string, clientOrderIds: string[]): Promise<OrderRecord[]> {
    if (clientOrderIds.length === 0) return [];
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE bot_id = $1 AND client_order_id = ANY($2)`,
      [botId, clientOrderIds],
    );
    return rows.map(toOrder);
  }

  /**
   * Writes an order intent with the bot's next deterministic client order id (and the strategy
   * state that led to it) before anything is sent to the exchange. `forAction`: the order
   * carries out that user action, which must still be pending (ActionNotPendingError).
   */
  writeIntent(
    claim: Claim,
    venue: OrderVenue,
    intent: NewIntent,
    strategyState: unknown,
    eventData: Record<string, unknown> = {},
    forAction?: string,
  ): Promise<OrderRecord> {
    return this.writer.write(claim, async (tx) => {
      if (forAction) await this.actions.lockPending(tx, claim.botId, forAction);
      const seq: Row[] = await tx.query(
        `INSERT INTO bot_state (bot_id, order_seq, strategy_state, updated_at)
         VALUES ($1, 1, $2, clock_timestamp())
         ON CONFLICT (bot_id) DO UPDATE SET order_seq = bot_state.order_seq + 1,
           strategy_state = EXCLUDED.strategy_state, updated_at = clock_timestamp()
         RETURNING order_seq`,
        [claim.botId, JSON.stringify(strategyState ?? null)],
      );
      const clientOrderId = clientOrderIdFor(claim.botId, String(seq[0]['order_seq']));
      const rows: Row[] = await tx.query(
        `INSERT INTO orders (bot_id, client_order_id, fence_token, exchange_id, symbol, mode,
           exchange_account_id, side, type, amount, price, status, signal, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'intent', $12, clock_timestamp(),
           clock_timestamp())
         RETURNING ${ORDER_COLUMNS}`,
        [
          claim.botId,
          clientOrderId,
          claim.fenceToken,
          venue.exchangeId,
          venue.symbol,
          venue.mode,
          venue.mode === 'live' ? venue.exchangeAccountId : null,
          intent.side,
          intent.type,
          intent.amount,
          intent.price,
          intent.signal,
        ],
      );
      const order = toOrder(rows[0]);
      if (forAction) await this.actions.linkOrder(tx, forAction, order.id);
      await this.eventIn(
        tx,
        claim,
        'order.intent',
        `${intent.side} ${intent.amount} ${venue.symbol}`,
        {
          orderId: order.id,
          clientOrderId,
          ...intent,
          ...eventData,
          ...(forAction ? { actionId: forAction } : {}),
        },
      );
      return order;
    });
  }

  /**
   * Records the exchange's answer: the order's state, each fill once (a fill seen twice is
   * ignored), and the position those new fills move, in one fenced transaction.
   */
  recordOutcome(
    claim: Claim,
    orderId: string,
    outcome: OrderOutcome,
    applyFills: (position: Position, fills: FillRecord[]) => Position,
  ): Promise<{ order: OrderRecord; position: Position; newFills: FillRecord[] }> {
    return this.writer.write(claim, async (tx) => {
      const rows: Row[] = await tx.query(
        `WITH u AS (
           UPDATE orders SET status = $2, exchange_order_id = COALESCE($3, exchange_order_id),
             filled = $4, average_price = $5, error = $6, updated_at = clock_timestamp()
            WHERE id = $1 AND bot_id = $7 RETURNING ${ORDER_COLUMNS})
         SELECT * FROM u`,
        [
          orderId,
          outcome.status,
          outcome.exchangeOrderId,
          outcome.filled,
          outcome.averagePrice,
          outcome.error ?? null,
          claim.botId,
        ],
      );
      const order = toOrder(rows[0]);
      const newFills: FillRecord[] = [];
      for (const fill of outcome.fills) {
        const inserted: Row[] = await tx.query(
          `INSERT INTO trades (order_id, bot_id, exchange_trade_id, side, price, amount, fee,
             fee_currency, executed_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())
           ON CONFLICT (order_id, exchange_trade_id) DO NOTHING RETURNING id`,
          [
            orderId,
            claim.botId,
            fill.exchangeTradeId,
            fill.side,
            fill.price,
            fill.amount,
            fill.fee,
            fill.feeCurrency,
            fill.executedAt,
          ],
        );
        if (inserted.length > 0) newFills.push(fill);
      }
      let position = toPosition(
        (
          (await tx.query(`SELECT ${POSITION_COLUMNS} FROM bot_positions WHERE bot_id = $1`, [
            claim.botId,
          ])) as Row[]
        )[0],
      );
      if (newFills.length > 0) {
        position = applyFills(position, newFills);
        await tx.query(
          `INSERT INTO bot_positions (bot_id, base_amount, average_entry, realized_pnl, fees_quote,
             trades_count, round_trip_pnl, last_loss_at, pnl_day, day_realized_pnl, peak_price,
             peak_equity, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, clock_timestamp())
           ON CONFLICT (bot_id) DO UPDATE SET base_amount = $2, average_entry = $3,
             realized_pnl = $4, fees_quote = $5, trades_count = $6, round_trip_pnl = $7,
             last_loss_at = $8, pnl_day = $9, day_realized_pnl = $10, peak_price = $11,
             peak_equity = $12, updated_at = clock_timestamp()`,
          [
            claim.botId,
            position.base,
            position.averageEntry,
            position.realizedPnl,
            position.feesQuote,
            position.tradesCount,
            position.roundTripPnl,
            position.lastLossAt === null ? null : new Date(position.lastLossAt),
            position.pnlDay,
            position.dayRealizedPnl,
            position.peakPrice,
            position.peakEquity,
          ],
        );
      }
      await this.eventIn(
        tx,
        claim,
        `order.${order.status.replace('_', '-')}`,
        order.clientOrderId,
        {
          orderId,
          clientOrderId: order.clientOrderId,
          filled: order.filled,
          averagePrice: order.averagePrice,
          newFills: newFills.length,
          ...(outcome.error ? { error: outcome.error } : {}),
        },
      );
      return { order, position, newFills };
    });
  }

  /** Sets an order's status (e.g. `unknown` after a lost answer) with the reason. */
  markOrder(claim: Claim, orderId: string, status: 'unknown' | 'rejected', error: string) {
    return this.writer.write(claim, async (tx) => {
      await tx.query(
        `UPDATE orders SET status = $2, error = $3, updated_at = clock_timestamp()
          WHERE id = $1 AND bot_id = $4 AND status IN ('intent', 'unknown')`,
        [orderId, status, error, claim.botId],
      );
      await this.eventIn(tx, claim, `order.${status}`, error, { orderId });
    });
  }

  /**
   * Marks a pending order as never placed if `stillMissing` says so while the order's row is
   * locked: an exchange that checks the intent before filling (the paper exchange) cannot slip
   * an order in between the lookup and this decision. Returns whether it was marked.
   */
  rejectIfMissing(
    claim: Claim,
    orderId: string,
    reason: string,
    stillMissing: () => Promise<boolean>,
  ): Promise<boolean> {
    return this.writer.write(claim, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT status FROM orders WHERE id = $1 AND bot_id = $2 FOR UPDATE`,
        [orderId, claim.botId],
      );
      if (!rows[0] || !['intent', 'unknown'].includes(rows[0]['status'])) return false;
      if (!(await stillMissing())) return false;
      await tx.query(
        `UPDATE orders SET status = 'rejected', error = $2, updated_at = clock_timestamp() WHERE id = $1`,
        [orderId, reason],
      );
      await this.eventIn(tx, claim, 'order.rejected', reason, { orderId });
      return true;
    });
  }

  /**
   * Raises the highs the risk stops measure from (only upwards: a late or repeated write never
   * lowers one), fenced.
   */
  raiseRiskMarks(claim: Claim, marks: RiskMarks): Promise<void> {
    return this.writer.write(claim, async (tx) => {
      await tx.query(
        `INSERT INTO bot_positions (bot_id, peak_price, peak_equity, updated_at)
         VALUES ($1, $2, $3, clock_timestamp())
         ON CONFLICT (bot_id) DO UPDATE SET
           peak_price = GREATEST(bot_positions.peak_price, $2::numeric),
           peak_equity = GREATEST(bot_positions.peak_equity, $3::numeric),
           updated_at = clock_timestamp()`,
        [claim.botId, marks.peakPrice ?? null, marks.peakEquity ?? null],
      );
    });
  }

  /**
   * The user's daily loss limit and what their bots of this mode and quote currency realized on
   * `day` (UTC, 'YYYY-MM-DD'; deleted bots too: their losses were real). A user without a limit
   * costs one primary-key read; with one, the sum runs over `bots_user_id`. The engine asks only
   * when it is about to buy, and a worker's bots of one user share an answer a few seconds.
   */
  async userDailyLoss(
    userId: string,
    mode: string,
    quote: string,
    day: string,
  ): Promise<UserDailyLoss> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT l.max_daily_loss_quote::float8 AS lim,
              CASE WHEN l.max_daily_loss_quote IS NULL THEN 0 ELSE
                (SELECT COALESCE(sum(p.day_realized_pnl), 0)::float8
                   FROM bots b JOIN bot_positions p ON p.bot_id = b.id
                  WHERE b.user_id = $1 AND b.mode = $2 AND p.pnl_day = $4::date
                    AND ${QUOTE_OF_BOT} = $3) END AS realized
         FROM (SELECT $1::uuid AS user_id) u
         LEFT JOIN user_risk_limits l ON l.user_id = u.user_id`,
      [userId, mode, quote, day],
    );
    return { limit: rows[0]?.['lim'] ?? null, realized: Number(rows[0]?.['realized'] ?? 0) };
  }

  saveStrategyState(claim: Claim, state: unknown): Promise<void> {
    return this.writer.write(claim, async (tx) => {
      await tx.query(
        `INSERT INTO bot_state (bot_id, strategy_state, updated_at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (bot_id) DO UPDATE SET strategy_state = $2, updated_at = clock_timestamp()`,
        [claim.botId, JSON.stringify(state ?? null)],
      );
    });
  }

  /**
   * Stops the bot for a reason a person must fix (bad keys, no funds): desired state stopped,
   * the reason kept for the API, no retries. Its pending manual actions fail with the reason
   * (else they would keep it wanted, and claimed, and stopped again).
   */
  stopWithError(claim: Claim, kind: string, reason: string): Promise<void> {
    return this.writer.write(claim, async (tx) => {
      await tx.query(
        `UPDATE bots SET desired_state = 'stopped', last_error = $2, last_error_at = clock_timestamp(),
           updated_at = clock_timestamp() WHERE id = $1`,
        [claim.botId, reason],
      );
      await this.eventIn(tx, claim, 'bot.error', reason, { kind });
      await this.actions.failAllIn(tx, claim, reason);
    });
  }

  /**
   * The bot cannot make progress but keeps trying (a write refused for bad data, a bug): the
   * reason is shown as its last error until it recovers. The desired state is not touched.
   */
  reportError(claim: Claim, kind: string, reason: string): Promise<void> {
    return this.writer.write(claim, async (tx) => {
      await tx.query(
        `UPDATE bots SET last_error = $2, last_error_at = clock_timestamp() WHERE id = $1`,
        [claim.botId, reason],
      );
      await this.eventIn(tx, claim, 'bot.error', reason, { kind, retrying: true });
    });
  }

  /** The bot made progress again after reportError: its last error is cleared. */
  clearError(claim: Claim): Promise<void> {
    return this.writer.write(claim, async (tx) => {
      // through sqlOver: TypeORM's plain query() answers an UPDATE with [rows, count], whose
      // length is always 2, which once wrote `bot.recovered` when nothing had been cleared
      const cleared = await sqlOver(tx).query(
        `UPDATE bots SET last_error = NULL, last_error_at = NULL
          WHERE id = $1 AND last_error IS NOT NULL RETURNING id`,
        [claim.botId],
      );
      if (cleared.length > 0)
        await this.eventIn(tx, claim, 'bot.recovered', 'making progress again', {});
    });
  }

  event(claim: Claim, type: string, message: string, data: Record<string, unknown> = {}) {
    return this.writer.write(claim, (tx) => this.eventIn(tx, claim, type, message, data));
  }

  /**
   * Marks the bots as alive in one statement per worker (not one transaction per bot): returns
   * the ids whose claim is no longer the newest, which the caller must stop.
   */
  async touch(claims: Claim[]): Promise<string[]> {
    if (claims.length === 0) return [];
    const rows: Row[] = await this.dataSource.query(
      `WITH u AS (
         UPDATE bot_runtime r SET last_tick_at = clock_timestamp()
           FROM unnest($1::uuid[], $2::bigint[]) AS t(bot_id, fence_token)
          WHERE r.bot_id = t.bot_id AND r.fence_token = t.fence_token AND r.released_at IS NULL
          RETURNING r.bot_id)
       SELECT bot_id FROM u`,
      [claims.map((c) => c.botId), claims.map((c) => c.fenceToken)],
    );
    const alive = new Set(rows.map((r) => r['bot_id'] as string));
    return claims.filter((c) => !alive.has(c.botId)).map((c) => c.botId);
  }

  private eventIn(
    tx: EntityManager,
    claim: Claim,
    type: string,
    message: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    return insertOwnerEvent(tx, claim, type, message, data);
  }
}
