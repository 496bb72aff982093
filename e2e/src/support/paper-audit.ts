import type { Client } from 'pg';
import type { AuditBot } from './audit-bots';
import { ROW_CLASS } from './order-audit';
import { dec } from './trading';

// The paper ledger's status in the same three classes as the exchange's and the rows'.
const PAPER_CLASS: Record<string, string> = {
  open: 'open',
  closed: 'filled',
  canceled: 'canceled',
};

interface PaperRow {
  bot_id: string;
  client_order_id: string;
  paper_id: string;
  status: string;
  filled: string;
  fills: number;
  row_status: string | null;
  row_order_id: string | null;
  row_filled: string | null;
  trades: number;
  traded: string;
}

/**
 * The paper bots' books against their records, as the exchange is the judge for live bots:
 * every paper order has its row (with the paper id, its status class and filled amount), and
 * each of its fills is one trade (as many trades as fills, adding up to what it filled).
 */
export async function paperDifferences(
  sql: Client,
  bots: AuditBot[],
): Promise<{ differences: string[]; orders: number; fills: number; ordersFilledInParts: number }> {
  const paper = bots.filter((b) => b.mode === 'paper');
  const { rows } = await sql.query(
    `SELECT po.bot_id, po.client_order_id, 'paper-' || po.id AS paper_id, po.status,
            po.filled::text, greatest(jsonb_array_length(po.fills),
                                      CASE WHEN po.average IS NULL THEN 0 ELSE 1 END) AS fills,
            o.status AS row_status, o.exchange_order_id AS row_order_id, o.filled::text AS row_filled,
            (SELECT count(*) FROM trades t WHERE t.order_id = o.id)::int AS trades,
            (SELECT coalesce(sum(t.amount), 0) FROM trades t WHERE t.order_id = o.id)::text AS traded
       FROM paper_orders po
       LEFT JOIN orders o ON o.bot_id = po.bot_id AND o.client_order_id = po.client_order_id
      WHERE po.bot_id = ANY($1::uuid[])`,
    [paper.map((b) => b.botId)],
  );
  const differences: string[] = [];
  let fills = 0;
  let ordersFilledInParts = 0;
  for (const r of rows as PaperRow[]) {
    fills += r.fills;
    if (r.fills > 1) ordersFilledInParts += 1;
    const label = paper.find((b) => b.botId === r.bot_id)?.label ?? r.bot_id;
    const what = `${label}: paper order ${r.paper_id} ${r.client_order_id} (${r.status}, filled ${dec(r.filled)} in ${r.fills})`;
    if (r.row_status === null) {
      differences.push(`${what}: no orders row`);
      continue;
    }
    const diffs: string[] = [];
    if (ROW_CLASS[r.row_status] !== PAPER_CLASS[r.status])
      diffs.push(`row status '${r.row_status}'`);
    if (r.row_order_id !== r.paper_id) diffs.push(`row has order id ${r.row_order_id ?? 'null'}`);
    if (dec(r.row_filled ?? '0') !== dec(r.filled))
      diffs.push(`row filled ${dec(r.row_filled ?? '0')}`);
    if (r.trades !== r.fills || dec(r.traded) !== dec(r.filled))
      diffs.push(`${r.trades} trades of ${dec(r.traded)}`);
    if (diffs.length > 0) differences.push(`${what}: ${diffs.join('; ')}`);
  }
  return { differences, orders: rows.length, fills, ordersFilledInParts };
}
