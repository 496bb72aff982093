import type { EntityManager } from 'typeorm';
import type { Claim } from '../fencing/fenced-writer';

/** A bot event written on the owner's behalf, inside its fenced transaction, with its token. */
export async function insertOwnerEvent(
  tx: EntityManager,
  claim: Claim,
  type: string,
  message: string,
  data: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO bot_events (bot_id, fence_token, type, message, data, created_at)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
    [claim.botId, claim.fenceToken, type, message, JSON.stringify(data)],
  );
}
