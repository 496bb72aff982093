import type { BotLiveStatus } from '@platform/contracts';
import type { BotMode } from '../schema/domain-values';
import type { TimeCursor } from '../sql/keyset';
import { ACTUAL_STATE, NAME_KEY } from './bot-row';

// GET /bots: which of a user's bots (filters) in which order (sort), continued after a cursor.
// The SQL text depends only on which filters are given, never on their values (parameters).

/** Every field narrows the list; absent fields do not. */
export interface BotListFilter {
  /** The actual state, as the view shows it (ACTUAL_STATE). */
  status?: BotLiveStatus;
  strategy?: string;
  mode?: BotMode;
  exchangeId?: string;
  symbol?: string;
  /** Part of the name or the symbol, case aside. */
  text?: string;
}

/** Where a by-name page continues: the last row's name key and id. */
export interface NameCursor {
  name: string;
  id: string;
}

export type BotListOrder =
  | { sort: 'created'; after?: TimeCursor }
  | { sort: 'name'; after?: NameCursor };

/** A statement's parameters, each added where its `$n` goes into the text. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The user's bots that are not deleted and match `filter`, as a WHERE condition. */
export function filterCondition(params: SqlParams, userId: string, filter: BotListFilter): string {
  const conditions = [`b.user_id = ${params.add(userId)}`, 'b.deleted_at IS NULL'];
  const equal = (column: string, value: unknown) => {
    if (value !== undefined) conditions.push(`${column} = ${params.add(value)}`);
  };
  equal(`(${ACTUAL_STATE})`, filter.status);
  equal('b.strategy', filter.strategy);
  equal('b.mode', filter.mode);
  equal('b.exchange_id', filter.exchangeId);
  equal('b.symbol', filter.symbol);
  if (filter.text !== undefined) {
    // strpos, not LIKE: a % or _ the user typed is just a character
    const text = `lower(${params.add(filter.text)})`;
    conditions.push(`(strpos(lower(b.name), ${text}) > 0 OR strpos(lower(b.symbol), ${text}) > 0)`);
  }
  return conditions.join(' AND ');
}

/** Newest first, or by name (A to Z); the id breaks ties, so every row has one place. */
export function orderAndAfter(
  params: SqlParams,
  order: BotListOrder,
): { after: string; orderBy: string } {
  if (order.sort === 'name') {
    const after = order.after
      ? `(${NAME_KEY}, b.id) > (${params.add(order.after.name)}, ${params.add(order.after.id)}::uuid)`
      : 'true';
    return { after, orderBy: `${NAME_KEY}, b.id` };
  }
  const after = order.after
    ? `(b.created_at, b.id) < (${params.add(order.after.at)}::timestamptz, ${params.add(order.after.id)}::uuid)`
    : 'true';
  return { after, orderBy: 'b.created_at DESC, b.id DESC' };
}
