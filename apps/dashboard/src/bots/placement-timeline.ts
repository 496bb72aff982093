// Which notebook and worker ran a bot when, read from its event log: each `bot.claimed`
// (data: workerId, host) opens a stint; `bot.released` ends it; a claim while another stint is
// still open is a takeover (the old owner died or lost its lease). The time without an owner
// is then at most the gap between the old stint's last sign of life in the log and the claim.

export interface LogEvent {
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface Stint {
  workerId: string;
  host: string | null;
  from: string;
  /** null: still running there. */
  to: string | null;
  endedBy: 'released' | 'takeover' | null;
}

export interface Takeover {
  at: string;
  fromWorker: string;
  toWorker: string;
  /** Upper bound of the time the bot had no owner, in ms. */
  ownerlessMs: number;
}

export function placementTimeline(newestFirst: LogEvent[]): {
  stints: Stint[];
  takeovers: Takeover[];
} {
  const events = [...newestFirst].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const stints: Stint[] = [];
  const takeovers: Takeover[] = [];
  let open: Stint | null = null;
  let lastSign: string | null = null;
  for (const event of events) {
    if (event.type === 'bot.claimed') {
      const workerId = String(event.data.workerId ?? 'unknown');
      const host = typeof event.data.host === 'string' ? event.data.host : null;
      if (open) {
        open.to = lastSign ?? open.from;
        open.endedBy = 'takeover';
        takeovers.push({
          at: event.createdAt,
          fromWorker: open.workerId,
          toWorker: workerId,
          ownerlessMs: Date.parse(event.createdAt) - Date.parse(open.to),
        });
      }
      open = { workerId, host, from: event.createdAt, to: null, endedBy: null };
      stints.push(open);
      lastSign = event.createdAt;
    } else if (event.type === 'bot.released' && open) {
      open.to = event.createdAt;
      open.endedBy = 'released';
      open = null;
    } else if (open) {
      lastSign = event.createdAt;
    }
  }
  return { stints: stints.reverse(), takeovers: takeovers.reverse() };
}
