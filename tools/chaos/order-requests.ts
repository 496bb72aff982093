/** A POST /api/v3/order as the simulator's request log holds it (the fields read here). */
export interface OrderRequestEntry {
  ip: string;
  status: number | undefined;
  code: number | undefined;
  outcome: string | undefined;
}

/** What happened to the workers' order requests at the exchange. */
export interface OrderRequestTally {
  /** POST /api/v3/order from the workers. */
  sent: number;
  /** Answered 429 -1015 (the key's ORDERS window was full). */
  too_many_orders: number;
  /** Answered 429 -1003 (over the weight limit, or a forced 429). */
  rate_limited: number;
  /** By how an exchange fault ended them (simulator outcomes: fault_5xx, dropped, ...). */
  faulted: Record<string, number>;
}

const TOO_MANY_ORDERS = -1015;
const FAULT_OUTCOMES = new Set([
  'fault_429',
  'fault_5xx',
  'fault_5xx_executed',
  'dropped',
  'unknown_outcome',
]);

/** Counts the workers' order requests (every address but `otherIps`) by how they ended. */
export function tallyOrderRequests(
  entries: readonly OrderRequestEntry[],
  otherIps: readonly string[],
): OrderRequestTally {
  const tally: OrderRequestTally = { sent: 0, too_many_orders: 0, rate_limited: 0, faulted: {} };
  for (const entry of entries) {
    if (otherIps.includes(entry.ip)) continue;
    tally.sent += 1;
    if (entry.code === TOO_MANY_ORDERS) tally.too_many_orders += 1;
    else if (entry.status === 429) tally.rate_limited += 1;
    if (entry.outcome !== undefined && FAULT_OUTCOMES.has(entry.outcome))
      tally.faulted[entry.outcome] = (tally.faulted[entry.outcome] ?? 0) + 1;
  }
  return tally;
}
