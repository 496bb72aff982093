// Pure comparison of what the exchange simulator holds with what the workers recorded in
// Postgres: every order at the exchange must be one intent sent once, and every fill it made
// must be a row in `trades`.

/** An order as the simulator keeps it (the fields the audit reads). */
export interface SimOrder {
  apiKey: string;
  /** 'BTCUSDT' */
  symbol: string;
  orderId: number;
  clientOrderId: string;
  status: string;
}

/** One fill at the simulator (Binance's myTrades row). */
export interface SimFill {
  apiKey: string;
  symbol: string;
  orderId: number;
  tradeId: string;
  qty: string;
}

/** An order row of the database. */
export interface DbOrder {
  botId: string;
  clientOrderId: string;
  status: string;
}

/** A trades row with its order's client order id. */
export interface DbTrade {
  clientOrderId: string;
  tradeId: string;
  amount: string;
}

export interface TradingAudit {
  ordersAtExchange: number;
  /** Orders the database holds as placed: filled, partially filled or open. */
  ordersRecorded: number;
  /** Orders beyond the first of each client order id at the exchange. */
  repeatedClientOrderIds: number;
  /** Exchange orders whose client order id is no intent in the database. */
  ordersWithoutIntent: number;
  /** The two above: orders the exchange holds that no single intent accounts for; must be 0. */
  duplicateOrdersAtExchange: number;
  /** Exchange orders whose intent the database marked rejected (never placed). */
  ordersMarkedRejected: number;
  fillsAtExchange: number;
  /** Exchange fills without a trades row of the same order, trade id and amount; must be 0. */
  fillsMissingFromDb: number;
  tradesRecorded: number;
  /** Orders still intent or unknown. */
  pendingIntents: number;
  /** A few of each problem, to look them up: `<kind> <client order id> ...`. */
  examples: string[];
}

const EXAMPLES_PER_KIND = 3;

/**
 * A decimal in one spelling ('0.00025000' and '0.00025' are the same amount): trims trailing
 * zeros, never goes through a float.
 */
export function canonicalDecimal(text: string): string {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return trimmed;
  const [int, frac = ''] = trimmed.split('.');
  const fraction = frac.replace(/0+$/, '');
  const whole = int.replace(/^(-?)0+(?=\d)/, '$1');
  return fraction ? `${whole}.${fraction}` : whole;
}

const PLACED = new Set(['filled', 'partially_filled', 'open']);
const PENDING = new Set(['intent', 'unknown']);

export function auditTrading(
  simOrders: readonly SimOrder[],
  simFills: readonly SimFill[],
  dbOrders: readonly DbOrder[],
  dbTrades: readonly DbTrade[],
): TradingAudit {
  const examples = new Map<string, string[]>();
  const example = (kind: string, line: string) => {
    const list = examples.get(kind) ?? [];
    if (list.length < EXAMPLES_PER_KIND) list.push(`${kind} ${line}`);
    examples.set(kind, list);
  };

  const intents = new Map(dbOrders.map((o) => [o.clientOrderId, o]));
  const seen = new Map<string, number>();
  let ordersWithoutIntent = 0;
  let ordersMarkedRejected = 0;
  for (const order of simOrders) {
    seen.set(order.clientOrderId, (seen.get(order.clientOrderId) ?? 0) + 1);
    const intent = intents.get(order.clientOrderId);
    if (!intent) {
      ordersWithoutIntent += 1;
      example('no-intent', `${order.clientOrderId} (${order.symbol} #${order.orderId})`);
    } else if (intent.status === 'rejected') {
      ordersMarkedRejected += 1;
      example(
        'marked-rejected',
        `${order.clientOrderId} bot ${intent.botId} (${order.symbol} #${order.orderId} ${order.status})`,
      );
    }
  }
  let repeatedClientOrderIds = 0;
  for (const [clientOrderId, n] of seen)
    if (n > 1) {
      repeatedClientOrderIds += n - 1;
      example('repeated', `${clientOrderId} x${n}`);
    }

  // An exchange order is known by (symbol, order id); its fills by (client order id, trade id).
  const clientIdOf = new Map(simOrders.map((o) => [`${o.symbol}#${o.orderId}`, o.clientOrderId]));
  const recorded = new Set(
    dbTrades.map((t) => `${t.clientOrderId}|${t.tradeId}|${canonicalDecimal(t.amount)}`),
  );
  let fillsMissingFromDb = 0;
  for (const fill of simFills) {
    const clientOrderId = clientIdOf.get(`${fill.symbol}#${fill.orderId}`) ?? '?';
    if (recorded.has(`${clientOrderId}|${fill.tradeId}|${canonicalDecimal(fill.qty)}`)) continue;
    fillsMissingFromDb += 1;
    const intent = intents.get(clientOrderId);
    example(
      'fill-missing',
      `${clientOrderId} trade ${fill.symbol} #${fill.tradeId} qty ${canonicalDecimal(fill.qty)}` +
        (intent ? ` (bot ${intent.botId}, order ${intent.status} in the db)` : ' (no intent)'),
    );
  }

  return {
    ordersAtExchange: simOrders.length,
    ordersRecorded: dbOrders.filter((o) => PLACED.has(o.status)).length,
    repeatedClientOrderIds,
    ordersWithoutIntent,
    duplicateOrdersAtExchange: repeatedClientOrderIds + ordersWithoutIntent,
    ordersMarkedRejected,
    fillsAtExchange: simFills.length,
    fillsMissingFromDb,
    tradesRecorded: dbTrades.length,
    pendingIntents: dbOrders.filter((o) => PENDING.has(o.status)).length,
    examples: [...examples.values()].flat(),
  };
}
