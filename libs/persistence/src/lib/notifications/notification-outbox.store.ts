import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

export const NotificationKinds = [
  'fill',
  'error',
  'risk_stop',
  'handover',
  'daily_summary',
] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

/** One message to send: an event to one channel of its user. */
export interface OutboxDelivery {
  eventId: string;
  eventKey: string;
  channelId: string;
}

export interface NotificationEvent {
  id: string;
  eventKey: string;
  userId: string;
  botId: string | null;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * What a delivery attempt may do. `send`: this attempt owns the delivery. `done`: it was
 * delivered or given up already. `uncertain`: an earlier attempt died between sending and
 * recording (its message may have arrived): never sent again, so at most once. `gone`: the
 * event or the channel was deleted. `not_dispatched`: the dispatcher's transaction has not
 * committed (yet): try again later.
 */
export type AttemptStart =
  | { kind: 'send'; attempt: number; event: NotificationEvent }
  | { kind: 'done' | 'uncertain' | 'gone' | 'not_dispatched' };

type EventRow = {
  id: string;
  event_key: string;
  user_id: string;
  bot_id: string | null;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  created_at: Date;
};

const toEvent = (row: EventRow): NotificationEvent => ({
  id: String(row.id),
  eventKey: row.event_key,
  userId: row.user_id,
  botId: row.bot_id,
  kind: row.kind,
  payload: row.payload,
  createdAt: row.created_at,
});

/**
 * The notification outbox (rule 1: the triggers of migration 1795650000000 write the events
 * in the transactions of what they report) and its deliveries: one row per (event, channel)
 * that records whether the message went out, so a delivered message is never sent again.
 */
@Injectable()
export class NotificationOutboxStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * Takes up to `limit` undispatched events (rows other dispatchers hold are skipped), creates
   * a delivery for each enabled channel of their users, hands those to `enqueue`, and marks
   * the events dispatched only once `enqueue` resolved. If `enqueue` throws, nothing changes.
   * Returns how many events were dispatched.
   */
  async dispatch(
    limit: number,
    enqueue: (deliveries: OutboxDelivery[]) => Promise<void>,
  ): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const events = await tx.query<{ id: string }>(
        `SELECT id FROM notification_events WHERE dispatched_at IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (events.length === 0) return 0;
      const ids = events.map((e) => e.id);
      const deliveries = await tx.query<{
        event_id: string;
        event_key: string;
        channel_id: string;
      }>(
        `WITH created AS (
           INSERT INTO notification_deliveries (event_id, channel_id)
           SELECT e.id, c.id FROM notification_events e
             JOIN notification_channels c ON c.user_id = e.user_id AND c.enabled
            WHERE e.id = ANY($1::bigint[])
           ON CONFLICT DO NOTHING RETURNING event_id, channel_id)
         SELECT c.event_id, e.event_key, c.channel_id
           FROM created c JOIN notification_events e ON e.id = c.event_id ORDER BY c.event_id`,
        [ids],
      );
      await enqueue(
        deliveries.map((d) => ({
          eventId: String(d.event_id),
          eventKey: d.event_key,
          channelId: d.channel_id,
        })),
      );
      await tx.query(
        `UPDATE notification_events SET dispatched_at = clock_timestamp() WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      return ids.length;
    });
  }

  /** Claims the delivery for one attempt (see AttemptStart). */
  async startAttempt(eventId: string, channelId: string): Promise<AttemptStart> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ status: string }>(
        `SELECT status FROM notification_deliveries WHERE event_id = $1 AND channel_id = $2
           FOR UPDATE`,
        [eventId, channelId],
      );
      if (!row) {
        const [exists] = await tx.query<{ event: boolean; channel: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM notification_events WHERE id = $1) AS event,
                  EXISTS (SELECT 1 FROM notification_channels WHERE id = $2) AS channel`,
          [eventId, channelId],
        );
        return { kind: exists.event && exists.channel ? 'not_dispatched' : 'gone' };
      }
      if (row.status === 'sending') {
        await tx.query(
          `UPDATE notification_deliveries SET status = 'uncertain', updated_at = clock_timestamp(),
             last_error = 'an attempt ended while sending: not sent again'
           WHERE event_id = $1 AND channel_id = $2`,
          [eventId, channelId],
        );
        return { kind: 'uncertain' };
      }
      if (row.status !== 'pending') return { kind: 'done' };
      const [claimed] = await tx.query<{ attempts: number }>(
        `UPDATE notification_deliveries SET status = 'sending', attempts = attempts + 1,
           updated_at = clock_timestamp()
         WHERE event_id = $1 AND channel_id = $2 RETURNING attempts`,
        [eventId, channelId],
      );
      const [event] = await tx.query<EventRow>(
        `SELECT id, event_key, user_id, bot_id, kind, payload, created_at
           FROM notification_events WHERE id = $1`,
        [eventId],
      );
      return { kind: 'send', attempt: claimed.attempts, event: toEvent(event) };
    });
  }

  /**
   * Records an attempt's outcome: `delivered`; `retry` (pending again, the queue retries);
   * `failed` (given up).
   */
  async finishAttempt(
    eventId: string,
    channelId: string,
    outcome: 'delivered' | 'retry' | 'failed',
    error: string | null = null,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE notification_deliveries
          SET status = $3, last_error = $4, updated_at = clock_timestamp(),
              delivered_at = CASE WHEN $3 = 'delivered' THEN clock_timestamp() END
        WHERE event_id = $1 AND channel_id = $2 AND status = 'sending'`,
      [eventId, channelId, outcome === 'retry' ? 'pending' : outcome, error?.slice(0, 500) ?? null],
    );
  }

  /**
   * Writes one `daily_summary` event per user with a channel and at least one bot that asks for
   * it, covering the UTC day `day` (YYYY-MM-DD). Its key (`summary:<user>:<day>`) makes a
   * second run for the same day write nothing. Returns how many were written.
   */
  async writeDailySummaries(day: string): Promise<number> {
    const rows = await this.sql.query(
      `WITH bots_of_day AS (
         SELECT b.user_id, b.id, b.name, b.symbol, b.mode, b.desired_state,
                COALESCE(pos.realized_pnl, 0)::text AS realized_pnl,
                COALESCE(pos.base_amount, 0)::text AS position,
                (SELECT count(*) FROM trades t WHERE t.bot_id = b.id
                    AND t.executed_at >= $1::date AND t.executed_at < $1::date + 1)::int AS trades,
                (SELECT COALESCE(sum(t.price * t.amount), 0)::text FROM trades t
                  WHERE t.bot_id = b.id
                    AND t.executed_at >= $1::date AND t.executed_at < $1::date + 1) AS volume
           FROM bots b
           LEFT JOIN notification_preferences p ON p.bot_id = b.id
           LEFT JOIN bot_positions pos ON pos.bot_id = b.id
          WHERE b.deleted_at IS NULL AND COALESCE(p.daily_summary, true)
            AND EXISTS (SELECT 1 FROM notification_channels c
                         WHERE c.user_id = b.user_id AND c.enabled))
       INSERT INTO notification_events (event_key, user_id, kind, payload)
       SELECT 'summary:' || user_id || ':' || $1, user_id, 'daily_summary',
              jsonb_build_object('day', $1::text, 'bots', jsonb_agg(jsonb_build_object(
                'botId', id, 'botName', name, 'symbol', symbol, 'mode', mode,
                'state', desired_state, 'trades', trades, 'volumeQuote', volume,
                'realizedPnl', realized_pnl, 'position', position) ORDER BY name))
         FROM bots_of_day GROUP BY user_id
       ON CONFLICT (event_key) DO NOTHING RETURNING id`,
      [day],
    );
    return rows.length;
  }
}
