import { BotListCache, weakEtag } from './bot-list-cache';

describe('BotListCache', () => {
  let builds: number;
  const build = (value: unknown) => () => {
    builds++;
    return Promise.resolve(value);
  };

  beforeEach(() => (builds = 0));

  it('serves one user, version and query from memory; another version, query or user builds', async () => {
    const cache = new BotListCache(60_000);
    const first = await cache.get('u1', 'v1', '50', build({ items: [1] }));
    expect(first.body.toString()).toBe('{"items":[1]}');
    expect(await cache.get('u1', 'v1', '50', build({ items: [2] }))).toBe(first);
    expect(builds).toBe(1);
    expect((await cache.get('u1', 'v2', '50', build({ items: [3] }))).body.toString()).toBe(
      '{"items":[3]}',
    );
    expect((await cache.get('u1', 'v2', '10', build({ items: [4] }))).body.toString()).toBe(
      '{"items":[4]}',
    );
    expect((await cache.get('u2', 'v2', '10', build({ items: [5] }))).body.toString()).toBe(
      '{"items":[5]}',
    );
    expect(builds).toBe(4);
  });

  describe('in time (fake clock)', () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
    afterEach(() => jest.useRealTimers());
    const later = (ms: number) => jest.advanceTimersByTime(ms);

    it('keeps a page at most its time, counted from the start of the query that built it', async () => {
      const cache = new BotListCache(150);
      let answer!: (value: unknown) => void;
      const first = cache.get('u1', 'v1', '50', () => {
        builds++;
        return new Promise((resolve) => (answer = resolve));
      });
      later(100); // the query takes 100 ms
      answer({ at: 'first' });
      await first;
      later(49); // 149 ms after the query started
      expect(cache.peek('u1', 'v1', '50')?.body.toString()).toBe('{"at":"first"}');
      later(1); // 150 ms: gone, though it was answered only 50 ms ago
      expect(cache.peek('u1', 'v1', '50')).toBeUndefined();
      const second = await cache.get('u1', 'v1', '50', build({ at: 'second' }));
      expect(second.body.toString()).toBe('{"at":"second"}');
      expect(builds).toBe(2);
    });

    it('a page asked for late in its time is rebuilt in the background while it is served', async () => {
      const cache = new BotListCache(200);
      let n = 0;
      const counting = () => {
        builds++;
        return Promise.resolve({ n: ++n });
      };
      expect((await cache.get('u1', 'v1', '50', counting)).body.toString()).toBe('{"n":1}');
      later(149); // before 3/4 of its time: just served
      expect((await cache.get('u1', 'v1', '50', counting)).body.toString()).toBe('{"n":1}');
      expect(builds).toBe(1);
      later(11); // past 3/4: still served at once, rebuilt behind it
      expect((await cache.get('u1', 'v1', '50', counting)).body.toString()).toBe('{"n":1}');
      expect(builds).toBe(2);
      await Promise.resolve();
      later(100); // the first page would have expired by now; the rebuilt one has not
      expect(cache.peek('u1', 'v1', '50')?.body.toString()).toBe('{"n":2}');
      expect(builds).toBe(2);
    });

    it('forgets expired pages as new ones come', async () => {
      const cache = new BotListCache(50);
      for (let i = 0; i < 5; i++) await cache.get(`u${i}`, 'v', '50', build({ i }));
      later(70);
      await cache.get('u9', 'v', '50', build({}));
      expect(cache.size).toBe(1);
    });
  });

  it('concurrent misses share one build; a failed build is not kept', async () => {
    const cache = new BotListCache(60_000);
    let release!: (value: unknown) => void;
    const slow = () => {
      builds++;
      return new Promise((resolve) => (release = resolve));
    };
    const waiting = [1, 2, 3].map(() => cache.get('u1', 'v1', '50', slow));
    release({ items: [] });
    const pages = await Promise.all(waiting);
    expect(new Set(pages).size).toBe(1);
    expect(builds).toBe(1);

    const failing = () => {
      builds++;
      return Promise.reject(new Error('database down'));
    };
    await expect(cache.get('u1', 'v9', '50', failing)).rejects.toThrow('database down');
    expect((await cache.get('u1', 'v9', '50', build({ ok: true }))).body.toString()).toBe(
      '{"ok":true}',
    );
  });

  it('without a version (no session read) or with a time of 0 it always builds', async () => {
    const off = new BotListCache(0);
    await off.get('u1', 'v1', '50', build({}));
    await off.get('u1', 'v1', '50', build({}));
    const cache = new BotListCache(60_000);
    await cache.get('u1', undefined, '50', build({}));
    await cache.get('u1', undefined, '50', build({}));
    expect(builds).toBe(4);
    expect(off.size + cache.size).toBe(0);
  });

  it('computes the ETag Express would (size in hex, SHA-1 in base64)', () => {
    // express' default `etag` setting is the `etag` package with { weak: true }
    const etag = require('etag') as (body: Buffer, options: { weak: boolean }) => string;
    for (const json of [
      '{}',
      '{"name":"ünïcødé ✓"}',
      JSON.stringify({ items: Array(500).fill('x') }),
    ])
      expect(weakEtag(Buffer.from(json))).toBe(etag(Buffer.from(json), { weak: true }));
  });
});
