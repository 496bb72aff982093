import { TestRedisServer, waitFor } from '@platform/testing';
import { createRedis, type RedisClient } from './create-redis';
import { subscribeWhenReady } from './subscribe-when-ready';

// Subscriptions asked for before the connection is ready, against a real redis-server. Asked
// from the 'connect' event (the handshake under way), a plain `client.subscribe` is lost for
// good with ioredis 5.11 (redis/ioredis#2037): 20 of 20 tries here heard nothing.
describe('subscribeWhenReady', () => {
  let redis: TestRedisServer;
  const clients: RedisClient[] = [];
  const connect = (...args: Parameters<typeof createRedis>) => {
    const client = createRedis(...args);
    clients.push(client);
    return client;
  };
  /** Publishes until the subscriber hears it (a subscription is in place only once heard). */
  const hears = (heard: string[], channel: string, message: string) => {
    const publisher = connect(redis.url, 'command');
    return waitFor(`"${message}" on ${channel}`, async () => {
      await publisher.publish(channel, message);
      return heard.includes(message);
    });
  };

  beforeEach(async () => {
    redis = await TestRedisServer.start();
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.disconnect());
    await redis.stop();
  });

  it('asked during the handshake, the subscription holds (and again after a restart)', async () => {
    const subscriber = connect(redis.url, 'subscriber');
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    const subscribed = new Promise<void>((resolve, reject) =>
      subscriber.once('connect', () =>
        subscribeWhenReady(subscriber, { channels: ['news'] }).then(resolve, reject),
      ),
    );
    await subscribed;
    await hears(heard, 'news', 'first');

    await redis.stop();
    await redis.start();
    await hears(heard, 'news', 'after the restart');
  });

  it('connects a lazy connection, for channels and patterns alike', async () => {
    const subscriber = connect(redis.url, 'subscriber', { lazyConnect: true });
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) =>
      heard.push(message),
    );
    await subscribeWhenReady(subscriber, { channels: ['plain'], patterns: ['bots.*'] });
    await hears(heard, 'plain', 'on the channel');
    await hears(heard, 'bots.42', 'on the pattern');
  });

  it('while Redis is away: gives up after the timeout given, or subscribes once it is back', async () => {
    await redis.stop();
    const impatient = connect(redis.url, 'subscriber');
    await expect(subscribeWhenReady(impatient, { channels: ['news'] }, 300)).rejects.toThrow(
      'Redis was not ready within 300 ms to subscribe',
    );

    const patient = connect(redis.url, 'subscriber');
    const heard: string[] = [];
    patient.on('message', (_channel: string, message: string) => heard.push(message));
    const subscribed = subscribeWhenReady(patient, { channels: ['news'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();
    await subscribed;
    await hears(heard, 'news', 'once back');
  });
});
