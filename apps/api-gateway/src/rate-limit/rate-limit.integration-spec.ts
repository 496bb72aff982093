import type { ApiClient } from '@platform/testing';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { RequestGate } from './request-gate';

// Per-address and per-user request limits, counted in Redis (the two-process case is in e2e/).
describe('rate limits', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_IP_PER_MIN: '12',
      RATE_LIMIT_PER_USER_PER_MIN: '5',
    });
    api = bed.api;
  });

  afterAll(() => bed?.close());

  it('per address: RateLimit-* headers count down, then 429 with Retry-After; other addresses go on', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await api.get('/docs/openapi.json', { headers: from('192.0.2.1') });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe('12');
      expect(Number(answer.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      remaining.push(Number(answer.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const limited = await api.get('/docs/openapi.json', { headers: from('192.0.2.1') });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'rate_limited',
      message: expect.stringContaining('address'),
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await api.get('/docs/openapi.json', { headers: from('192.0.2.2') })).status).toBe(200);
  });

  it('requests arriving together are each counted once, with their own session', async () => {
    // four addresses and two users at once: every request its own count, the sessions each their own
    const ann = await api.signIn('together-a@example.com', undefined, from('192.0.2.20'));
    const bob = await api.signIn('together-b@example.com', undefined, from('192.0.2.21'));
    const calls = Array.from({ length: 16 }, (_, i) =>
      i % 4 === 0
        ? api.get('/auth/me', { token: ann, headers: from('192.0.2.30') })
        : i % 4 === 1
          ? api.get('/auth/me', { token: bob, headers: from('192.0.2.31') })
          : api.get('/docs/openapi.json', { headers: from(`192.0.2.${32 + (i % 2)}`) }),
    );
    const answers = await Promise.all(calls);
    const remainingOf = (indexes: number[]) =>
      indexes
        .map((i) => Number(answers[i].headers.get('ratelimit-remaining')))
        .sort((a, b) => b - a);
    // each user 4 requests of their 5: 4, 3, 2, 1 left, whichever came first
    expect(answers.filter((_, i) => i % 4 < 2).every((a) => a.status === 200)).toBe(true);
    expect(remainingOf([0, 4, 8, 12])).toEqual([4, 3, 2, 1]);
    expect(remainingOf([1, 5, 9, 13])).toEqual([4, 3, 2, 1]);
    expect(answers[0].body).toMatchObject({ email: 'together-a@example.com' });
    expect(answers[1].body).toMatchObject({ email: 'together-b@example.com' });
    // each anonymous address 4 of its 12
    expect(remainingOf([2, 6, 10, 14])).toEqual([11, 10, 9, 8]);
    expect(remainingOf([3, 7, 11, 15])).toEqual([11, 10, 9, 8]);
  });

  it('the requests of one turn of the event loop are admitted in one Redis call', async () => {
    const redis = bed.connectRedis();
    const scriptCalls = async () => {
      const stats = await redis.info('commandstats');
      return ['evalsha', 'eval'].reduce(
        (n, command) =>
          n + Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0),
        0,
      );
    };
    const gate = bed.gateway.app.get(RequestGate);
    await gate.admit('192.0.2.40', null); // the script is loaded
    const before = await scriptCalls();
    const admissions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gate.admit(`192.0.2.${41 + (i % 2)}`, null)),
    );
    expect((await scriptCalls()) - before).toBe(1);
    const counts = (ip: number) => admissions.filter((_, i) => i % 2 === ip).map((a) => a.ip.count);
    expect(counts(0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(counts(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(admissions.every((a) => a.session === null && a.user === null)).toBe(true);
    redis.disconnect();
  });

  it('per address: unknown routes count too, health probes never', async () => {
    for (let i = 0; i < 12; i++) await api.get('/nothing-here', { headers: from('192.0.2.3') });
    expect((await api.get('/nothing-here', { headers: from('192.0.2.3') })).status).toBe(429);
    const live = await api.get('/health/live', { headers: from('192.0.2.3') });
    expect(live.status).toBe(200);
    expect(live.headers.get('ratelimit-limit')).toBeNull();
  });

  it('per user: the limit follows the account across addresses; other users go on', async () => {
    const token = await api.signIn('busy@example.com', undefined, from('192.0.2.10'));
    const calm = await api.signIn('calm@example.com', undefined, from('192.0.2.11'));
    for (let i = 0; i < 5; i++) {
      const answer = await api.get('/auth/me', { token, headers: from(`198.51.100.${i}`) });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe('5'); // the tighter of the two limits
    }
    const limited = await api.get('/auth/me', { token, headers: from('198.51.100.99') });
    expect(limited.status).toBe(429);
    expect(limited.body.message).toContain('account');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await api.get('/auth/me', { token: calm, headers: from('198.51.100.99') })).status,
    ).toBe(200);
  });
});
