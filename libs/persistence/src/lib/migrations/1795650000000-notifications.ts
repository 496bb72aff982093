import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which bot events a bot announces when it has no preferences row: what a person must act on;
// fills (many a day) only when asked for. The triggers and the preferences store share this.
const DEFAULTS = { fills: false, errors: true, risk_stops: true, handovers: true, summary: true };

/**
 * Notifications (issue 15): users' channels (Telegram, webhook, e-mail; secrets sealed), per-bot
 * preferences, an outbox of events and one delivery row per (event, channel).
 *
 * The outbox is filled by triggers on the rows the events report (trades, bot_events, orders),
 * so an event is written in the same transaction as what it reports (rule 1): a rolled-back
 * fenced write announces nothing, a committed one cannot lose its event. An event is written
 * only while the bot's preference asks for it and its user has an enabled channel.
 */
export class Notifications1795650000000 implements MigrationInterface {
  name = 'Notifications1795650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_channels (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('telegram', 'webhook', 'email')),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
        target jsonb NOT NULL CHECK (jsonb_typeof(target) = 'object'),
        encryption_key_id text,
        secret_ciphertext bytea,
        enabled boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        last_error text,
        last_error_at timestamptz,
        last_delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_channels_label_unique UNIQUE (user_id, label),
        CONSTRAINT notification_channels_secret_sealed
          CHECK ((encryption_key_id IS NULL) = (secret_ciphertext IS NULL))
      )`);
    await db.query(`
      CREATE TABLE notification_preferences (
        bot_id uuid PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
        fills boolean NOT NULL DEFAULT ${DEFAULTS.fills},
        errors boolean NOT NULL DEFAULT ${DEFAULTS.errors},
        risk_stops boolean NOT NULL DEFAULT ${DEFAULTS.risk_stops},
        handovers boolean NOT NULL DEFAULT ${DEFAULTS.handovers},
        daily_summary boolean NOT NULL DEFAULT ${DEFAULTS.summary},
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE notification_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        bot_id uuid REFERENCES bots (id) ON DELETE CASCADE,
        kind text NOT NULL
          CHECK (kind IN ('fill', 'error', 'risk_stop', 'handover', 'daily_summary')),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        dispatched_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX notification_events_undispatched ON notification_events (id) WHERE dispatched_at IS NULL`,
    );
    // status: pending (queued), sending (an attempt is out; its outcome is not known yet),
    // delivered, failed (gave up), uncertain (an attempt died mid-send: never sent again).
    await db.query(`
      CREATE TABLE notification_deliveries (
        event_id bigint NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'uncertain')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (event_id, channel_id)
      )`);
    await db.query(
      `CREATE INDEX notification_deliveries_channel ON notification_deliveries (channel_id)`,
    );

    // The preference of one bot for one kind (the defaults when it has no row), and whether its
    // user has a channel to tell: the condition of every trigger below.
    await db.query(`
      CREATE FUNCTION notification_wanted(bot uuid, pref text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM bots b
            LEFT JOIN notification_preferences p ON p.bot_id = b.id
           WHERE b.id = bot
             AND CASE pref
                   WHEN 'fills' THEN COALESCE(p.fills, ${DEFAULTS.fills})
                   WHEN 'errors' THEN COALESCE(p.errors, ${DEFAULTS.errors})
                   WHEN 'risk_stops' THEN COALESCE(p.risk_stops, ${DEFAULTS.risk_stops})
                   WHEN 'handovers' THEN COALESCE(p.handovers, ${DEFAULTS.handovers})
                   ELSE false END
             AND EXISTS (SELECT 1 FROM notification_channels c
                          WHERE c.user_id = b.user_id AND c.enabled))
      $$`);
    await db.query(`
      CREATE FUNCTION notification_event(key text, bot uuid, kind text, payload jsonb)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO notification_events (event_key, user_id, bot_id, kind, payload)
        SELECT key, b.user_id, b.id, kind,
               payload || jsonb_build_object('botName', b.name, 'exchangeId', b.exchange_id,
                                             'symbol', b.symbol, 'mode', b.mode)
          FROM bots b WHERE b.id = bot
        ON CONFLICT (event_key) DO NOTHING
      $$`);

    // A fill: one event per trade row (a fill seen twice is one row, so one event).
    await db.query(`
      CREATE FUNCTION notify_trade() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF notification_wanted(NEW.bot_id, 'fills') THEN
          PERFORM notification_event('fill:' || NEW.id, NEW.bot_id, 'fill', jsonb_build_object(
            'tradeId', NEW.id, 'side', NEW.side, 'price', NEW.price::text,
            'amount', NEW.amount::text, 'fee', NEW.fee::text, 'feeCurrency', NEW.fee_currency,
            'executedAt', NEW.executed_at));
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER trades_notify AFTER INSERT ON trades FOR EACH ROW EXECUTE FUNCTION notify_trade()`,
    );

    // An error that stopped the bot (stopWithError; a retried error is not announced), and a
    // move to another worker: a claim by a worker other than the previous claim's.
    await db.query(`
      CREATE FUNCTION notify_bot_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous record;
        released boolean;
      BEGIN
        IF NEW.type = 'bot.error' AND COALESCE(NEW.data->>'retrying', 'false') <> 'true' THEN
          IF notification_wanted(NEW.bot_id, 'errors') THEN
            PERFORM notification_event('error:' || NEW.id, NEW.bot_id, 'error',
              jsonb_build_object('reason', NEW.message, 'errorKind', NEW.data->>'kind'));
          END IF;
        -- every claim passes here: the cheap checks first, the scan of the bot's events last
        ELSIF NEW.type = 'bot.claimed'
              AND EXISTS (SELECT 1 FROM bots WHERE id = NEW.bot_id AND desired_state = 'running')
              AND notification_wanted(NEW.bot_id, 'handovers') THEN
          SELECT id, data INTO previous FROM bot_events
           WHERE bot_id = NEW.bot_id AND type = 'bot.claimed' AND id < NEW.id
           ORDER BY id DESC LIMIT 1;
          IF previous.id IS NOT NULL
             AND previous.data->>'workerId' IS DISTINCT FROM NEW.data->>'workerId' THEN
            released := EXISTS (SELECT 1 FROM bot_events WHERE bot_id = NEW.bot_id
                                  AND type = 'bot.released' AND id > previous.id AND id < NEW.id);
            PERFORM notification_event('handover:' || NEW.id, NEW.bot_id, 'handover',
              jsonb_build_object(
                'how', CASE WHEN released THEN 'handover' ELSE 'failover' END,
                'fromWorker', previous.data->>'workerId', 'fromHost', previous.data->>'host',
                'toWorker', NEW.data->>'workerId', 'toHost', NEW.data->>'host'));
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER bot_events_notify AFTER INSERT ON bot_events FOR EACH ROW
         WHEN (NEW.type IN ('bot.error', 'bot.claimed')) EXECUTE FUNCTION notify_bot_event()`,
    );

    // A risk stop: the stop-loss or take-profit sell of the risk limits has filled.
    await db.query(`
      CREATE FUNCTION notify_risk_stop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF notification_wanted(NEW.bot_id, 'risk_stops') THEN
          PERFORM notification_event('risk:' || NEW.id, NEW.bot_id, 'risk_stop', jsonb_build_object(
            'orderId', NEW.id, 'trigger', NEW.signal, 'side', NEW.side,
            'filled', NEW.filled::text, 'averagePrice', NEW.average_price::text));
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER orders_notify_risk_stop AFTER UPDATE OF status ON orders FOR EACH ROW
         WHEN (NEW.signal IN ('stop-loss', 'take-profit') AND NEW.status = 'filled'
               AND OLD.status IS DISTINCT FROM 'filled')
         EXECUTE FUNCTION notify_risk_stop()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER orders_notify_risk_stop ON orders`);
    await db.query(`DROP TRIGGER bot_events_notify ON bot_events`);
    await db.query(`DROP TRIGGER trades_notify ON trades`);
    await db.query(`DROP FUNCTION notify_risk_stop()`);
    await db.query(`DROP FUNCTION notify_bot_event()`);
    await db.query(`DROP FUNCTION notify_trade()`);
    await db.query(`DROP FUNCTION notification_event(text, uuid, text, jsonb)`);
    await db.query(`DROP FUNCTION notification_wanted(uuid, text)`);
    await db.query(`DROP TABLE notification_deliveries`);
    await db.query(`DROP TABLE notification_events`);
    await db.query(`DROP TABLE notification_preferences`);
    await db.query(`DROP TABLE notification_channels`);
  }
}
