import type { DataSource, EntityManager } from 'typeorm';
import type { Claim, FencedWriter } from '../fencing/fenced-writer';
import type { BotActionKind, Decimal } from '../schema/domain-values';
import { sqlOver } from '../sql/typeorm-sql';
import { insertOwnerEvent } from './bot-event';

/** A user's request its bot's owner has not finished yet, oldest first. */
export interface PendingAction {
  id: string;
  kind: BotActionKind;
  requestedAt: Date;
}

export interface ActionOutcome {
  status: 'done' | 'failed';
  /** What happened, for people: the API shows it and it is the event's message. */
  result: string;
}

/** The action was finished (or failed) meanwhile: nothing more may be done for it. */
export class ActionNotPendingError extends Error {
  constructor(readonly actionId: string) {
    super(`action ${actionId} is no longer pending`);
    this.name = 'ActionNotPendingError';
  }
}

/** The liquidation's own sells carry this signal (and the action's id in their intent event). */
export const LIQUIDATION_SIGNAL = 'liquidate';

/**
 * The owner's side of the users' manual actions (`bot_actions`): read the pending ones, tie a
 * liquidation's sell to its action in the intent's own transaction, finish them (fenced: a
 * superseded owner finishes nothing).
 */
export class BotActionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: FencedWriter,
  ) {}

  async pending(botId: string): Promise<PendingAction[]> {
    const rows = await sqlOver(this.dataSource).query<{
      id: string;
      kind: BotActionKind;
      requested_at: Date;
    }>(
      `SELECT id, kind, requested_at FROM bot_actions
        WHERE bot_id = $1 AND status = 'pending' ORDER BY requested_at, id`,
      [botId],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, requestedAt: r.requested_at }));
  }

  /**
   * Inside an intent's transaction: the action must still be pending, and stays so until the
   * intent commits (its row is locked), so no sell is ever written for a finished action.
   */
  async lockPending(tx: EntityManager, botId: string, actionId: string): Promise<void> {
    const rows = await sqlOver(tx).query(
      `SELECT 1 FROM bot_actions WHERE id = $1 AND bot_id = $2 AND status = 'pending' FOR UPDATE`,
      [actionId, botId],
    );
    if (rows.length === 0) throw new ActionNotPendingError(actionId);
  }

  /** The action's newest order (the API shows it), in the intent's transaction. */
  async linkOrder(tx: EntityManager, actionId: string, orderId: string): Promise<void> {
    await tx.query(`UPDATE bot_actions SET order_id = $2 WHERE id = $1`, [actionId, orderId]);
  }

  /** How much the liquidation's sells filled so far, whoever placed them. */
  async soldFor(botId: string, action: PendingAction): Promise<Decimal> {
    const [row] = await sqlOver(this.dataSource).query<{ sold: string }>(
      `SELECT COALESCE(sum(filled), 0)::text AS sold FROM orders
        WHERE bot_id = $1 AND signal = $2 AND created_at >= $3`,
      [botId, LIQUIDATION_SIGNAL, action.requestedAt],
    );
    return row.sold;
  }

  /**
   * Finishes the action if it is still pending (false: someone did already). A liquidation
   * stops the bot in the same transaction, done or failed: the user asked for it to stop.
   */
  finish(claim: Claim, action: PendingAction, outcome: ActionOutcome): Promise<boolean> {
    return this.writer.write(claim, async (tx) => {
      const finished = await sqlOver(tx).query(
        `UPDATE bot_actions SET status = $3, result = $4, finished_at = clock_timestamp(),
           fence_token = $5
          WHERE id = $1 AND bot_id = $2 AND status = 'pending' RETURNING id`,
        [action.id, claim.botId, outcome.status, outcome.result, claim.fenceToken],
      );
      if (finished.length === 0) return false;
      const data = { actionId: action.id, kind: action.kind };
      await insertOwnerEvent(tx, claim, `action.${outcome.status}`, outcome.result, data);
      if (action.kind === 'liquidate') {
        await tx.query(
          `UPDATE bots SET desired_state = 'stopped', updated_at = clock_timestamp() WHERE id = $1`,
          [claim.botId],
        );
        await insertOwnerEvent(tx, claim, 'bot.stopped', 'stopped after selling everything', data);
      }
      return true;
    });
  }

  /** The bot was stopped on an error a person must fix: its pending actions fail with it. */
  async failAllIn(tx: EntityManager, claim: Claim, reason: string): Promise<void> {
    const failed = await sqlOver(tx).query<{ id: string; kind: BotActionKind }>(
      `UPDATE bot_actions SET status = 'failed', result = $2, finished_at = clock_timestamp(),
         fence_token = $3
        WHERE bot_id = $1 AND status = 'pending' RETURNING id, kind`,
      [claim.botId, reason, claim.fenceToken],
    );
    for (const action of failed)
      await insertOwnerEvent(tx, claim, 'action.failed', reason, {
        actionId: action.id,
        kind: action.kind,
      });
  }
}
