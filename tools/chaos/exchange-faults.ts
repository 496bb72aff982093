import type { FaultSpec, Random } from '@platform/exchange-sim';
import { shuffle } from './random';

/**
 * The exchange's own faults (the simulator's fault API), one at a time for a few seconds, on
 * top of a worker fault. The order endpoint's faults are the ones that test "nothing sent twice,
 * nothing lost": an order placed whose answer is 503 -1007 or never comes, a request dropped
 * before it ran.
 */
export const EXCHANGE_FAULT_KINDS = [
  'latency',
  'http5xx',
  'order_5xx_executed',
  'order_drop',
  'order_unknown_outcome',
  'force429',
] as const;

export type ExchangeFaultKind = (typeof EXCHANGE_FAULT_KINDS)[number];

const ORDER = { path: '/api/v3/order', method: 'POST' } as const;

/** What each kind asks of the simulator. */
export const EXCHANGE_FAULT_SPECS: Record<ExchangeFaultKind, FaultSpec> = {
  // every API call slow (below ccxt's 10 s timeout): tickers age, orders answer late
  latency: { kind: 'latency', latencyMs: 1500 },
  // every API call 503 before it runs (an outage): nothing is placed
  http5xx: { kind: 'http5xx', status: 503 },
  // Binance's "execution status unknown": half the orders placed, then answered 503 -1007
  order_5xx_executed: { ...ORDER, kind: 'http5xx', status: 503, execute: true, rate: 0.5 },
  // half the orders lost on the way in (connection reset, never placed)
  order_drop: { ...ORDER, kind: 'drop', rate: 0.5 },
  // half the orders placed and never answered: the client times out (10 s) and must look
  order_unknown_outcome: { ...ORDER, kind: 'unknownOutcome', rate: 0.5, holdMs: 12_000 },
  // 429 -1003 whatever the used weight, with a short Retry-After
  force429: { kind: 'force429', retryAfterS: 2 },
};

/** How long each exchange fault stays on. */
export const EXCHANGE_FAULT_MS = 4000;

/** Kinds round after round, each round in a seeded order: every kind as often as another. */
export function* exchangeFaultSchedule(random: Random): Generator<ExchangeFaultKind> {
  for (;;) yield* shuffle([...EXCHANGE_FAULT_KINDS], random);
}

export const zeroExchangeCounts = (): Record<ExchangeFaultKind, number> =>
  Object.fromEntries(EXCHANGE_FAULT_KINDS.map((k) => [k, 0])) as Record<ExchangeFaultKind, number>;

/** The simulator's fault API, as much of it as the harness uses. */
export interface FaultApi {
  addFault(spec: FaultSpec): { id: number };
  faults(): { id: number; hits: number }[];
  removeFault(id: number): boolean;
}

/**
 * Turns `kind` on now and off after `ms`; resolves with the requests it hit once it is off.
 * `during` runs meanwhile (the worker fault it rides on); both are awaited.
 */
export async function withExchangeFault<T>(
  sim: FaultApi,
  kind: ExchangeFaultKind,
  ms: number,
  during: () => Promise<T>,
): Promise<{ result: T; hits: number }> {
  const { id } = sim.addFault(EXCHANGE_FAULT_SPECS[kind]);
  const off = new Promise<number>((resolve) =>
    setTimeout(() => {
      const hits = sim.faults().find((f) => f.id === id)?.hits ?? 0;
      sim.removeFault(id);
      resolve(hits);
    }, ms),
  );
  const [result, hits] = await Promise.all([during(), off]);
  return { result, hits };
}
