import { Inject, Injectable, Optional } from '@nestjs/common';
import { CacheMetrics } from '@platform/service-kit';
import { weakEtag } from '../http/etag';

export const BOTS_LIST_CACHE_MS = Symbol('BOTS_LIST_CACHE_MS');

/**
 * A page as it goes on the wire: its JSON as UTF-8 bytes (sent as they are, no copy per
 * request) and their weak ETag (the one Express computed, which clients may hold).
 */
export interface SerializedPage {
  body: Buffer;
  etag: string;
}

interface Entry {
  /** When the query behind `page` (or `pending`) started: its data are at least this recent. */
  startedAt: number;
  page?: SerializedPage;
  /** The first build, which requests wait for. */
  pending?: Promise<SerializedPage>;
  /** Builds the page again (the query of the request that made the entry). */
  build: () => Promise<unknown>;
  /** A refresh ahead of expiry is running (requests keep getting `page` meanwhile). */
  refreshing: boolean;
  bytes: number;
}

/** A page asked for after this share of its time is rebuilt in the background. */
const REFRESH_AT = 0.75;

const cacheKey = (userId: string, version: string, query: string) =>
  `${userId}\n${version}\n${query}`;

/** Beyond this much JSON held, the oldest pages go first (about 500 pages of 50 bots). */
const MAX_BYTES = 16 * 1024 * 1024;

export { weakEtag };

export const serializePage = (page: unknown): SerializedPage => {
  const body = Buffer.from(JSON.stringify(page), 'utf8');
  return { body, etag: weakEtag(body) };
};

/**
 * GET /bots pages of this gateway process, serialized, for at most `ttlMs` (1 s by default).
 *
 * A page is keyed by user, query and the user's **bots version**: a token in Redis that every
 * write to the user's bots through any gateway replaces (create, update, delete, start, stop;
 * BotsVersions) after its commit and before it answers, and that the request gate reads with
 * the session in its one round trip. So after a write has answered, a list on any replica
 * carries the new version and misses: writes through the API are never served stale.
 * What workers change (a claim, the last tick, a release, an engine error) bumps no version:
 * it shows up at most `ttlMs` late, counted from when the query that built the page started.
 *
 * Concurrent misses of one key share one query; a failed build is not kept. A page still
 * asked for in the last quarter of its time is rebuilt in the background while it is served,
 * so a busy list does not make all its callers wait for Postgres once per `ttlMs`.
 */
@Injectable()
export class BotListCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly refreshAfterMs: number;

  constructor(
    @Inject(BOTS_LIST_CACHE_MS) private readonly ttlMs: number,
    @Optional() private readonly metrics?: CacheMetrics,
  ) {
    this.refreshAfterMs = ttlMs * REFRESH_AT;
  }

  /** The page of `query` for `userId` at `version` (undefined: not cacheable, build it). */
  get(
    userId: string,
    version: string | undefined,
    query: string,
    build: () => Promise<unknown>,
  ): Promise<SerializedPage> {
    if (this.ttlMs <= 0 || version === undefined) return build().then(serializePage);
    const key = cacheKey(userId, version, query);
    const now = performance.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.startedAt < this.ttlMs) {
      this.metrics?.hit('bot-list');
      if (!entry.page) return entry.pending as Promise<SerializedPage>;
      this.refreshIfOld(key, entry, now);
      return Promise.resolve(entry.page);
    }
    this.metrics?.miss('bot-list');
    if (entry) this.drop(key, entry);
    return this.start(key, now, build);
  }

  /** The page if one is in memory and fresh, without side effects (for tests). */
  peek(userId: string, version: string, query: string): SerializedPage | undefined {
    const entry = this.entries.get(cacheKey(userId, version, query));
    return entry?.page && performance.now() - entry.startedAt < this.ttlMs ? entry.page : undefined;
  }

  /** Pages held (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private start(key: string, startedAt: number, build: () => Promise<unknown>) {
    const entry: Entry = { startedAt, build, refreshing: false, bytes: 0 };
    const pending = build().then(
      (page) => {
        const serialized = serializePage(page);
        if (this.entries.get(key) === entry) {
          entry.page = serialized;
          entry.pending = undefined;
          this.account(entry, serialized);
        }
        return serialized;
      },
      (error: unknown) => {
        if (this.entries.get(key) === entry) this.drop(key, entry);
        throw error;
      },
    );
    entry.pending = pending;
    this.entries.set(key, entry);
    return pending;
  }

  private refreshIfOld(key: string, entry: Entry, now: number) {
    if (entry.refreshing || now - entry.startedAt < this.refreshAfterMs) return;
    entry.refreshing = true;
    entry.build().then(
      (page) => {
        if (this.entries.get(key) !== entry) return; // expired or evicted meanwhile
        const serialized = serializePage(page);
        this.drop(key, entry);
        const fresh: Entry = {
          startedAt: now,
          page: serialized,
          build: entry.build,
          refreshing: false,
          bytes: 0,
        };
        this.entries.set(key, fresh); // at the end again: the eviction order is by age
        this.account(fresh, serialized);
      },
      // the page expires as planned; the next request builds (and reports) again
      () => undefined,
    );
  }

  private account(entry: Entry, page: SerializedPage) {
    entry.bytes = page.body.length;
    this.bytes += entry.bytes;
    this.evict();
  }

  /** Expired pages from the oldest on (the map keeps insertion order), then any over the cap. */
  private evict() {
    const now = performance.now();
    for (const [key, entry] of this.entries) {
      const expired = now - entry.startedAt >= this.ttlMs;
      if (!expired && this.bytes <= MAX_BYTES) break;
      if (entry.page) this.drop(key, entry);
    }
  }

  private drop(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
