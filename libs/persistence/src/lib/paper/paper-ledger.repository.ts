import {
  type Balances,
  type BalanceChange,
  InsufficientFundsError,
  InvalidOrderError,
  type OrderRef,
  type PaperFill,
  type PaperLedger,
  type PaperOrder,
  type Placement,
  type Settlement,
} from '@platform/exchange';
import type { DataSource } from 'typeorm';
import type { Sql } from '../sql/sql';
import { SqlStates, sqlStateOf } from '../sql/sql-state';
import { sqlOver } from '../sql/typeorm-sql';

interface PaperOrderRow {
  id: string;
  client_order_id: string;
  symbol: string;
  side: PaperOrder['side'];
  type: PaperOrder['type'];
  amount: string;
  price: string | null;
  status: PaperOrder['status'];
  filled: string;
  average: string | null;
  fee: string;
  fee_currency: string | null;
  fills: PaperFill[];
  created_at: Date;
  filled_at: Date | null;
}

/** The ledger's clock in ms, stamped on the fills a statement adds (`$n`: their JSON list). */
const stampedFills = (param: string) =>
  `(SELECT coalesce(jsonb_agg(f || jsonb_build_object('at',
            floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)), '[]'::jsonb)
      FROM jsonb_array_elements(${param}::jsonb) AS f)`;

/**
 * Paper order ids read `paper-<n>`: never mistaken for an exchange's own ids (which are plain
 * numbers on Binance). Bare numbers, as recorded before, are still found.
 */
const PAPER_ID_PREFIX = 'paper-';
const ledgerRowId = (id: string): string => {
  const bare = id.startsWith(PAPER_ID_PREFIX) ? id.slice(PAPER_ID_PREFIX.length) : id;
  return /^\d{1,18}$/.test(bare) ? bare : '0';
};

const toOrder = (row: PaperOrderRow): PaperOrder => ({
  id: `${PAPER_ID_PREFIX}${row.id}`,
  clientOrderId: row.client_order_id,
  symbol: row.symbol,
  side: row.side,
  type: row.type,
  amount: row.amount,
  price: row.price,
  status: row.status,
  filled: row.filled,
  average: row.average,
  fee: row.fee,
  feeCurrency: row.fee_currency,
  fills: row.fills,
  createdAt: row.created_at.getTime(),
  filledAt: row.filled_at ? row.filled_at.getTime() : null,
});

/**
 * The paper exchange's books in Postgres. Balances are locked (FOR UPDATE) for each decision,
 * and the CHECK (free >= 0, used >= 0) makes a negative balance impossible even for a bug.
 * An order is only placed while its intent (if the engine wrote one) is still pending, so a
 * worker that wakes up after its bot was taken over cannot fill an intent the new owner has
 * already resolved as never sent.
 */
export class PaperLedgerRepository implements PaperLedger {
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    this.sql = sqlOver(dataSource);
  }

  async open(accountId: string, initial: Record<string, string>): Promise<void> {
    const assets = Object.keys(initial);
    await this.sql.query(
      `INSERT INTO paper_balances (bot_id, asset, free)
       SELECT $1, asset, free FROM unnest($2::text[], $3::numeric[]) AS t(asset, free)
        WHERE NOT EXISTS (SELECT 1 FROM paper_balances WHERE bot_id = $1)
       ON CONFLICT DO NOTHING`,
      [accountId, assets, assets.map((asset) => initial[asset])],
    );
  }

  balances(accountId: string): Promise<Balances> {
    return this.lockBalances(this.sql, accountId, false);
  }

  async place(
    accountId: string,
    clientOrderId: string,
    decide: (balances: Balances) => Placement,
  ): Promise<{ order: PaperOrder; created: boolean }> {
    try {
      return await this.sql.transaction(async (tx) => {
        const existing = await this.findIn(tx, accountId, { clientOrderId });
        if (existing) return { order: existing, created: false };
        const intents: { status: string }[] = await tx.query(
          `SELECT status FROM orders WHERE client_order_id = $1 FOR UPDATE`,
          [clientOrderId],
        );
        if (intents.length > 0 && !['intent', 'unknown'].includes(intents[0].status))
          throw new InvalidOrderError(
            `paper: intent ${clientOrderId} is no longer pending (${intents[0].status})`,
            'paper',
          );
        const balances = await this.lockBalances(tx, accountId, true);
        // the same id placed concurrently: the balances lock serialized us behind it
        const placed = await this.findIn(tx, accountId, { clientOrderId });
        if (placed) return { order: placed, created: false };
        const placement = decide(balances);
        const o = placement.order;
        const filledAt = o.fills.length > 0 ? 'clock_timestamp()' : 'NULL';
        const rows: PaperOrderRow[] = await tx.query(
          `INSERT INTO paper_orders (bot_id, client_order_id, symbol, side, type, amount, price,
             status, filled, average, fee, fee_currency, fills, filled_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${stampedFills('$13')},
             ${filledAt})
           RETURNING *`,
          [
            accountId,
            o.clientOrderId,
            o.symbol,
            o.side,
            o.type,
            o.amount,
            o.price,
            o.status,
            o.filled,
            o.average,
            o.fee,
            o.feeCurrency,
            JSON.stringify(o.fills),
          ],
        );
        await this.apply(tx, accountId, placement.changes);
        return { order: toOrder(rows[0]), created: true };
      });
    } catch (error) {
      if (sqlStateOf(error) === SqlStates.uniqueViolation) {
        // The same client order id placed concurrently: the first one wins, as on an exchange.
        const order = await this.find(accountId, { clientOrderId });
        if (order) return { order, created: false };
      }
      throw this.translate(error);
    }
  }

  find(accountId: string, ref: OrderRef): Promise<PaperOrder | null> {
    return this.findIn(this.sql, accountId, ref);
  }

  async openOrders(accountId: string, symbol?: string): Promise<PaperOrder[]> {
    const rows: PaperOrderRow[] = await this.sql.query(
      `SELECT * FROM paper_orders WHERE bot_id = $1 AND status = 'open'
         AND ($2::text IS NULL OR symbol = $2) ORDER BY id`,
      [accountId, symbol ?? null],
    );
    return rows.map(toOrder);
  }

  async ordersSince(accountId: string, symbol: string, since: number): Promise<PaperOrder[]> {
    const rows: PaperOrderRow[] = await this.sql.query(
      `SELECT * FROM paper_orders WHERE bot_id = $1 AND symbol = $2 AND created_at >= to_timestamp($3 / 1000.0)
        ORDER BY id`,
      [accountId, symbol, since],
    );
    return rows.map(toOrder);
  }

  async settle(
    accountId: string,
    orderId: string,
    decide: (order: PaperOrder) => Settlement | null,
  ): Promise<PaperOrder | null> {
    try {
      return await this.sql.transaction(async (tx) => {
        const rows: PaperOrderRow[] = await tx.query(
          `SELECT * FROM paper_orders WHERE bot_id = $1 AND id = $2 FOR UPDATE`,
          [accountId, ledgerRowId(orderId)],
        );
        if (rows.length === 0) return null;
        const order = toOrder(rows[0]);
        await this.lockBalances(tx, accountId, true);
        const settlement = decide(order);
        if (!settlement) return order;
        const u = settlement.update;
        const updated: PaperOrderRow[] = await tx.query(
          `WITH u AS (
             UPDATE paper_orders SET status = $3, filled = $4, average = $5, fee = $6, fee_currency = $7,
               fills = fills || ${stampedFills('$8')},
               filled_at = CASE WHEN $9 THEN clock_timestamp() ELSE filled_at END
              WHERE bot_id = $1 AND id = $2 RETURNING *)
           SELECT * FROM u`,
          [
            accountId,
            ledgerRowId(orderId),
            u.status,
            u.filled,
            u.average,
            u.fee,
            u.feeCurrency,
            JSON.stringify(settlement.newFills),
            settlement.newFills.length > 0,
          ],
        );
        await this.apply(tx, accountId, settlement.changes);
        return toOrder(updated[0]);
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  private async findIn(tx: Sql, accountId: string, ref: OrderRef) {
    const rows: PaperOrderRow[] = ref.id
      ? await tx.query(`SELECT * FROM paper_orders WHERE bot_id = $1 AND id = $2`, [
          accountId,
          ledgerRowId(ref.id),
        ])
      : await tx.query(`SELECT * FROM paper_orders WHERE bot_id = $1 AND client_order_id = $2`, [
          accountId,
          ref.clientOrderId,
        ]);
    return rows.length === 0 ? null : toOrder(rows[0]);
  }

  private async lockBalances(tx: Sql, accountId: string, forUpdate: boolean) {
    const rows: { asset: string; free: string; used: string; total: string }[] = await tx.query(
      `SELECT asset, free::text, used::text, (free + used)::text AS total FROM paper_balances WHERE bot_id = $1 ORDER BY asset
       ${forUpdate ? 'FOR UPDATE' : ''}`,
      [accountId],
    );
    const balances: Balances = {};
    for (const row of rows)
      balances[row.asset] = { free: row.free, used: row.used, total: row.total };
    return balances;
  }

  private async apply(tx: Sql, accountId: string, changes: BalanceChange[]) {
    for (const c of changes) {
      const rows: unknown[] = await tx.query(
        `WITH u AS (UPDATE paper_balances SET free = free + $3, used = used + $4
                     WHERE bot_id = $1 AND asset = $2 RETURNING 1)
         SELECT * FROM u`,
        [accountId, c.asset, c.free, c.used],
      );
      if (rows.length === 0)
        await tx.query(
          `INSERT INTO paper_balances (bot_id, asset, free, used) VALUES ($1, $2, $3, $4)`,
          [accountId, c.asset, c.free, c.used],
        );
    }
  }

  private translate(error: unknown): unknown {
    if (sqlStateOf(error) === SqlStates.checkViolation)
      return new InsufficientFundsError('paper: the balance cannot go negative', 'paper', {
        cause: error,
      });
    return error;
  }
}
