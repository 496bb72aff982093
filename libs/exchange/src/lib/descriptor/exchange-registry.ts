import { binanceDescriptor } from '../binance/binance.descriptor';
import type { CredentialRules, ExchangeDescriptor } from './exchange-descriptor';
import { genericDescriptor } from './generic.descriptor';

const DESCRIPTORS: readonly ExchangeDescriptor[] = [binanceDescriptor];

/** Exchanges the platform has a descriptor for, i.e. knows how to trade on safely. */
export const DESCRIBED_EXCHANGES = DESCRIPTORS.map((d) => d.id);

/** Every timeframe some described exchange serves (what the API may be asked for). */
export const DESCRIBED_TIMEFRAMES = [
  ...new Set(DESCRIPTORS.flatMap((d) => d.timeframes)),
] as unknown as readonly [string, ...string[]];

/** The facts of an exchange: its descriptor, or the cautious generic one. */
export function exchangeDescriptor(exchangeId: string): ExchangeDescriptor {
  return DESCRIPTORS.find((d) => d.id === exchangeId) ?? genericDescriptor(exchangeId);
}

/** What an exchange's keys look like; an exchange users may connect must say (else a start-up error). */
export function credentialRulesOf(exchangeId: string): CredentialRules {
  const rules = exchangeDescriptor(exchangeId).credentials;
  if (!rules) throw new Error(`no credential rules are known for ${exchangeId}`);
  return rules;
}

/** Raised for a live client on an exchange that cannot keep an order from landing late. */
export class ExchangeNotSafeForLiveError extends Error {}

/**
 * Live trading relies on the exchange refusing an order that arrives after its send window
 * (rule: no order lands after its sender's lease ends). An exchange without one is refused.
 */
export function assertSafeForLive(
  exchangeId: string,
  toError: (reason: string) => Error = (reason) => new ExchangeNotSafeForLiveError(reason),
): void {
  if (!exchangeDescriptor(exchangeId).sendWindow)
    throw toError(
      `live trading on ${exchangeId} is not supported: the platform knows no way to keep its ` +
        'orders from arriving after the bot changed hands (no send window)',
    );
}
