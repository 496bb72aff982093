import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import { Lease } from './lease';
import {
  type ClaimAnswer,
  countClaim,
  countRenewal,
  quorumOf,
  type RenewalAnswer,
} from './lease-group-votes';
import { leaseGroupScripts as scripts } from './lease-group.scripts';

export interface LeaseGroupOptions {
  /** One URL (a single Redis) or several independent masters (quorum = majority). */
  redisUrls: string[];
  ttlMs: number;
  /** Declare leases lost this long before their deadline if they were not renewed. */
  safetyMarginMs: number;
  /** Called once for each lease the group loses; must stop the work it protected. */
  onLost: (resource: string, reason: string) => void;
  /** Renew this often; default a third of the TTL. */
  renewEveryMs?: number;
  /** Told after each renewal round trip (metrics): whether the session was renewed, and how long it took. */
  onRenewal?: (renewed: boolean, seconds: number) => void;
  /** How often deadlines are checked. */
  checkEveryMs?: number;
  /** Share of the TTL subtracted for clock drift between this host and Redis. */
  driftFactor?: number;
  /** Member keys are `<prefix><resource>`, sessions `<prefix>session:<id>`. */
  prefix?: string;
  /**
   * A member key's own TTL, refreshed every third of it: it bounds how long the key of a dead
   * process's member lingers (its session is what makes it held). Default one hour.
   */
  memberKeyTtlMs?: number;
}

interface Session {
  id: string;
  key: string;
  /** performance.now() after which the session must be treated as gone. */
  validUntil: number;
}

interface Member {
  lease: Lease;
  session: Session;
}

const RETRY_DELAY_MS = 200;
const MEMBER_KEY_TTL_MS = 60 * 60_000;

/**
 * Leases for many resources held by one process, renewed together: one script call per renewal
 * per Redis master, whatever the number of leases (docs/architecture.md rule 2).
 *
 * The process opens a *session*: a key with the lease TTL that it renews. Each resource it
 * holds is a *member* key naming the session. A member is held while its key names a session
 * whose key exists, so a dead process's members become free the moment its session expires,
 * and nobody can take a member from a live session. Each renewal extends the session and reads
 * every member key in the same script: a member whose key no longer names this session (its key
 * deleted, or lost in a Redis failover) is lost alone; a session that is gone loses them all. A
 * session never comes back once expired: the next claim opens a new one.
 *
 * Validity is counted as redlock counts it, on this process's monotonic clock from a reading
 * taken before the call went out, minus drift; with several masters a member is renewed only
 * where a quorum both extended the session and still names it.
 */
export class LeaseGroup {
  private readonly clients: RedisClient[];
  private readonly members = new Map<string, Member>();
  private readonly driftFactor: number;
  private readonly prefix: string;
  private readonly renewEveryMs: number;
  private readonly memberKeyTtlMs: number;
  private session?: Session;
  private opening?: Promise<Session | undefined>;
  private renewing = false;
  private lastRenewal = 0;
  private lastKeyRefresh = 0;
  /** The members and their keys as the last renewal sent them, until a member comes or goes. */
  private batch?: { entries: Member[]; keys: string[] };
  private retryAt = 0;
  /** No member's deadline is earlier than this (a lower bound: scanning all is rarely needed). */
  private earliestDeadline = Infinity;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: LeaseGroupOptions) {
    if (options.redisUrls.length === 0) throw new Error('LeaseGroup needs at least one Redis URL');
    this.driftFactor = options.driftFactor ?? 0.01;
    this.prefix = options.prefix ?? 'lease:';
    this.renewEveryMs = options.renewEveryMs ?? options.ttlMs / 3;
    this.memberKeyTtlMs = options.memberKeyTtlMs ?? MEMBER_KEY_TTL_MS;
    // failFast: a master that is down votes "no answer" at once instead of queueing the call
    this.clients = options.redisUrls.map((url) => createRedis(url, 'failFast'));
  }

  /** Resolves once every Redis connection is ready (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.clients.some((c) => c.status !== 'ready')) {
      if (Date.now() > deadline) throw new Error('lock Redis not ready');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Opens a session (claims need one) and starts renewing and checking deadlines. */
  async start(): Promise<void> {
    this.timer ??= setInterval(() => this.check(), this.options.checkEveryMs ?? 50);
    await this.currentSession();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.clients.map(closeRedis));
  }

  /** The open session's id (others see this process alive while its key exists). */
  get sessionId(): string | undefined {
    return this.session?.id;
  }

  get size(): number {
    return this.members.size;
  }

  key(resource: string): string {
    return this.prefix + resource;
  }

  /** Takes the lease if nobody alive holds it; otherwise null (no waiting). */
  async tryAcquire(resource: string): Promise<Lease | null> {
    const session = await this.currentSession();
    if (!session) return null;
    const started = performance.now();
    const key = this.key(resource);
    const answers = await this.onEveryMaster<ClaimAnswer>(
      (client) =>
        scripts.claim.run(
          client,
          [key, session.key],
          [session.id, this.sessionKey(''), this.options.ttlMs, this.memberKeyTtlMs],
        ) as Promise<ClaimAnswer>,
      'no-answer',
    );
    const outcome = countClaim(answers);
    if (outcome === 'session-lost' && this.session === session)
      this.loseSession('session expired in Redis');
    if (outcome !== 'claimed' || this.session !== session) {
      // where it was taken, or may have been (no answer in time), give it back: a key naming
      // this live session would keep every other worker away from the bot
      if (answers.some((a) => a === 1 || a === 'no-answer')) await this.giveBack(key, session);
      return null;
    }
    const lease = new Lease(resource, this.options.ttlMs, null, started + this.validityMs());
    this.members.get(resource)?.lease.end();
    this.setMember(resource, { lease, session });
    this.earliestDeadline = Math.min(this.earliestDeadline, lease.validUntil);
    return lease;
  }

  /** Stops keeping the lease (the caller releases it, or lets it lapse with the session). */
  remove(resource: string): Lease | undefined {
    const member = this.members.get(resource);
    this.deleteMember(resource);
    return member?.lease;
  }

  /**
   * Ends the lease here at once, waiting for nobody (the work it protected is stopping now),
   * and gives its key back in the background if it is still ours.
   */
  drop(lease: Lease): void {
    lease.end();
    const member = this.members.get(lease.resource);
    if (member?.lease !== lease) return;
    this.deleteMember(lease.resource);
    void this.giveBack(this.key(lease.resource), member.session).catch(() => undefined);
  }

  /** Gives the lease back so another process can take it at once; false if it was not ours. */
  async release(lease: Lease): Promise<boolean> {
    lease.end();
    const member = this.members.get(lease.resource);
    if (member?.lease === lease) this.deleteMember(lease.resource);
    const session = member?.session ?? this.session;
    if (!session) return false;
    return this.giveBack(this.key(lease.resource), session);
  }

  /**
   * The resources nobody alive holds, read from the first master in one script call. A hint
   * that saves claim attempts; `tryAcquire` decides. If that master does not answer, every
   * resource is returned.
   */
  async unheld(resources: string[]): Promise<string[]> {
    if (resources.length === 0) return [];
    try {
      const free = (await scripts.unheld.run(
        this.clients[0],
        resources.map((r) => this.key(r)),
        [this.sessionKey('')],
      )) as number[];
      return free.map((i) => resources[i]);
    } catch {
      return resources;
    }
  }

  /** Which of these sessions are alive, asked of the first master in one command. */
  async liveSessions(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const values = await this.clients[0].mget(ids.map((id) => this.sessionKey(id)));
    return new Set(ids.filter((_, i) => values[i] !== null));
  }

  /** One pass: lose what is about to expire, renew when due. */
  check(): void {
    const now = performance.now();
    const margin = this.options.safetyMarginMs;
    if (this.session && this.session.validUntil - margin <= now) {
      this.loseSession('not renewed in time');
    } else if (this.earliestDeadline - margin <= now) {
      this.earliestDeadline = Infinity;
      for (const [resource, { lease }] of this.members) {
        if (!lease.isValid(margin))
          this.lose(resource, lease.ended ? 'lease ended' : 'not renewed in time');
        else this.earliestDeadline = Math.min(this.earliestDeadline, lease.validUntil);
      }
    }
    if (
      this.session &&
      !this.renewing &&
      now >= this.lastRenewal + this.renewEveryMs &&
      now >= this.retryAt
    )
      void this.renew(this.session);
  }

  private async renew(session: Session): Promise<void> {
    this.renewing = true;
    const started = performance.now();
    this.batch ??= this.batchOf(session);
    const { entries, keys } = this.batch;
    // the member keys' own TTLs: all set again together, every third of that TTL
    const refreshCount =
      started - this.lastKeyRefresh >= this.memberKeyTtlMs / 3 ? entries.length : 0;
    try {
      const answers = await this.onEveryMaster<RenewalAnswer>(
        async (client) => {
          const answer = await scripts.renew.run(client, keys, [
            session.id,
            this.options.ttlMs,
            this.memberKeyTtlMs,
            refreshCount,
          ]);
          return answer === -1
            ? { kind: 'session-gone' }
            : { kind: 'renewed', notMine: new Set(answer as number[]) };
        },
        { kind: 'no-answer' },
      );
      if (this.session !== session) return;
      const verdict = countRenewal(answers, entries.length);
      this.options.onRenewal?.(verdict.session === 'renewed', (performance.now() - started) / 1000);
      if (verdict.session === 'lost') return this.loseSession('session expired in Redis');
      const validUntil = started + this.validityMs();
      for (const i of verdict.lost) {
        const { lease } = entries[i];
        if (this.members.get(lease.resource)?.lease === lease)
          this.lose(lease.resource, 'taken over or expired in Redis');
      }
      for (const i of verdict.renewed) {
        const { lease } = entries[i];
        if (!lease.ended) lease.validUntil = validUntil;
      }
      if (verdict.session === 'renewed') {
        if (refreshCount > 0) this.lastKeyRefresh = started;
        session.validUntil = validUntil;
        this.lastRenewal = started;
        this.earliestDeadline = Infinity;
        for (const { lease } of this.members.values())
          this.earliestDeadline = Math.min(this.earliestDeadline, lease.validUntil);
      } else {
        this.retryAt = performance.now() + RETRY_DELAY_MS; // too few masters answered
      }
    } finally {
      this.renewing = false;
    }
  }

  private batchOf(session: Session): { entries: Member[]; keys: string[] } {
    const entries = [...this.members.values()].filter((m) => m.session === session);
    return { entries, keys: [session.key, ...entries.map((m) => this.key(m.lease.resource))] };
  }

  private setMember(resource: string, member: Member): void {
    this.members.set(resource, member);
    this.batch = undefined;
  }

  private deleteMember(resource: string): void {
    if (this.members.delete(resource)) this.batch = undefined;
  }

  private async currentSession(): Promise<Session | undefined> {
    if (this.session) {
      if (this.session.validUntil - this.options.safetyMarginMs > performance.now())
        return this.session;
      this.loseSession('not renewed in time');
    }
    this.opening ??= this.openSession().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** A new session (random id) on a quorum of masters, or undefined. */
  private async openSession(): Promise<Session | undefined> {
    const id = randomBytes(12).toString('hex');
    const key = this.sessionKey(id);
    const started = performance.now();
    const answers = await this.onEveryMaster(
      async (client) => (await client.set(key, id, 'PX', this.options.ttlMs, 'NX')) === 'OK',
      false,
    );
    if (answers.filter(Boolean).length < quorumOf(this.clients.length)) {
      await this.onEveryMaster((client) => client.del(key), 0);
      return undefined;
    }
    this.session = { id, key, validUntil: started + this.validityMs() };
    this.lastRenewal = started;
    this.lastKeyRefresh = started; // its members' keys get their TTL when they are claimed
    this.batch = undefined;
    return this.session;
  }

  /** The session is gone: every member with it (each reported lost), and claims open a new one. */
  private loseSession(reason: string): void {
    this.session = undefined;
    for (const resource of [...this.members.keys()]) this.lose(resource, reason);
  }

  private lose(resource: string, reason: string): void {
    const member = this.members.get(resource);
    if (!member) return;
    this.deleteMember(resource);
    member.lease.end();
    this.options.onLost(resource, reason);
  }

  private async giveBack(key: string, session: Session): Promise<boolean> {
    const answers = await this.onEveryMaster(
      (client) => scripts.release.run(client, [key], [session.id]),
      0,
    );
    return answers.some((a) => a === 1);
  }

  /**
   * Runs `call` on every master at once; a master that fails, or has not answered within a TTL
   * (its answer could no longer keep anything valid), gives `fallback`.
   */
  private onEveryMaster<T>(call: (client: RedisClient) => Promise<T>, fallback: T): Promise<T[]> {
    return Promise.all(
      this.clients.map((client) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<T>((resolve) => {
          timer = setTimeout(() => resolve(fallback), this.options.ttlMs).unref();
        });
        return Promise.race([call(client).catch(() => fallback), late]).finally(() =>
          clearTimeout(timer),
        );
      }),
    );
  }

  private sessionKey(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  private validityMs(): number {
    // Redis expiry precision is 1 ms; redlock adds 2
    return this.options.ttlMs - (Math.round(this.driftFactor * this.options.ttlMs) + 2);
  }
}
