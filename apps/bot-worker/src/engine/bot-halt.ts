import { botStatusEvent } from '@platform/contracts';
import type { Claim } from '@platform/persistence';
import type { TradingRecords } from './engine-context';
import type { LivePublisher } from '@platform/service-kit';

/** The bot stopped itself for a reason a person must fix; the runtime lets it go. */
export class BotHalted extends Error {}

/**
 * Stops the bot for a reason a person must fix (bad keys, no funds, a configuration it cannot
 * trade): desired state stopped with the reason, a live `error` status, and BotHalted thrown.
 */
export async function haltBot(
  repo: TradingRecords,
  live: LivePublisher | undefined,
  claim: Claim,
  userId: string,
  kind: string,
  reason: string,
): Promise<never> {
  await repo.stopWithError(claim, kind, reason);
  live?.publish(userId, botStatusEvent(claim.botId, 'error', { reason }));
  throw new BotHalted(reason);
}
