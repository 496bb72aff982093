/**
 * Whether the bot `b` needs an owner now, for one bot: what `BotsRepository.listDesiredRunning`
 * selects for all (desired running and not deleted; or a pending manual action; or stopped,
 * not on an error, with orders to settle). A claim takes a token only while this holds, so a
 * bot stopped (and settled) meanwhile is not claimed.
 */
export const NEEDS_AN_OWNER = `(
  (b.desired_state = 'running' AND b.deleted_at IS NULL)
  OR EXISTS (SELECT 1 FROM bot_actions x WHERE x.bot_id = b.id AND x.status = 'pending')
  OR (b.last_error IS NULL AND (
    EXISTS (SELECT 1 FROM orders o WHERE o.bot_id = b.id AND o.status IN ('intent', 'unknown'))
    OR (b.cancel_orders_on_stop AND EXISTS (SELECT 1 FROM orders o
         WHERE o.bot_id = b.id AND o.status IN ('open', 'partially_filled'))))))`;
