import { Logger } from '@nestjs/common';
import { botStatusEvent, type LiveEvent, liveChannel } from '@platform/contracts';
import { createRedis, type RedisClient } from '@platform/redis';
import { TestRedisServer, waitFor } from '@platform/testing';
import { LivePublisher } from './live-publisher';

describe('LivePublisher against a real redis-server', () => {
  let redis: TestRedisServer;
  let listener: RedisClient;
  const heard: LiveEvent[] = [];
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    listener = createRedis(redis.url, 'subscriber');
    listener.on('message', (_channel: string, message: string) => heard.push(JSON.parse(message)));
    await listener.subscribe(liveChannel('u-1'));
  });

  afterAll(async () => {
    listener.disconnect();
    await redis.stop();
    warn.mockRestore();
  });

  it("publishes each event on its user's channel", async () => {
    const publisher = LivePublisher.connect(redis.url);
    const event = botStatusEvent('b-1', 'running');
    publisher.publish('u-2', botStatusEvent('b-2', 'running')); // another user's channel
    publisher.publish('u-1', event);
    await waitFor('the event', () => heard.length > 0);
    expect(heard).toEqual([event]);
    await publisher.close();
  });

  it('never throws while Redis is away, and says so once per outage', async () => {
    const publisher = LivePublisher.connect(redis.url);
    await redis.stop();
    warn.mockClear();
    for (let i = 0; i < 20; i++) publisher.publish('u-1', botStatusEvent('b-1', 'error', { reason: 'x' }));
    await waitFor('the warning', () => warn.mock.calls.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // every publish has failed
    expect(warn).toHaveBeenCalledTimes(1);

    await redis.start();
    heard.length = 0;
    await waitFor('publishing again', () => {
      publisher.publish('u-1', botStatusEvent('b-1', 'running'));
      return heard.length > 0;
    });
    expect(warn).toHaveBeenCalledTimes(1);
    await publisher.close();
  });

  it('over a shared connection: close() leaves the connection to its owner', async () => {
    const shared = createRedis(redis.url, 'command');
    const publisher = LivePublisher.over(shared);
    await publisher.close();
    expect(await shared.ping()).toBe('PONG');
    shared.disconnect();
  });
});
