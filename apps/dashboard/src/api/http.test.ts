import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test-support';
import { ApiError } from './api-error';
import { connection } from './connection';
import { request } from './http';
import { sessionStore } from './session';

afterEach(() => vi.unstubAllGlobals());

const session = {
  token: 'tok',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'u', email: 'a@b.co', role: 'user' as const },
};

describe('request', () => {
  it('marks the server unreachable on a network failure and reachable again on the next answer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await request('/portfolio').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetwork).toBe(true);
    expect(connection.get()).toBe(false);
    fakeFetch({ status: 200, body: { ok: true } });
    await request('/portfolio');
    expect(connection.get()).toBe(true);
  });

  it('sends the session’s token and ends the session on a 401', async () => {
    sessionStore.set(session);
    const calls = fakeFetch({
      status: 401,
      body: { statusCode: 401, code: 'unauthorized', message: 'sign in again' },
    });
    await expect(request('/bots')).rejects.toMatchObject({ status: 401, message: 'sign in again' });
    expect(calls).toHaveLength(1);
    expect(sessionStore.get()).toBeNull();
  });

  it('explains a plan limit and keeps field errors of a 400', async () => {
    fakeFetch(
      {
        status: 403,
        body: {
          statusCode: 403,
          code: 'plan_limit',
          message: 'the free plan runs at most 2 bots at once',
        },
      },
      {
        status: 400,
        body: {
          statusCode: 400,
          code: 'validation_failed',
          message: 'invalid',
          errors: [{ field: 'symbol', message: 'must be a unified symbol like BTC/USDT' }],
        },
      },
    );
    await expect(request('/bots/x/start', { method: 'POST' })).rejects.toMatchObject({
      code: 'plan_limit',
      message: 'the free plan runs at most 2 bots at once',
    });
    const invalid = (await request('/bots', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(invalid.fieldMessage('symbol')).toBe('must be a unified symbol like BTC/USDT');
  });
});
