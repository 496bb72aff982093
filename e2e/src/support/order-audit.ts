import type { ExchangeSimulator } from '@platform/exchange-sim';
import { clientOrderIdFor } from '@platform/persistence';
import type { Client } from 'pg';
import type { AuditBot } from './audit-bots';
import { type SimTrade, simTradesOf } from './sim-trades';
import { dec, type SimOrder, simOrdersOf } from './trading';

export interface OrderRow {
  id: string;
  bot_id: string;
  client_order_id: string;
  exchange_order_id: string | null;
  status: string;
  filled: string;
  error: string | null;
}

interface TradeRow {
  order_id: string;
  exchange_trade_id: string;
  amount: string;
}

/** One live bot's order as the exchange has it, with the row recorded for it (if any). */
export interface ExchangeOrderOfBot {
  bot: AuditBot;
  order: SimOrder;
  row: OrderRow | undefined;
}

// Both sides in three classes: resting, done with fills, done without more.
const SIM_CLASS: Record<string, string> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'open',
  FILLED: 'filled',
  CANCELED: 'canceled',
  EXPIRED: 'canceled',
};
/** An order row's status in the same three classes (the paper audit uses them too). */
export const ROW_CLASS: Record<string, string> = {
  open: 'open',
  partially_filled: 'open',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'canceled',
};
const PENDING = ['intent', 'unknown'];

export async function orderRows(sql: Client, bots: AuditBot[]): Promise<OrderRow[]> {
  const { rows } = await sql.query(
    `SELECT id, bot_id, client_order_id, exchange_order_id, status, filled::text, error
       FROM orders WHERE bot_id = ANY($1::uuid[])`,
    [bots.map((b) => b.botId)],
  );
  return rows as OrderRow[];
}

/** Every order at the exchange that carries one of the live bots' client order ids. */
export function exchangeOrdersOfBots(
  sim: ExchangeSimulator,
  bots: AuditBot[],
  rows: OrderRow[],
): ExchangeOrderOfBot[] {
  const byClientId = new Map(rows.map((r) => [r.client_order_id, r]));
  return bots.flatMap((bot) => {
    if (!bot.credentials) return [];
    const prefix = clientOrderIdFor(bot.botId, '');
    return simOrdersOf(sim, bot.credentials.apiKey)
      .filter((order) => order.clientOrderId.startsWith(prefix))
      .map((order) => ({ bot, order, row: byClientId.get(order.clientOrderId) }));
  });
}

const nameOf = ({ bot, order }: ExchangeOrderOfBot) =>
  `${bot.label}: exchange order ${order.symbol}#${order.orderId} ${order.clientOrderId} ` +
  `(${order.side} ${order.type} ${order.status}, filled ${dec(order.executedQty)})`;

/** What differs between each exchange order and its row, one line per order. */
export function orderDifferences(orders: ExchangeOrderOfBot[]): string[] {
  return orders.flatMap((entry) => {
    const { order, row } = entry;
    if (!row) return [`${nameOf(entry)}: no orders row with this client order id`];
    const diffs: string[] = [];
    if (PENDING.includes(row.status))
      diffs.push(`row still '${row.status}'${row.error ? ` (${row.error})` : ''}`);
    else if (ROW_CLASS[row.status] !== SIM_CLASS[order.status])
      diffs.push(`row status '${row.status}', exchange '${order.status}'`);
    if (row.exchange_order_id !== String(order.orderId))
      diffs.push(`row has exchange order id ${row.exchange_order_id ?? 'null'}`);
    if (dec(row.filled) !== dec(order.executedQty)) diffs.push(`row filled ${dec(row.filled)}`);
    return diffs.length > 0 ? [`${nameOf(entry)}: ${diffs.join('; ')}`] : [];
  });
}

/**
 * Each fill the exchange made for these orders against `trades`: present under the order's
 * row with the exchange's trade id and amount, and no trade row that the exchange never made.
 */
export async function fillDifferences(
  sql: Client,
  sim: ExchangeSimulator,
  orders: ExchangeOrderOfBot[],
): Promise<{ differences: string[]; fills: number; ordersFilledInParts: number }> {
  const { rows } = await sql.query(
    `SELECT order_id, exchange_trade_id, amount::text FROM trades WHERE order_id = ANY($1::uuid[])`,
    [orders.flatMap((o) => (o.row ? [o.row.id] : []))],
  );
  const trades = rows as TradeRow[];
  const fillsOfBot = new Map<AuditBot, SimTrade[]>();
  for (const { bot } of orders)
    if (bot.credentials && !fillsOfBot.has(bot))
      fillsOfBot.set(bot, await simTradesOf(sim, bot.credentials, bot.symbol));
  const differences: string[] = [];
  let fills = 0;
  let ordersFilledInParts = 0;
  for (const entry of orders) {
    const { bot, order, row } = entry;
    const atExchange = (fillsOfBot.get(bot) ?? []).filter((f) => f.orderId === order.orderId);
    fills += atExchange.length;
    if (atExchange.length > 1) ordersFilledInParts += 1;
    const recorded = trades.filter((t) => row && t.order_id === row.id);
    for (const fill of atExchange) {
      const trade = recorded.find((t) => t.exchange_trade_id === String(fill.id));
      const what = `${nameOf(entry)}: fill ${fill.id} of ${dec(fill.qty)}`;
      if (!row) differences.push(`${what} not in trades (the order has no row)`);
      else if (!trade) differences.push(`${what} not in trades (order row ${row.id})`);
      else if (dec(trade.amount) !== dec(fill.qty))
        differences.push(`${what}: trades row says ${dec(trade.amount)}`);
    }
    for (const trade of recorded)
      if (!atExchange.some((fill) => String(fill.id) === trade.exchange_trade_id))
        differences.push(`${nameOf(entry)}: trade ${trade.exchange_trade_id} is no fill of it`);
  }
  return { differences, fills, ordersFilledInParts };
}
