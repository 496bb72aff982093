import type { FaultKind } from './fault-kinds';

// Pure analysis of the ownership history the workers leave in Postgres. Timestamps are
// microseconds since the epoch (Postgres precision; the harness's own clock is the same host's).

/** A `bot.claimed` event: `workerId` took `token` for the bot at `atUs`. */
export interface ClaimRecord {
  botId: string;
  token: number;
  workerId: string;
  atUs: number;
}

/** All heartbeats one token wrote for a bot: the first, the last, how many. */
export interface TokenInterval {
  botId: string;
  token: number;
  firstUs: number;
  lastUs: number;
  count: number;
}

/** One injected fault and the bots it hit (those the faulted worker owned at that moment). */
export interface FaultRecord {
  kind: FaultKind;
  /** When the signal went out (or Redis was stopped). */
  atUs: number;
  /** The faulted worker's id; null when the fault hit every worker (Redis restart). */
  workerId: string | null;
  bots: string[];
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

export interface Concurrency {
  /** Most tokens of one bot whose [first, last] heartbeat intervals overlap at one instant. */
  max: number;
  /** Bots where two or more tokens overlapped. */
  bots: number;
  /** The bot with the highest overlap (for the report), if any overlapped. */
  example: { botId: string; tokens: number[] } | null;
}

/**
 * Concurrent owners per bot: each token's heartbeats span [first, last]; the most intervals
 * that contain one instant is how many owners acted at once. With fencing it must be 1:
 * every write of token t commits before token t+1 is claimed. Touching ends count as overlap.
 */
export function concurrentOwners(intervals: readonly TokenInterval[]): Concurrency {
  const result: Concurrency = { max: intervals.length > 0 ? 1 : 0, bots: 0, example: null };
  for (const [botId, own] of groupBy(intervals, (i) => i.botId)) {
    // Starts before ends at the same instant, so touching intervals overlap.
    const events = own
      .flatMap((i) => [
        { at: i.firstUs, delta: 1, token: i.token },
        { at: i.lastUs, delta: -1, token: i.token },
      ])
      .sort((a, b) => a.at - b.at || b.delta - a.delta);
    let open = 0;
    let best = 0;
    const active = new Set<number>();
    let bestTokens: number[] = [];
    for (const event of events) {
      open += event.delta;
      if (event.delta > 0) active.add(event.token);
      if (open > best) {
        best = open;
        bestTokens = [...active].sort((a, b) => a - b);
      }
      if (event.delta < 0) active.delete(event.token);
    }
    if (best > 1) result.bots += 1;
    if (best > result.max) {
      result.max = best;
      result.example = { botId, tokens: bestTokens };
    }
  }
  return result;
}

/** One bot a fault hit: the token it held then, and when (if) it ran under a newer one. */
export interface BotFailover {
  fault: number;
  kind: FaultKind;
  botId: string;
  token: number;
  /** Fault -> first heartbeat under a greater token; null if none before the next fault. */
  ms: number | null;
}

/**
 * Per fault and bot it hit: the bot's token at the fault is the latest claim at or before
 * the fault (the bot is skipped if that claim is not the faulted worker's: it had moved
 * already); it failed over at its first heartbeat under any greater token, if that came
 * before the next fault (a later move belongs to the later fault). `fault` indexes `faults`.
 */
export function botFailovers(
  faults: readonly FaultRecord[],
  claims: readonly ClaimRecord[],
  intervals: readonly TokenInterval[],
): BotFailover[] {
  const claimsByBot = groupBy(claims, (c) => c.botId);
  for (const list of claimsByBot.values()) list.sort((a, b) => a.atUs - b.atUs);
  const intervalsByBot = groupBy(intervals, (i) => i.botId);
  const faultTimes = faults.map((f) => f.atUs).sort((a, b) => a - b);

  const result: BotFailover[] = [];
  for (const [index, fault] of faults.entries()) {
    const horizonUs = faultTimes.find((at) => at > fault.atUs) ?? Infinity;
    for (const botId of fault.bots) {
      const before = (claimsByBot.get(botId) ?? []).filter((c) => c.atUs <= fault.atUs);
      const held = before[before.length - 1];
      if (!held || (fault.workerId !== null && held.workerId !== fault.workerId)) continue;
      const firsts = (intervalsByBot.get(botId) ?? [])
        .filter((i) => i.token > held.token && i.firstUs < horizonUs)
        .map((i) => i.firstUs);
      const ms = firsts.length > 0 ? (Math.min(...firsts) - fault.atUs) / 1000 : null;
      result.push({ fault: index, kind: fault.kind, botId, token: held.token, ms });
    }
  }
  return result;
}

export interface FailoverStats {
  faults: number;
  /** (fault, bot) pairs: bots the faulted worker owned when the fault hit. */
  affected: number;
  /** Of those, how many ran again under a newer token (a short freeze may leave them). */
  moved: number;
  /** Per moved bot: fault -> first heartbeat under a newer token, in ms. */
  samplesMs: number[];
}

/** Failover per fault kind (see botFailovers). */
export function failovers(
  faults: readonly FaultRecord[],
  claims: readonly ClaimRecord[],
  intervals: readonly TokenInterval[],
): Map<FaultKind, FailoverStats> {
  const stats = new Map<FaultKind, FailoverStats>();
  const entry = (kind: FaultKind) => {
    let found = stats.get(kind);
    if (!found) {
      found = { faults: 0, affected: 0, moved: 0, samplesMs: [] };
      stats.set(kind, found);
    }
    return found;
  };
  for (const fault of faults) entry(fault.kind).faults += 1;
  for (const bot of botFailovers(faults, claims, intervals)) {
    const e = entry(bot.kind);
    e.affected += 1;
    if (bot.ms === null) continue;
    e.moved += 1;
    e.samplesMs.push(bot.ms);
  }
  return stats;
}

/** max/min bots per live worker; null when a worker holds none (or there are no workers). */
export function spreadOf(counts: readonly number[]): number | null {
  if (counts.length === 0) return null;
  const min = Math.min(...counts);
  if (min === 0) return null;
  return Math.round((Math.max(...counts) / min) * 100) / 100;
}

/**
 * Which fault each event followed (the latest fault at or before it), counted per kind;
 * `before_faults` for events before the first fault. Used to tell what stale writes came from.
 */
export function countByPrecedingFault(
  timesUs: readonly number[],
  faults: readonly Pick<FaultRecord, 'kind' | 'atUs'>[],
): Record<string, number> {
  const ordered = [...faults].sort((a, b) => a.atUs - b.atUs);
  const counts: Record<string, number> = {};
  for (const at of timesUs) {
    let kind = 'before_faults';
    for (const fault of ordered) {
      if (fault.atUs > at) break;
      kind = fault.kind;
    }
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
