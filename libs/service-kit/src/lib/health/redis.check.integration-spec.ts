import { TestRedisServer, waitFor } from '@platform/testing';
import { RedisCheck } from './redis.check';

describe('RedisCheck against a real redis-server', () => {
  let redis: TestRedisServer;
  let check: RedisCheck;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    check = new RedisCheck(redis.url);
  });

  afterAll(async () => {
    await check.close();
    await redis.stop();
  });

  const isUp = () =>
    check.check().then(
      () => true,
      () => false,
    );

  it('is up, goes down when Redis stops, and comes back by itself when it restarts', async () => {
    await waitFor('redis check up', isUp);

    await redis.stop();
    const started = Date.now();
    await expect(check.check()).rejects.toThrow(/not connected|Connection|closed|writeable/i);
    expect(Date.now() - started).toBeLessThan(1000); // fails fast: no offline queue

    await redis.start();
    await waitFor('redis check up again', isUp, { timeoutMs: 10000 });
  });
});
