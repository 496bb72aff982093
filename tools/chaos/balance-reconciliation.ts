// Pure reconciliation of the bots' books in Postgres with the exchange accounts they trade on:
// every fill counted exactly once (a trades row per exchange trade, a position that applied each
// row once), and per account the bots' positions adding up to what the exchange holds.
import { Dec } from '@platform/exchange';

/** One bot's book in Postgres, with the simulator key it trades on. */
export interface BotBook {
  botId: string;
  apiKey: string;
  /** 'BTC/USDT' */
  symbol: string;
  /** bot_positions.base_amount ('0' without a row). */
  positionBase: string;
  /** bot_positions.trades_count: fills the position applied. */
  positionTrades: number;
  /** Its rows in `trades`. */
  tradeRows: number;
  /** From its trades rows: base bought minus sold, fees taken in base deducted. */
  baseFromTrades: string;
  /** From its trades rows: quote paid for buys minus quote received for sells, quote fees in. */
  quoteFromTrades: string;
}

/** A simulator account: what it started with and holds now (free + locked, by asset). */
export interface KeyAccount {
  apiKey: string;
  startBalances: Record<string, string>;
  balances: Record<string, string>;
}

/** An exchange trade that has more than one row in `trades` (under different orders). */
export interface RepeatedTrade {
  /** 'BTCUSDT' (the exchange numbers trades per symbol) */
  symbol: string;
  tradeId: string;
  rows: number;
}

export interface Reconciliation {
  /** Trades rows beyond the first per exchange trade, plus fills positions applied beyond their rows. */
  doubleCountedFills: number;
  /**
   * Accounts x assets where the bots' books do not add up to the exchange's balance, plus bots
   * whose position is not the sum of their own trades rows.
   */
  balanceMismatches: number;
  /** Accounts x assets compared (so a 0 above means something). */
  balancesCompared: number;
  examples: string[];
}

const EXAMPLES_PER_KIND = 3;
const short = (apiKey: string) => apiKey.slice(0, 8);
const baseOf = (symbol: string) => symbol.split('/')[0];
const quoteOf = (symbol: string) => symbol.split('/')[1].split(':')[0];

export function reconcileBalances(
  bots: readonly BotBook[],
  accounts: readonly KeyAccount[],
  repeatedTrades: readonly RepeatedTrade[],
): Reconciliation {
  const examples = new Map<string, string[]>();
  const example = (kind: string, line: string) => {
    const list = examples.get(kind) ?? [];
    if (list.length < EXAMPLES_PER_KIND) list.push(`${kind} ${line}`);
    examples.set(kind, list);
  };

  let doubleCountedFills = 0;
  for (const t of repeatedTrades) {
    doubleCountedFills += t.rows - 1;
    example('trade-recorded-twice', `${t.symbol} #${t.tradeId} x${t.rows}`);
  }

  let balanceMismatches = 0;
  for (const bot of bots) {
    const applied = bot.positionTrades - bot.tradeRows;
    if (applied > 0) {
      doubleCountedFills += applied;
      example(
        'fill-applied-twice',
        `bot ${bot.botId}: the position applied ${bot.positionTrades} fills, ${bot.tradeRows} trades rows`,
      );
    }
    if (!new Dec(bot.positionBase).eq(bot.baseFromTrades)) {
      balanceMismatches += 1;
      example(
        'position-vs-trades',
        `bot ${bot.botId}: position ${bot.positionBase} ${baseOf(bot.symbol)}, its trades ${new Dec(bot.baseFromTrades).toFixed()}`,
      );
    }
  }

  let balancesCompared = 0;
  for (const account of accounts) {
    const own = bots.filter((b) => b.apiKey === account.apiKey);
    // what the books say the account should hold, asset by asset
    const expected = new Map<string, Dec>();
    const add = (asset: string, amount: Dec) =>
      expected.set(
        asset,
        (expected.get(asset) ?? new Dec(account.startBalances[asset] ?? 0)).plus(amount),
      );
    for (const bot of own) {
      add(baseOf(bot.symbol), new Dec(bot.positionBase));
      add(quoteOf(bot.symbol), new Dec(bot.quoteFromTrades).neg());
    }
    for (const [asset, amount] of expected) {
      balancesCompared += 1;
      const held = new Dec(account.balances[asset] ?? 0);
      if (held.eq(amount)) continue;
      balanceMismatches += 1;
      example(
        'balance',
        `key ${short(account.apiKey)} ${asset}: exchange ${held.toFixed()}, bots' books ${amount.toFixed()} (${held.minus(amount).toFixed()})`,
      );
    }
  }

  return {
    doubleCountedFills,
    balanceMismatches,
    balancesCompared,
    examples: [...examples.values()].flat(),
  };
}

/** Fills of orders that filled in more than one part, and those orders. */
export function partialFills(fills: readonly { symbol: string; orderId: number }[]): {
  partialFills: number;
  ordersFilledInParts: number;
} {
  const perOrder = new Map<string, number>();
  for (const f of fills) {
    const key = `${f.symbol}#${f.orderId}`;
    perOrder.set(key, (perOrder.get(key) ?? 0) + 1);
  }
  let partial = 0;
  let orders = 0;
  for (const n of perOrder.values())
    if (n > 1) {
      partial += n;
      orders += 1;
    }
  return { partialFills: partial, ordersFilledInParts: orders };
}
