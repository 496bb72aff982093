import type { ApiClient } from '@platform/testing';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

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
